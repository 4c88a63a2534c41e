"""Write the filtered customer list to CSV or XLSX, streamed from the database in batches."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

EXPORT_COLUMNS = (
    "id",
    "external_id",
    "status",
    "kind",
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "company_name",
    "contact_name",
    "phone_mobile",
    "phone_home",
    "phone_work",
    "fax",
    "email",
    "email_2",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "county",
    "postal_code",
    "country",
    "account_number",
    "contact_phone",
    "contact_sms",
    "contact_email",
    "contact_post",
    "created_at",
)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
PROGRESS_EVERY = 10_000


def escape_cell(value: Any) -> str:
    """Return `value` as text a spreadsheet will never run: formula-like text gets a `'` prefix.

    Phones in E.164 (`+44…`) are prefixed too: a spreadsheet would otherwise read them as sums.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def export_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """Yield value tuples of EXPORT_COLUMNS through a server-side cursor, CHUNK_SIZE at a time."""
    return queryset.values_list(*EXPORT_COLUMNS).iterator(chunk_size=CHUNK_SIZE)


def _escaped(
    rows: Iterable[tuple[Any, ...]], progress: Callable[[int], None]
) -> Iterator[list[str]]:
    done = 0
    for row in rows:
        yield [escape_cell(v) for v in row]
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done)
    progress(done)


def write_csv(path: Path, rows: Iterable[tuple[Any, ...]], progress: Callable[[int], None]) -> None:
    """Write a UTF-8 (with BOM, for Excel) CSV with a header row."""
    with path.open("w", newline="", encoding="utf-8-sig", buffering=1 << 20) as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(_escaped(rows, progress))


def write_xlsx(
    path: Path, rows: Iterable[tuple[Any, ...]], progress: Callable[[int], None]
) -> None:
    """Write an XLSX in openpyxl's write-only mode (rows go to disk as they come)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Customers")
    sheet.append(list(EXPORT_COLUMNS))
    for row in _escaped(rows, progress):
        sheet.append(row)
    workbook.save(path)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
