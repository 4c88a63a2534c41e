"""Customer create and list through the service layer."""

from __future__ import annotations

import itertools

from bench.report import Report, time_calls

COUNTER = itertools.count(1)


def run(report: Report) -> None:
    from forecourt.changes.models import Channel
    from forecourt.customers.selectors import customer_list
    from forecourt.customers.services import customer_create
    from forecourt.tenancy.models import Dealer
    from forecourt.tenancy.services import dealer_create

    dealer = Dealer.objects.filter(slug="bench-customers").first() or dealer_create(
        slug="bench-customers", name="Bench Motors", country="GB"
    )

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
            },
        )

    samples = time_calls(create, repeat=500)
    report.add_latency("customer_create (service, with history)", samples, "500 creates")
    samples = time_calls(lambda: list(customer_list(dealer=dealer)[:25]), repeat=200)
    report.add_latency("customer_list first page (selector)", samples, "25 rows")
