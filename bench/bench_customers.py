"""Customer create through the service, and the customer list's first and last pages."""

from __future__ import annotations

import itertools

from bench.context import BenchContext
from bench.report import time_calls

COUNTER = itertools.count(1)
CREATES = 300
PAGES = 100


def run(context: BenchContext) -> None:
    from forecourt.changes.models import Channel
    from forecourt.customers.listing import (
        CustomerFilter,
        bounded_count,
        customer_filtered,
        keyset_page,
        timeframe_start,
    )
    from forecourt.customers.selectors import customer_list
    from forecourt.customers.services import customer_create

    dealer = context.dealer

    def create() -> None:
        n = next(COUNTER)
        customer_create(
            dealer=dealer,
            by=None,
            channel=Channel.SYSTEM,
            data={
                "first_name": "Bench",
                "last_name": f"Customer{n}",
                "phone_mobile": "07911 123456",
                "postal_code": "M3 2BW",
                "country": "GB",
            },
        )

    report = context.report
    samples = time_calls(create, repeat=CREATES)
    report.add_latency(
        "customer_create() (validation, history, index)", samples, f"{CREATES} creates"
    )

    rows = customer_list(dealer=dealer)

    def page(flt: CustomerFilter, direction: str) -> None:
        queryset, _ = customer_filtered(dealer=dealer, flt=flt, queryset=rows)
        bounded_count(queryset)
        keyset_page(queryset, direction=direction)

    last_30 = CustomerFilter(registered_after=timeframe_start(30))
    everyone = CustomerFilter()
    for label, flt, direction in [
        ("customer list · last 30 days, first page", last_30, "next"),
        ("customer list · all time, first page", everyone, "next"),
        ("customer list · all time, last page", everyone, "last"),
    ]:
        samples = time_calls(lambda f=flt, d=direction: page(f, d), repeat=PAGES)
        report.add_latency(label, samples, "25 rows + count bounded at 10,000")
