"""Generate large realistic GB data sets fast: raw bulk inserts (COPY on PostgreSQL).

Used by `forecourt generate_data` and the benchmarks. Rows bypass the services on purpose
(a million history entries are not the point of a load test); the search index is filled
in bulk from the same values by the same `customer_document()`, so search works on
generated data. Rows are built and written CHUNK customers at a time (with the vehicles
they own and their search documents), so memory stays flat whatever the size.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from queue import Empty
from types import SimpleNamespace
from typing import Any

from django.db import connection, models, transaction

from forecourt.customers.models import Customer
from forecourt.search.documents import customer_document
from forecourt.search.models import SearchDocument
from forecourt.search.services import (
    customer_list_indexes_drop,
    customer_list_indexes_ensure,
    search_bulk_load,
    search_trigram_index_drop,
    search_trigram_index_ensure,
)
from forecourt.transfers.sample_values import (
    CITIES,
    COLOURS,
    FIRST_NAMES,
    FUELS,
    LAST_NAMES,
    LETTERS,
    MAKES,
    OUTWARD,
    STREETS,
)
from forecourt.vehicles.registration import registration_normalise

MOBILE_RANGES = "45789"  # 074…, 075…, 077…, 078…, 079…: mobiles (076 is pagers)
CHUNK = 50_000
# A larger page cache while loading: index pages of random UUID keys stay in memory.
SQLITE_LOAD_CACHE_KIB = 512 * 1024


def _columns(model: type[models.Model]) -> list[models.Field]:
    # Auto-increment keys are left to the database.
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and f.get_internal_type() in ("AutoField", "BigAutoField"))
    ]


def _prepared_default(field: models.Field) -> Any:
    default = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(default)
    if default is None:
        return None
    return field.get_db_prep_save(default, connection)


class _Table:
    """Bulk writer of one model's table: rows are tuples in `names` order, DB-ready values."""

    def __init__(self, model: type[models.Model]):
        fields = _columns(model)
        self.names = [f.attname for f in fields]
        self.template = [_prepared_default(f) for f in fields]
        self.position = {name: i for i, name in enumerate(self.names)}
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out = list(self.template)
        for name, value in values.items():
            out[self.position[name]] = value
        return tuple(out)

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.names))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})", rows
                )


class _Stopwatch:
    """Seconds spent per phase of a load, for the report (where does the time go?)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def timed(self, name: str, items: Iterator[Any]) -> Iterator[Any]:
        """Yield from `items`, counting the time spent waiting for each as `name`."""
        while True:
            with self.phase(name):
                item = next(items, None)
            if item is None:
                return
            yield item


def _db_values() -> tuple[Callable[[uuid.UUID], Any], Callable[[dt.datetime], Any]]:
    """Return converters of UUIDs and aware datetimes to what the database driver stores."""
    if connection.vendor == "sqlite":
        return (
            lambda value: value.hex,
            lambda value: value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" "),
        )
    return (lambda value: value), (lambda value: value)


def _registration(n: int) -> str:
    letters, rest = divmod(n, 100)
    a, b = divmod(letters, len(LETTERS) ** 3)
    tail = "".join(LETTERS[(b // len(LETTERS) ** i) % len(LETTERS)] for i in range(3))
    head = LETTERS[a % len(LETTERS)] + LETTERS[(a // len(LETTERS)) % len(LETTERS)]
    return f"{head}{rest:02d} {tail}"


def _person(rng: random.Random, dealer_id: Any, n: int, account: int, now: dt.datetime) -> Any:
    """Return one customer's values as attributes (what `customer_document()` reads)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    letters = rng.choice(LETTERS) + rng.choice(LETTERS)
    return SimpleNamespace(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        dealer_id=dealer_id,
        title="",
        first_name=first,
        middle_name="",
        last_name=last,
        company_name="",
        contact_name="",
        email=f"{first}.{last}{n}@example.co.uk".lower().replace("'", ""),
        email_2="",
        phone_mobile=f"+447{rng.choice(MOBILE_RANGES)}{rng.randint(0, 99_999_999):08d}",
        phone_home="",
        phone_work="",
        postal_code=f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}{letters}",
        account_number=f"ACC-{account:07d}",
        created_at=now - dt.timedelta(seconds=rng.randint(0, 5 * 365 * 86400)),
        erased_at=None,
        merged_into_id=None,
    )


