"""Generate large realistic GB data sets fast: raw bulk inserts (COPY on PostgreSQL).

Used by `forecourt generate_data` and the benchmarks. Rows bypass the services on purpose
(a million history entries are not the point of a load test); the search index is filled
in bulk from the same values, so search works on generated data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

from django.db import connection, models, transaction

from forecourt.customers.models import Customer
from forecourt.search.documents import customer_document
from forecourt.search.models import SearchDocument

FIRST_NAMES = [
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Muhammad",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Leo",
    "Alfie",
    "Henry",
    "Joshua",
    "Freddie",
    "Archie",
    "Ethan",
    "Isaac",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Sophia",
    "Grace",
    "Mia",
    "Poppy",
    "Ella",
    "Lily",
    "Evie",
    "Isabella",
    "Sophie",
    "Ivy",
    "Freya",
    "Harper",
    "Willow",
    "Aisha",
    "Priya",
    "Mei",
    "Siobhan",
    "Gareth",
    "Rhys",
    "Niamh",
    "Ewan",
    "Fiona",
    "Callum",
    "Zara",
    "Imran",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Hughes",
    "Edwards",
    "Hill",
    "Turner",
    "Ward",
    "Harrison",
    "Cooper",
    "Martin",
    "Baker",
    "Morris",
    "King",
    "Scott",
    "Young",
    "Allen",
    "Hargreaves",
    "Whitworth",
    "Rahman",
    "O'Brien",
    "Chen",
    "Singh",
    "Murphy",
    "Walsh",
    "Kelly",
    "Byrne",
    "Ahmed",
    "Ali",
    "Hussain",
    "Begum",
    "Smyth",
    "Smithson",
]
OUTWARD = [
    "M1",
    "M2",
    "M3",
    "M4",
    "M14",
    "M20",
    "M32",
    "SK1",
    "SK4",
    "SK8",
    "WA1",
    "WA14",
    "BL1",
    "BL9",
    "OL1",
    "OL16",
    "WN1",
    "PR1",
    "L1",
    "L18",
    "CH1",
]
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
STREETS = [
    "Deansgate",
    "Oxford Road",
    "Wilmslow Road",
    "King Street",
    "Market Street",
    "Bridge Street",
    "Mill Lane",
]
CITIES = ("Manchester", "Stockport", "Warrington", "Bolton", "Oldham", "Wigan", "Preston")
MAKES = (
    ("Ford", "Focus"),
    ("Volkswagen", "Golf"),
    ("Vauxhall", "Corsa"),
    ("Toyota", "Yaris"),
    ("Nissan", "Qashqai"),
    ("BMW", "3 Series"),
    ("Kia", "Sportage"),
    ("Audi", "A3"),
)
COLOURS = ("Blue", "Black", "Silver", "Grey", "White", "Red")
FUELS = ("petrol", "diesel", "hybrid", "electric")
BATCH = 20_000


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


def _value(value: Any) -> Any:
    if connection.vendor == "sqlite":
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, dt.date):
            return value.isoformat()
    return value


def bulk_insert(model: type[models.Model], rows: Iterator[dict[str, Any]]) -> int:
    """Insert dicts of {attname: value} (other columns get their defaults) in batches."""
    fields = _columns(model)
    defaults = {f.attname: _prepared_default(f) for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    names = [f.attname for f in fields]
    total = 0
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        if not batch:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)
        batch.clear()

    for row in rows:
        batch.append(tuple(_value(row[n]) if n in row else defaults[n] for n in names))
        total += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return total


def _registration(n: int) -> str:
    letters, rest = divmod(n, 100)
    a, b = divmod(letters, len(LETTERS) ** 3)
    tail = "".join(LETTERS[(b // len(LETTERS) ** i) % len(LETTERS)] for i in range(3))
    head = LETTERS[a % len(LETTERS)] + LETTERS[(a // len(LETTERS)) % len(LETTERS)]
    return f"{head}{rest:02d} {tail}"


def generate(
    *,
    dealer: Any,
    customers: int,
    vehicles: int,
    seed: int = 2026,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Insert `customers` customers, `vehicles` vehicles (owned round-robin) and their index."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    base_account = Customer.for_dealer(dealer).count()
    people: list[SimpleNamespace] = []

    def inward_letters() -> str:
        return rng.choice(LETTERS) + rng.choice(LETTERS)

    for n in range(customers):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        mobile = f"+447{rng.randint(400000000, 999999999)}"
        people.append(
            SimpleNamespace(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                dealer_id=dealer.pk,
                title="",
                first_name=first,
                middle_name="",
                last_name=last,
                company_name="",
                contact_name="",
                email=f"{first}.{last}{n}@example.co.uk".lower().replace("'", ""),
                email_2="",
                phone_mobile=mobile,
                phone_home="",
                phone_work="",
                postal_code=f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}{inward_letters()}",
                account_number=f"ACC-{base_account + n + 1:07d}",
                created_at=now - dt.timedelta(seconds=rng.randint(0, 5 * 365 * 86400)),
                erased_at=None,
                merged_into_id=None,
            )
        )
    with transaction.atomic():
        bulk_insert(
            Customer,
            (
                {
                    "id": p.id,
                    "dealer_id": p.dealer_id,
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                    "email": p.email,
                    "phone_mobile": p.phone_mobile,
                    "postal_code": p.postal_code,
                    "account_number": p.account_number,
                    "country": "GB",
                    "address_line1": f"{n % 200 + 1} {STREETS[n % len(STREETS)]}",
                    "city": CITIES[n % len(CITIES)],
                    "created_at": p.created_at,
                    "updated_at": p.created_at,
                }
                for n, p in enumerate(people)
            ),
        )
    if progress:
        progress("customers", customers)
    owned: dict[int, list[tuple[str, str]]] = {}
    if vehicles and people:
        from forecourt.vehicles.models import Vehicle

        offset = rng.randint(0, 10**6) * 1000

        def vehicle_rows() -> Iterator[dict[str, Any]]:
            for n in range(vehicles):
                owner = n % len(people)
                registration = _registration(offset + n)
                vin = f"WF0XXGCD{offset + n:09d}"[-17:]
                owned.setdefault(owner, []).append((registration, vin))
                make, model = MAKES[n % len(MAKES)]
                yield {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "dealer_id": dealer.pk,
                    "registration": registration,
                    "registration_normalised": registration.replace(" ", ""),
                    "vin": vin,
                    "make": make,
                    "model": model,
                    "year": 2008 + n % 17,
                    "colour": COLOURS[n % len(COLOURS)],
                    "fuel": FUELS[n % len(FUELS)],
                    "customer_id": people[owner].id,
                    "created_at": now,
                    "updated_at": now,
                }

        with transaction.atomic():
            bulk_insert(Vehicle, vehicle_rows())
        if progress:
            progress("vehicles", vehicles)
    with transaction.atomic():
        bulk_insert(
            SearchDocument,
            (
                {
                    "dealer_id": dealer.pk,
                    "customer_id": p.id,
                    "document": customer_document(p, owned.get(n, [])),
                }
                for n, p in enumerate(people)
            ),
        )
    if progress:
        progress("search index", customers)
    return {"customers": customers, "vehicles": vehicles}
