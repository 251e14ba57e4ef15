"""pracbase: the open knowledge base of what cities do to prevent hate, violent extremism
and polarisation.

    >>> import pracbase
    >>> kb = pracbase.load(".")
    >>> [p.title.get("en").text for p in kb.find_practices(level="tertiary")][:1]
"""

from pracbase.errors import LoadError, NotFoundError, PracbaseError, Problem
from pracbase.graph import CityProfile, Graph, Hub, Neighbours, Related
from pracbase.kb import KnowledgeBase, Stats
from pracbase.loader import load, validate
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
from pracbase.peers import Peer, Reason, VisitPlan, VisitStop
from pracbase.search import Hit, SearchIndex
from pracbase.taxonomy import TAXONOMY, Taxonomy, Term, Vocabulary

__version__ = "0.1.0"

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
    "load",
    "validate",
]