def _row_count(model: type[models.Model]) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - a model's table name
        return cursor.fetchone()[0]


def _existing_indexes(model: type[models.Model]) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


def _indexes_ensure(tables: Sequence[type[models.Model]]) -> None:
    """Create any of the models' plain indexes that are missing (built by sorting, in one go)."""
    editor = connection.schema_editor()
    with connection.cursor() as cursor:
        for model in tables:
            present = _existing_indexes(model)
            for index in model._meta.indexes:
                if index.name not in present:
                    cursor.execute(str(index.create_sql(model, editor)))
    customer_list_indexes_ensure()
    search_trigram_index_ensure()


@contextmanager
def _indexes_deferred(
    tables: Sequence[type[models.Model]], *, defer: bool, watch: _Stopwatch
) -> Iterator[None]:
    """Drop the models' plain (non-unique) indexes for a bulk load and build them after.

    Sorting a million keys once is far cheaper than a million random B-tree inserts; unique
    constraints stay, so the load still cannot create duplicates.
    """
    _indexes_ensure(tables)  # repair a load that was killed with its indexes dropped
    if not defer:
        yield
        return
    with connection.cursor() as cursor:
        for model in tables:
            for index in model._meta.indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(index.name)}")
    search_trigram_index_drop()
    customer_list_indexes_drop()
    try:
        yield
    finally:
        with watch.phase("building indexes"):
            _indexes_ensure(tables)


def _load_settings() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}")
        else:
            # Each COPY is one transaction: no need to flush it to disk before the next.
            cursor.execute("SET synchronous_commit = off")


def _after_load() -> None:
    from forecourt.vehicles.models import Vehicle

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -2000")
            # Statistics, as a maintained database has them: without, SQLite prefers an
            # index that gives the ORDER BY of `.first()` to the one that finds the row.
            cursor.execute("PRAGMA optimize")
        else:
            cursor.execute("SET synchronous_commit = on")
            for model in (Customer, SearchDocument, Vehicle):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _chunks(
    *,
    dealer_id: Any,
    customers: int,
    vehicles: int,
    seed: int,
    base_account: int,
    base_vehicle: int,
    tables: tuple[_Table, _Table, _Table],
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Yield (customer rows, vehicle rows, search document rows) CHUNK customers at a time.

    Vehicle n belongs to customer n % customers, so a chunk carries the vehicles it owns.
    """
    customer_table, vehicle_table, document_table = tables
    # Another run for the same dealer continues with new keys, plates and VINs.
    rng = random.Random(f"{seed}:{dealer_id}:{base_account}")
    now = dt.datetime.now(dt.UTC)
    uid, when = _db_values()
    db_dealer = uid(dealer_id)
    stamp = when(now)
    # Plates and VINs number on from the dealer's existing vehicles, from a start of its own.
    offset = random.Random(str(dealer_id)).randint(0, 10**8) + base_vehicle
    for start in range(0, customers, CHUNK):
        end = min(customers, start + CHUNK)
        people = [_person(rng, dealer_id, n, base_account + n + 1, now) for n in range(start, end)]
        owned: dict[int, list[tuple[str, str]]] = {}
        vehicle_rows = []
        for first in range(start, vehicles, customers):
            for n in range(first, min(vehicles, first + end - start)):
                owner = n % customers - start
                registration = _registration(offset + n)
                vin = f"WF0XXGCD{offset + n:09d}"[-17:]
                owned.setdefault(owner, []).append((registration, vin))
                make, model = MAKES[n % len(MAKES)]
                vehicle_rows.append(
                    vehicle_table.row(
                        {
                            "id": uid(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            "dealer_id": db_dealer,
                            "registration": registration,
                            "registration_normalised": registration_normalise(registration),
                            "vin": vin,
                            "make": make,
                            "model": model,
                            "year": 2008 + n % 17,
                            "colour": COLOURS[n % len(COLOURS)],
                            "fuel": FUELS[n % len(FUELS)],
                            "customer_id": uid(people[owner].id),
                            "created_at": stamp,
                            "updated_at": stamp,
                        }
                    )
                )
        customer_rows = []
        document_rows = []
        for i, p in enumerate(people):
            n = start + i
            created = when(p.created_at)
            customer_rows.append(
                customer_table.row(
                    {
                        "id": uid(p.id),
                        "dealer_id": db_dealer,
                        "first_name": p.first_name,
                        "last_name": p.last_name,
                        "email": p.email,
                        "phone_mobile": p.phone_mobile,
                        "postal_code": p.postal_code,
                        "account_number": p.account_number,
                        "country": "GB",
                        "address_line1": f"{n % 200 + 1} {STREETS[n % len(STREETS)]}",
                        "city": CITIES[n % len(CITIES)],
                        "created_at": created,
                        "updated_at": created,
                    }
                )
            )
            document_rows.append(
                document_table.row(
                    {
                        "dealer_id": db_dealer,
                        "customer_id": uid(p.id),
                        "document": customer_document(p, owned.get(i, [])),
                    }
                )
            )
        yield customer_rows, vehicle_rows, document_rows


def _produce(queue: Any, kwargs: dict[str, Any]) -> None:
    try:
        for chunk in _chunks(**kwargs):
            queue.put(chunk)
    finally:
        queue.put(None)


def _chunks_in_background(**kwargs: Any) -> Iterator[Any]:
    """Run `_chunks` in a forked process, so building rows overlaps writing them (2+ cores)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2)
    process = context.Process(target=_produce, args=(queue, kwargs), daemon=True)
    process.start()
    try:
        while True:
            try:
                chunk = queue.get(timeout=5)
            except Empty:
                if not process.is_alive():
                    raise RuntimeError("the row generator process died") from None
                continue
            if chunk is None:
                break
            yield chunk
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()
    if process.exitcode:
        raise RuntimeError(f"the row generator process failed (exit {process.exitcode})")


