"""pracbase: the open knowledge base of what cities do to prevent hate, violent extremism
and polarisation.

    >>> import pracbase
    >>> kb = pracbase.load(".")          # a working tree of records
    >>> kb = pracbase.load_bundled()     # or the snapshot shipped with pracbase
    >>> [p.title.get("en").text for p in kb.find_practices(level="tertiary")][:1]
"""

import typing as _typing

from pracbase.errors import InvalidArgument, LoadError, NotFoundError, PracbaseError, Problem
from pracbase.export import to_csv as export_csv
from pracbase.export import to_geojson as export_geojson
from pracbase.export import to_json as export_json
from pracbase.export import to_jsonld as export_jsonld
from pracbase.graph import CityProfile, Graph, Hub, Neighbours, Related
from pracbase.kb import KnowledgeBase, Stats
from pracbase.loader import bundled_path, load, load_bundled, validate
from pracbase.models import (
    Actor,
    City,
    Coordinates,
    Evaluation,
    Framework,
    Guide,
    GuideStep,
    Link,
    LocalizedLine,
    LocalizedText,
    Membership,
    PartnershipProfile,
    Period,
    Practice,
    Project,
    Record,
    Reference,
    Source,
    StepRef,
    Translation,
)
from pracbase.peers import Peer, Reason
from pracbase.schema import json_schema
from pracbase.taxonomy import TAXONOMY, Taxonomy, Term, Vocabulary
from pracbase.templates import template as record_template
from pracbase.visit import VisitPlan, VisitStop

if _typing.TYPE_CHECKING:
    from pracbase.search import Hit, SearchIndex


def __getattr__(name: str) -> _typing.Any:
    """``Hit`` and ``SearchIndex`` load Whoosh (a third of a second) on first use, not at import."""
    if name in ("Hit", "SearchIndex"):
        from pracbase import search

        return getattr(search, name)
    raise AttributeError(f"module 'pracbase' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "Hit", "SearchIndex"})


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
    "Guide",
    "GuideStep",
    "Hit",
    "Hub",
    "InvalidArgument",
    "KnowledgeBase",
    "Link",
    "LoadError",
    "LocalizedLine",
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
    "Reference",
    "Related",
    "SearchIndex",
    "Source",
    "Stats",
    "StepRef",
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
