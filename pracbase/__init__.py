"""pracbase: the open knowledge base of what cities do to prevent hate, violent extremism
and polarisation.

    >>> import pracbase
    >>> kb = pracbase.load(".")
    >>> [p.title.get("en").text for p in kb.find_practices(level="tertiary")][:1]
"""

from pracbase.errors import LoadError, NotFoundError, PracbaseError, Problem
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
from pracbase.search import Hit, SearchIndex
from pracbase.taxonomy import TAXONOMY, Taxonomy, Term, Vocabulary

__version__ = "0.1.0"

__all__ = [
    "TAXONOMY",
    "Actor",
    "City",
    "Coordinates",
    "Evaluation",
    "Framework",
    "Hit",
    "KnowledgeBase",
    "Link",
    "LoadError",
    "LocalizedText",
    "Membership",
    "NotFoundError",
    "PartnershipProfile",
    "Period",
    "PracbaseError",
    "Practice",
    "Problem",
    "Project",
    "Record",
    "SearchIndex",
    "Source",
    "Stats",
    "Taxonomy",
    "Term",
    "Translation",
    "Vocabulary",
    "__version__",
    "load",
    "validate",
]
