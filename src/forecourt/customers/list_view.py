"""Parse the customer list's query string into filters, a page and the links the page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest

from forecourt.core.http import StaffRequest
from forecourt.customers.listing import (
    DEFAULT_TIMEFRAME,
    ORDERINGS,
    PAGE_SIZE,
    TIMEFRAMES,
    CustomerFilter,
    bounded_count,
    customer_filtered,
    keyset_page,
    ranked_hits_of,
    timeframe_start,
)
from forecourt.customers.models import CustomerStatus
from forecourt.staff.permissions import Action, can

TIMEFRAME_CHOICES = [
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("365", "Last 365 days"),
    ("all", "All time"),
    ("custom", "Custom dates"),
]
SORTABLE = {"registered": "Registered", "name": "Name", "email": "Email", "mobile": "Mobile"}


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def list_filter_from_request(request: HttpRequest) -> tuple[CustomerFilter, dict[str, str]]:
    """Return the filter and the normalised parameters (timeframe, from, to, q, status)."""
    get = request.GET
    q = get.get("q", "").strip()[:200]
    # A search looks at all time unless a timeframe was chosen; browsing defaults to 30 days.
    timeframe = get.get("range") or ("all" if q else DEFAULT_TIMEFRAME)
    if timeframe not in dict(TIMEFRAME_CHOICES):
        timeframe = DEFAULT_TIMEFRAME
    status = get.get("status", "")
    if status not in CustomerStatus.values:
        status = ""
    after = before = None
    if timeframe in TIMEFRAMES:
        after = timeframe_start(TIMEFRAMES[timeframe])
    elif timeframe == "custom":
        after, before = _date(get.get("from", "")), _date(get.get("to", ""))
    params = {"q": q, "range": timeframe, "status": status}
    if timeframe == "custom":
        params.update({"from": get.get("from", ""), "to": get.get("to", "")})
    flt = CustomerFilter(q=q, registered_after=after, registered_before=before, status=status)
    return flt, params


def customer_list_context(request: StaffRequest) -> dict[str, Any]:
    """Build everything templates/customers/list.html shows."""
    flt, params = list_filter_from_request(request)
    sort = request.GET.get("sort", "")
    descending = sort.startswith("-") or not sort
    sort_key = sort.lstrip("-") if sort.lstrip("-") in SORTABLE else "registered"
    if not sort:
        sort = "-registered"
    # Every row is the request's dealer's: the page formats phones by request.dealer.country.
    queryset, result = customer_filtered(dealer=request.dealer, flt=flt)
    base = {k: v for k, v in params.items() if v}
    context: dict[str, Any] = {
        "filters": params,
        "timeframes": TIMEFRAME_CHOICES,
        "statuses": CustomerStatus.choices,
        "sort": sort,
        "sort_links": {
            key: urlencode({**base, "sort": key if sort == f"-{key}" else f"-{key}"})
            for key in SORTABLE
        },
        "export_query": urlencode(flt.as_dict()),
        "can_export": can(request.user, Action.EXPORT),
        "terms": result.terms if result else [],
    }
    hits = ranked_hits_of(queryset)
    if hits is not None and not request.GET.get("sort"):
        page = Paginator(hits.ids, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = hits.page_rows(list(page.object_list))
        context.update(
            customers=page.object_list,
            page=page,
            count=page.paginator.count,
            count_capped=hits.result.capped,
            query=urlencode(base),
            sort="",  # best matches first: no column is the order
            ranked=True,
        )
        return context
    count, capped = bounded_count(queryset)
    keyset = keyset_page(
        queryset,
        ordering=sort_key if sort_key in ORDERINGS else "registered",
        descending=descending,
        cursor=request.GET.get("cursor", ""),
        direction=request.GET.get("dir", "next"),
    )
    link = {**base, "sort": sort}
    context.update(
        customers=keyset.rows,
        keyset=keyset,
        count=count,
        count_capped=capped,
        first_url="?" + urlencode(link),
        last_url="?" + urlencode({**link, "dir": "last"}),
        next_url="?" + urlencode({**link, "cursor": keyset.next_cursor, "dir": "next"}),
        prev_url="?" + urlencode({**link, "cursor": keyset.prev_cursor, "dir": "prev"}),
    )
    return context