def generate(
    *,
    dealer: Any,
    customers: int,
    vehicles: int,
    seed: int = 2026,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Insert `customers` customers, `vehicles` vehicles (owned round-robin) and their index.

    Returns the row counts and the seconds spent per phase (`timings`).
    """
    from forecourt.vehicles.models import Vehicle

    vehicles = vehicles if customers > 0 else 0
    tables = (_Table(Customer), _Table(Vehicle), _Table(SearchDocument))
    kwargs = {
        "dealer_id": dealer.pk,
        "customers": customers,
        "vehicles": vehicles,
        "seed": seed,
        "base_account": Customer.for_dealer(dealer).count(),
        "base_vehicle": Vehicle.for_dealer(dealer).count(),
        "tables": tables,
    }
    background = customers > CHUNK and "fork" in multiprocessing.get_all_start_methods()
    chunks = _chunks_in_background(**kwargs) if background else _chunks(**kwargs)
    models_loaded = (Customer, Vehicle, SearchDocument)
    # Rebuilding indexes pays off when the load at least doubles the tables.
    defer = customers >= CHUNK and customers >= _row_count(Customer)
    watch = _Stopwatch()
    _load_settings()
    written = {"customers": 0, "vehicles": 0}
    try:
        with _indexes_deferred(models_loaded, defer=defer, watch=watch):
            for customer_rows, vehicle_rows, document_rows in watch.timed("building rows", chunks):
                with transaction.atomic():
                    with watch.phase("customers"):
                        tables[0].insert(customer_rows)
                    with watch.phase("vehicles"):
                        tables[1].insert(vehicle_rows)
                    with watch.phase("search documents and index"), search_bulk_load():
                        tables[2].insert(document_rows)
                written["customers"] += len(customer_rows)
                written["vehicles"] += len(vehicle_rows)
                if progress:
                    progress("customers", written["customers"])
        if progress and defer:
            progress("indexes built", written["customers"])
    finally:
        with watch.phase("statistics"):
            _after_load()
    if progress and vehicles:
        progress("vehicles", written["vehicles"])
    return {**written, "timings": watch.seconds}
