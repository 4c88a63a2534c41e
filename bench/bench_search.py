"""Search (SPEC E2) as the customer list runs it vs Django `icontains` over the same fields.

Each query is timed the way the list answers it: the ranked first page of 25 rows plus the
count the list shows (bounded: "More than 500"; never a full-table count). The baseline
does what a plain Django list would: every word `icontains` any searched field (names,
company, phones, email, postcode, account, and the customer's vehicles' registration and
VIN), first 25 rows plus a count bounded at the same cap.

The queries are built from random generated customers, in every format the issue lists:
surname, full name, email, email local part, mobile as `07911 123456`, `+44 7911 123456`
and `7911123456`, postcode, registration typed `ab12cde`, VIN, partial VIN, account
number, a typo of the surname (`Smyth`), and the first three letters of a surname (typing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.context import BenchContext, Sample
from bench.report import Target, percentile, time_each

PER_KIND = 8
# icontains scans the table (seconds a query at a million rows): it runs on a subset.
ICONTAINS_PER_KIND = 2
SEARCH_P95_MS = 10.0
MIN_RATIO = 20.0
# Kinds that name one customer (or a few: ~10 share a postcode; 300+ share a generated full
# name, so names are left out): the benchmark checks that customer is among the hits.
IDENTIFYING = {
    "email",
    "email local part",
    "mobile 07911 123456",
    "mobile +44 7911 123456",
    "mobile 7911123456",
    "registration",
    "VIN",
    "partial VIN",
    "account number",
    "postcode",
}


@dataclass
class Query:
    kind: str
    text: str
    customer: Any


def _typo(name: str) -> str:
    """Change the first vowel after the initial (`Smith` → `Smyth`, `Jones` → `Janes`)."""
    for i, ch in enumerate(name[1:], start=1):
        if ch.lower() in "aeiou":
            return name[:i] + ("y" if ch == "i" else "a" if ch != "a" else "e") + name[i + 1 :]
    return name + "e"


def _mobile_forms(e164: str) -> list[str]:
    national = e164[3:]  # +44 7911 123456 → 7911123456
    return [f"0{national[:4]} {national[4:]}", f"+44 {national[:4]} {national[4:]}", national]


KINDS: list[tuple[str, Callable[[Sample], str]]] = [
    ("surname", lambda s: s.customer.last_name),
    ("full name", lambda s: f"{s.customer.first_name} {s.customer.last_name}"),
    ("email", lambda s: s.customer.email),
    ("email local part", lambda s: s.customer.email.split("@")[0]),
    ("mobile 07911 123456", lambda s: _mobile_forms(s.customer.phone_mobile)[0]),
    ("mobile +44 7911 123456", lambda s: _mobile_forms(s.customer.phone_mobile)[1]),
    ("mobile 7911123456", lambda s: _mobile_forms(s.customer.phone_mobile)[2]),
    ("postcode", lambda s: s.customer.postal_code),
    ("registration", lambda s: s.registration.replace(" ", "").lower()),
    ("VIN", lambda s: s.vin),
    ("partial VIN", lambda s: s.vin[-6:]),
    ("account number", lambda s: s.customer.account_number),
    ("surname typo", lambda s: _typo(s.customer.last_name)),
    ("typing (3 letters)", lambda s: s.customer.last_name[:3].lower()),
]


def queries(samples: list[Sample]) -> list[Query]:
    """Return one query per sample, cycling through the kinds."""
    out = []
    for n, sample in enumerate(samples):
        kind, build = KINDS[n % len(KINDS)]
        out.append(Query(kind, build(sample), sample.customer))
    return out


def run(context: BenchContext) -> None:
    from django.db.models import Q

    from forecourt.customers.listing import PAGE_SIZE, CustomerFilter, customer_filtered
    from forecourt.customers.selectors import customer_list
    from forecourt.search.selectors import CANDIDATE_LIMIT
    from forecourt.vehicles.models import Vehicle

    dealer = context.dealer
    total = PER_KIND * len(KINDS)
    warm = queries(context.samples(len(KINDS) * 2, seed=21))
    measured = queries(context.samples(total, seed=22))
    rows_for_list = customer_list(dealer=dealer)

    def service(query: Query) -> tuple[list[Any], int]:
        queryset, _ = customer_filtered(
            dealer=dealer, flt=CustomerFilter(q=query.text), queryset=rows_for_list
        )
        hits = queryset.ranked_hits
        return hits.page_rows(hits.ids[:PAGE_SIZE]), len(hits.ids)

    fields = [
        "first_name",
        "last_name",
        "company_name",
        "email",
        "phone_mobile",
        "phone_home",
        "phone_work",
        "postal_code",
        "account_number",
    ]
    vehicles = Vehicle.for_dealer(dealer)

    def icontains_queryset(text: str) -> Any:
        queryset = customer_list(dealer=dealer)
        for word in re.split(r"\s+", text.strip()):
            match = Q()
            for name in fields:
                match |= Q(**{f"{name}__icontains": word})
            owned = vehicles.filter(Q(registration__icontains=word) | Q(vin__icontains=word))
            match |= Q(pk__in=owned.values("customer_id"))
            queryset = queryset.filter(match)
        return queryset

    def icontains(query: Query) -> tuple[list[Any], int]:
        queryset = icontains_queryset(query.text)
        rows = list(queryset[:PAGE_SIZE])
        return rows, queryset.order_by()[: CANDIDATE_LIMIT + 1].count()

    for query in warm:
        service(query)
    icontains(warm[0])
    service_ms = time_each(service, measured)
    print(f"  service p95 {percentile(service_ms, 95):.2f} ms; icontains now…", flush=True)
    baseline = measured[: ICONTAINS_PER_KIND * len(KINDS)]
    icontains_ms = time_each(icontains, baseline)

    found_service = found_icontains = identifying = 0
    for query in measured:
        if query.kind not in IDENTIFYING:
            continue
        identifying += 1
        queryset, _ = customer_filtered(dealer=dealer, flt=CustomerFilter(q=query.text))
        found_service += query.customer.pk in queryset.ranked_hits.ids
        # Asked for one row by primary key, icontains answers at once.
        found_icontains += icontains_queryset(query.text).filter(pk=query.customer.pk).exists()

    report = context.report
    note = f"{len(measured)} queries, {len(KINDS)} kinds; page of {PAGE_SIZE} + bounded count"
    p50, p95 = report.add_latency(
        "search · customer list (service, index)",
        service_ms,
        note,
        p95=Target(SEARCH_P95_MS, vendors=("sqlite", "postgresql")),
    )
    base_p50, base_p95 = report.add_latency(
        "search · Django icontains, same fields",
        icontains_ms,
        f"first {len(baseline)} of the same queries",
    )
    report.add("search · icontains ÷ service", "p50 ratio", base_p50 / p50, "×")
    report.add(
        "search · icontains ÷ service",
        "p95 ratio",
        base_p95 / p95,
        "×",
        target=Target(MIN_RATIO, at_most=False),
    )
    report.add(
        "search · finds the customer asked for",
        "service",
        found_service,
        "",
        f"of {identifying} identifying queries",
    )
    report.add(
        "search · finds the customer asked for",
        "icontains",
        found_icontains,
        "",
        f"of {identifying} (misses phone formats, plates typed differently)",
    )
    slowest = sorted(zip(service_ms, measured, strict=True), key=lambda p: -p[0])[:3]
    report.info["slowest searches"] = ", ".join(f"{q.kind} {ms:.1f} ms" for ms, q in slowest)
