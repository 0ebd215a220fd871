"""Points on the Earth: the distance between two (where a visit was marked, the legs of a route)
and a point pasted from a map."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in whole metres (haversine; error well under 1 % at city scale)."""
    for lat in (lat1, lat2):
        if not -90 <= lat <= 90:
            raise ValueError(f"latitude out of range: {lat}")
    for lon in (lon1, lon2):
        if not -180 <= lon <= 180:
            raise ValueError(f"longitude out of range: {lon}")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


_POINT = re.compile(
    r"\s*(-?[0-9]{1,3}(?:[.,][0-9]{1,15})?)\s*(?:[,;]\s*|\s+)(-?[0-9]{1,3}(?:[.,][0-9]{1,15})?)\s*"
)
MICRODEGREE = Decimal("0.000001")


def parse_point(text: str) -> tuple[Decimal, Decimal]:
    """«55.354727, 86.087314» as copied from a map (decimal commas and «;» too) → latitude and
    longitude rounded to a millionth of a degree (about 10 cm). ValueError (Russian) otherwise."""
    found = _POINT.fullmatch(text)
    if found is None:
        raise ValueError("Вставьте координаты как «55.354727, 86.087314»: широта, затем долгота.")
    latitude, longitude = (
        Decimal(part.replace(",", ".")).quantize(MICRODEGREE, ROUND_HALF_UP)
        for part in found.groups()
    )
    if not -90 <= latitude <= 90:
        raise ValueError("Широта — от −90 до 90.")
    if not -180 <= longitude <= 180:
        raise ValueError("Долгота — от −180 до 180.")
    return latitude, longitude
