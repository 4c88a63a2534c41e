"""The profile's "Change history" tab (SPEC D4): every saved change, most recent first."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from forecourt.changes.history import history_for, history_with_display
from forecourt.core.htmx import is_htmx_partial
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers.selectors import customer_get
from forecourt.staff.permissions import Action

HISTORY_PER_PAGE = 50


@staff_view(Action.HISTORY_VIEW)
def customer_history(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """Show one customer's field-level history: field, old → new, who, when, why, how."""
    customer = found_or_404(customer_get, dealer=request.dealer, customer_id=customer_id)
    page = Paginator(history_for(customer), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = history_with_display(dealer=request.dealer, changes=page.object_list)
    template = (
        "customers/_history_rows.html" if is_htmx_partial(request) else "customers/history.html"
    )
    return render(request, template, {"customer": customer, "page": page})
