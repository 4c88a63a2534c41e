"""Find the place of a postal code for address autofill (SPEC B3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError

from forecourt.customers.contact import postal_code_normalise
from forecourt.postcodes.loader import SECTOR_COUNTRIES, sector_of
from forecourt.postcodes.models import Postcode

DISTRICT_IS_CITY = frozenset({"IN"})


@dataclass(frozen=True)
class Place:
    """What a postal code fills on an address."""

    postal_code: str
    city: str
    region: str
    county: str
    country: str
    precision: str
    locality: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def postcode_lookup(*, country: str, code: str) -> Place | None:
    """Return the place of `code` in `country` (normalised first; CA dashes become spaces).

    Raises ValidationError for a malformed code or an unsupported country.
    """
    country = (country or "").upper()
    normalised = postal_code_normalise(code, country=country)
    if not normalised:
        raise ValidationError("Enter a postal code.")
    if country == "US":
        keys = [normalised[:5]]
    elif country in SECTOR_COUNTRIES:
        keys = [sector_of(country, normalised), normalised.split(" ")[0]]
    else:
        keys = [normalised]
    rows = {p.code: p for p in Postcode.objects.filter(country=country, code__in=keys)}
    for key in keys:
        row = rows.get(key)
        if row is not None:
            # An Indian PIN names its post office; the town people write is the district.
            city = row.county if country in DISTRICT_IS_CITY and row.county else row.place
            return Place(
                postal_code=normalised,
                city=city,
                region=row.region,
                county=row.county,
                country=country,
                precision="sector" if key != normalised and country in SECTOR_COUNTRIES else "code",
                locality=row.place if city != row.place else "",
            )
    return None
