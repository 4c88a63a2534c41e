"""The bench dealer, its generated data, and samples of it for the benchmarks to ask for."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench.report import Report, Target

BENCH_DEALER = "bench"
GENERATION_LIMIT_S = 180.0


@dataclass
class Sample:
    """One generated customer and its vehicle, as the benchmarks look them up."""

    customer: Any
    registration: str
    vin: str


def _warm_caches() -> None:
    """Read reused data back into memory, as a server that has been up holds it.

    Freshly generated data is still in the page cache; data reused after other runs (the
    other database's, say) is not, and the first searches would time the disk instead.
    """
    from django.conf import settings
    from django.db import connection

    print("warming caches…", flush=True)
    if connection.vendor == "sqlite":
        with open(settings.DATABASES["default"]["NAME"], "rb") as handle:
            while handle.read(1 << 24):
                pass
        return
    with connection.cursor() as cursor:
        for table in ("search_searchdocument", "customers_customer", "vehicles_vehicle"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names


@dataclass
class BenchContext:
    report: Report
    scale: int
    dealer: Any
    rng: random.Random = field(default_factory=lambda: random.Random(2026))

    @classmethod
    def prepare(cls, *, report: Report, scale: int, reuse: bool) -> BenchContext:
        """Create the bench dealer and generate `scale` customers + vehicles (timed)."""
        from forecourt.customers.models import Customer
        from forecourt.tenancy.models import Dealer
        from forecourt.tenancy.services import dealer_create
        from forecourt.transfers.generate import generate

        dealer = Dealer.objects.filter(slug=BENCH_DEALER).first() or dealer_create(
            slug=BENCH_DEALER, name="Bench Motors", country="GB"
        )
        have = Customer.for_dealer(dealer).count()
        context = cls(report=report, scale=scale, dealer=dealer)
        label = f"data generation ({scale:,} customers + {scale:,} vehicles + search index)"
        if reuse and have >= scale:
            if not any(row.bench == label and row.value for row in report.rows):
                report.add(label, "seconds", None, "s", f"reused {have:,} customers")
            _warm_caches()
            return context
        if have:
            raise SystemExit("The bench database already has data: run without --reuse.")
        print(f"generating {scale:,} customers and vehicles…", flush=True)
        start = time.perf_counter()
        cpu = time.process_time()
        result = generate(
            dealer=dealer,
            customers=scale,
            vehicles=scale,
            progress=lambda step, n: print(f"  {step}: {n:,}", flush=True),
        )
        elapsed = time.perf_counter() - start
        phases = ", ".join(f"{name} {s:,.0f} s" for name, s in result["timings"].items())
        print(f"  {phases}", flush=True)
        report.info["generation phases"] = phases
        note = f"loader CPU {time.process_time() - cpu:,.0f} s; rows built in a 2nd process"
        report.add(
            label,
            "seconds",
            elapsed,
            "s",
            note,
            Target(GENERATION_LIMIT_S) if scale >= 1_000_000 else None,
        )
        return context

    def samples(self, count: int, seed: int) -> list[Sample]:
        """Return `count` random generated customers with one of their vehicles each.

        Generated account numbers run ACC-0000001…, so each is one indexed read.
        """
        from forecourt.customers.models import Customer
        from forecourt.vehicles.models import Vehicle

        rng = random.Random(seed)
        out: list[Sample] = []
        customers = Customer.for_dealer(self.dealer)
        while len(out) < count:
            account = f"ACC-{rng.randint(1, self.scale):07d}"
            customer = customers.filter(account_number=account).first()
            if customer is None:
                continue
            vehicle = Vehicle.for_dealer(self.dealer).filter(customer=customer).first()
            if vehicle is None:
                continue
            out.append(Sample(customer, vehicle.registration, vehicle.vin))
        return out
