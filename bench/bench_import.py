"""Import (SPEC F5) of a DMS feed through the import job: rows per second.

The feed has one customer per row (valid GB mobiles and postcodes) and a vehicle on every
other row, as a DMS would send it; every row goes through the same validation, history
(channel `import`) and search indexing as a customer created in the UI. It lands in a
dealer of its own, so the import also shows the cost at the size of the database.
"""

from __future__ import annotations

import csv
import random
import time
from pathlib import Path

import phonenumbers

from bench.context import BenchContext

ROWS_PER_SCALE = 10  # 100,000 rows at 1,000,000 customers
OUTWARD = ["M1", "M3", "M14", "SK4", "SK8", "WA1", "BL1", "OL16", "WN1", "PR1", "L18", "CH1"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
FIRST = ["Harriet", "Owen", "Priya", "Callum", "Niamh", "Imran", "Grace", "Rhys", "Zara", "Ewan"]
LAST = ["Lowe", "Whitworth", "Rahman", "Hargreaves", "Byrne", "Chen", "Okafor", "Walsh", "Singh"]
COLUMNS = [
    "external_id",
    "first_name",
    "last_name",
    "email",
    "phone_mobile",
    "address_line1",
    "city",
    "postal_code",
    "country",
    "registration",
    "vin",
    "make",
    "model",
    "year",
]


def _mobile(rng: random.Random) -> str:
    """Return a GB mobile number phonenumbers accepts, written as people write it."""
    while True:
        number = f"07{rng.randint(400, 999)} {rng.randint(100000, 999999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "GB")):
            return number


def write_feed(path: Path, rows: int, seed: int = 5) -> None:
    """Write a CSV feed of `rows` customers (every other one with a vehicle)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            mobile = _mobile(rng)
            postcode = f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}{rng.choice(LETTERS)}"
            postcode += rng.choice(LETTERS)
            vehicle = ["", "", "", "", ""]
            if n % 2 == 0:
                a, b = divmod(n, 1000)
                plate = (
                    f"{PLATE_LETTERS[a % 23]}{PLATE_LETTERS[(a // 23) % 23]}{b % 100:02d} "
                    f"Z{PLATE_LETTERS[(b // 100) % 23]}{PLATE_LETTERS[(a // 529) % 23]}"
                )
                vehicle = [plate, f"WF0ZZZGCD{n:08d}", "Ford", "Focus", str(2010 + n % 15)]
            writer.writerow(
                [
                    f"DMS-{n + 1:07d}",
                    first,
                    last,
                    f"{first}.{last}.{n}@example.org".lower(),
                    mobile,
                    f"{n % 300 + 1} High Street",
                    "Manchester",
                    postcode,
                    "GB",
                    *vehicle,
                ]
            )


def run(context: BenchContext) -> None:
    from django.conf import settings
    from django.core.files import File

    from forecourt.customers.models import Customer
    from forecourt.tenancy.models import Dealer
    from forecourt.tenancy.services import dealer_create
    from forecourt.transfers.models import TransferJob
    from forecourt.transfers.services import import_request, import_run

    rows = max(1000, context.scale // ROWS_PER_SCALE)
    slug = f"bench-import-{Dealer.objects.count()}"
    dealer = dealer_create(slug=slug, name="Bench Import Motors", country="GB")
    feed = Path(settings.FORECOURT_EXPORT_DIR) / "bench-feed.csv"
    feed.parent.mkdir(parents=True, exist_ok=True)
    write_feed(feed, rows)
    with feed.open("rb") as handle:
        job = import_request(
            dealer=dealer, by=None, upload=File(handle, name=feed.name), enqueue=False
        )
    print(f"  importing {rows:,} rows…", flush=True)
    start = time.perf_counter()
    import_run(
        job_id=job.pk,
        on_progress=lambda done, total: done % 10_000 == 0 and print(f"  {done:,}", flush=True),
    )
    seconds = time.perf_counter() - start
    job = TransferJob.for_dealer(dealer).get(pk=job.pk)
    created = Customer.for_dealer(dealer).count()
    feed.unlink(missing_ok=True)
    note = f"{created:,} customers created, {job.error_count} rows refused, {seconds:,.0f} s"
    context.report.add(f"import CSV · {rows:,} rows", "rows/s", rows / seconds, "rows/s", note)
