"""The public API: ``__all__`` lists exactly the public names of ``pracbase``."""

import pracbase


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in dir(pracbase) if not name.startswith("_")} - {
        "cli", "errors", "graph", "i18n", "kb", "loader", "models", "taxonomy", "yamlio",
        "search", "peers", "export", "site", "schema", "templates", "fmt", "cache",
        "facets", "geo", "wording", "visit", "terminal", "_files", "_index",
        "api", "datapackage", "feed", "history", "release", "syntax",
    }
    assert set(pracbase.__all__) - {"__version__"} == public
    isort_style = sorted(pracbase.__all__, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))
    assert pracbase.__all__ == isort_style


def test_every_exported_name_resolves() -> None:
    """Lazily loaded names (search, exports, peers) resolve like the others."""
    for name in pracbase.__all__:
        assert getattr(pracbase, name) is not None, name
