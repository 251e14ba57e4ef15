"""Places: distances between cities and the languages spoken where they are.

Every distance pracbase shows goes through :func:`rounded_km` (one decimal in data) and
:func:`km_text` (whole kilometres in words), so one distance reads the same everywhere.
"""

from __future__ import annotations

import math

from babel.core import get_global
from babel.numbers import format_decimal

from pracbase.models import City, Coordinates

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance between two points, in kilometres (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def rounded_km(km: float) -> float:
    """A distance as pracbase gives it in data: kilometres to one decimal."""
    return round(km, 1)


def whole_km(km: float) -> int:
    """A distance in whole kilometres: :func:`rounded_km`, then half up (11.46 → 11.5 → 12).

    Rounding the data value, never the raw distance, is what keeps a distance the same in
    every text, whether it was first rounded for data (a visit stop's ``hop_km``) or not.
    """
    return math.floor(rounded_km(km) + 0.5)


def km_text(km: float, lang: str) -> str:
    """A distance in words: :func:`whole_km`, written the language's way (``1,204``, ``1 204``)."""
    return format_decimal(whole_km(km), locale=lang)


def languages_of(city: City) -> list[str]:
    """Languages spoken officially where ``city`` is, most spoken first (Babel's territory data).

    The country's official languages, plus its regional official languages that the city
    record names itself in (``ca`` for Catalonia).
    """
    spoken = get_global("territory_languages").get(city.country, {})
    named = set(city.names.languages)
    found = [(info.get("population_percent") or 0.0, code) for code, info in spoken.items()
             if "_" not in code and (info.get("official_status") in ("official", "de_facto_official")
                                     or (info.get("official_status") == "official_regional" and code in named))]
    return [code for _, code in sorted(found, key=lambda pc: (-pc[0], pc[1]))]
