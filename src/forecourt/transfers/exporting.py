"""Write the filtered customer list to CSV or XLSX, streamed from the database in batches."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI

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
_TRIGGER_CHARS = "".join(FORMULA_TRIGGERS)
CHUNK_SIZE = 2000
PROGRESS_EVERY = 10_000
_YES_NO = ("no", "yes")


def escape_cell(value: Any) -> str:
    """Return `value` as text a spreadsheet will never run: formula-like text gets a `'` prefix.

    Phones in E.164 (`+44…`) are prefixed too: a spreadsheet would otherwise read them as sums.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return _YES_NO[value]
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _uuid_text(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(uuid.UUID(value)) if value else ""  # SQLite stores the hex


def _datetime_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # a driver without datetime parsing
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite keeps UTC without an offset
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _bool_text(value: Any) -> str:
    return "" if value is None else _YES_NO[bool(value)]


def _row_formatter(queryset: QuerySet[Any]) -> Callable[[tuple[Any, ...]], list[str]]:
    """Return a function turning a database row of EXPORT_COLUMNS into escaped cells.

    Text columns (most of a row) take one check of their first character; the few typed
    columns are formatted by kind. Rows come straight from the driver: a million rows
    through Django's per-field converters and a per-cell function would double the time.
    """
    model = queryset.model
    kinds: list[Callable[[Any], str] | None] = []  # None: plain text, checked inline
    for name in EXPORT_COLUMNS:
        field = model._meta.get_field(name)
        if isinstance(field, models.UUIDField):
            kinds.append(_uuid_text)
        elif isinstance(field, models.DateTimeField):
            kinds.append(_datetime_text)
        elif isinstance(field, models.BooleanField):
            kinds.append(_bool_text)
        elif isinstance(field, (models.CharField, models.TextField)) and not field.null:
            kinds.append(None)
        else:
            kinds.append(escape_cell)
    text = [i for i, kind in enumerate(kinds) if kind is None]
    typed = [(i, kind) for i, kind in enumerate(kinds) if kind is not None]
    triggers = _TRIGGER_CHARS

    def format_row(row: tuple[Any, ...]) -> list[str]:
        out = list(row)
        for i in text:
            value = out[i]
            if value and value[0] in triggers:
                out[i] = "'" + value
        for i, kind in typed:
            out[i] = kind(out[i])
        return out

    return format_row


def export_rows(queryset: QuerySet[Any]) -> Iterator[list[str]]:
    """Yield the escaped cells of EXPORT_COLUMNS, CHUNK_SIZE rows at a time.

    On PostgreSQL the rows come through a server-side cursor (Django's chunked fetch, held
    outside a transaction, so progress updates commit as they go); SQLite steps through
    its result set. Memory stays flat whatever the size.
    """
    query = queryset.values_list(*EXPORT_COLUMNS).query
    compiler = query.get_compiler(using=queryset.db)
    format_row = _row_formatter(queryset)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK_SIZE)
    for chunk in chunks or []:
        for row in chunk:
            yield format_row(row)


def _counted(rows: Iterable[list[str]], progress: Callable[[int], None]) -> Iterator[list[str]]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done)
    progress(done)


def write_csv(path: Path, rows: Iterable[list[str]], progress: Callable[[int], None]) -> None:
    """Write a UTF-8 (with BOM, for Excel) CSV with a header row."""
    with path.open("w", newline="", encoding="utf-8-sig", buffering=1 << 20) as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(_counted(rows, progress))


def write_xlsx(path: Path, rows: Iterable[list[str]], progress: Callable[[int], None]) -> None:
    """Write an XLSX in openpyxl's write-only mode (rows go to disk as they come)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Customers")
    sheet.append(list(EXPORT_COLUMNS))
    for row in _counted(rows, progress):
        sheet.append(row)
    workbook.save(path)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
