"""pracbase: the open knowledge base of what cities do to prevent hate, violent extremism
and polarisation.

    >>> import pracbase
    >>> kb = pracbase.load(".")          # a working tree of records
    >>> kb = pracbase.load_bundled()     # or the snapshot shipped with pracbase
    >>> [p.title.get("en").text for p in kb.find_practices(level="tertiary")][:1]
"""

import typing as _typing
from importlib import import_module as _import_module

from pracbase.errors import LoadError, NotFoundError, PracbaseError, Problem
from pracbase.graph import CityProfile, Graph, Hub, Neighbours, Related
from pracbase.kb import KnowledgeBase, Stats
from pracbase.loader import bundled_path, load, load_bundled, validate
from pracbase.models import (
    Actor,
    City,
    Coordinates,
    Evaluation,
    Framework,
    Link,
    LocalizedText,
    Membership,
    PartnershipProfile,
    Period,
    Practice,
    Project,
    Record,
    Source,
    Translation,
)
from pracbase.taxonomy import TAXONOMY, Taxonomy, Term, Vocabulary

if _typing.TYPE_CHECKING:
    from pracbase.export import to_csv as export_csv
    from pracbase.export import to_geojson as export_geojson
    from pracbase.export import to_json as export_json
    from pracbase.export import to_jsonld as export_jsonld
    from pracbase.peers import Peer, Reason, VisitPlan, VisitStop
    from pracbase.schema import json_schema
    from pracbase.search import Hit, SearchIndex
    from pracbase.templates import template as record_template

# Services with heavy imports (Whoosh, the schema generator) load on first use, so
# `import pracbase` and `pracbase validate` stay fast: name -> (module, attribute).
_LAZY: dict[str, tuple[str, str]] = {
    "export_csv": ("pracbase.export", "to_csv"),
    "export_geojson": ("pracbase.export", "to_geojson"),
    "export_json": ("pracbase.export", "to_json"),
    "export_jsonld": ("pracbase.export", "to_jsonld"),
    "Peer": ("pracbase.peers", "Peer"),
    "Reason": ("pracbase.peers", "Reason"),
    "VisitPlan": ("pracbase.peers", "VisitPlan"),
    "VisitStop": ("pracbase.peers", "VisitStop"),
    "json_schema": ("pracbase.schema", "json_schema"),
    "Hit": ("pracbase.search", "Hit"),
    "SearchIndex": ("pracbase.search", "SearchIndex"),
    "record_template": ("pracbase.templates", "template"),
}


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(_import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pracbase' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

__version__ = "0.2.0"
"""pracbase's version (semantic versioning): the one place it is set; see CHANGELOG.md."""

__all__ = [
    "TAXONOMY",
    "Actor",
    "City",
    "CityProfile",
    "Coordinates",
    "Evaluation",
    "Framework",
    "Graph",
    "Hit",
    "Hub",
    "KnowledgeBase",
    "Link",
    "LoadError",
    "LocalizedText",
    "Membership",
    "Neighbours",
    "NotFoundError",
    "PartnershipProfile",
    "Peer",
    "Period",
    "PracbaseError",
    "Practice",
    "Problem",
    "Project",
    "Reason",
    "Record",
    "Related",
    "SearchIndex",
    "Source",
    "Stats",
    "Taxonomy",
    "Term",
    "Translation",
    "VisitPlan",
    "VisitStop",
    "Vocabulary",
    "__version__",
    "bundled_path",
    "export_csv",
    "export_geojson",
    "export_json",
    "export_jsonld",
    "json_schema",
    "load",
    "load_bundled",
    "record_template",
    "validate",
]
