"""The profile's "Change history" tab (SPEC D4): every saved change, most recent first."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from forecourt.changes.history import history_for
from forecourt.core.htmx import is_htmx_partial
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers.selectors import customer_get
from forecourt.staff.models import User
from forecourt.staff.permissions import Action

HISTORY_PER_PAGE = 50
# History keeps staff links as ids (stable); the page shows the people's names.
STAFF_FIELDS = {"assigned_staff", "preferred_advisor", "last_verified_by"}


def _name_staff(dealer: Any, changes: Any) -> None:
    ids = {
        part.strip()
        for change in changes
        if change.field in STAFF_FIELDS
        for value in (change.old_value, change.new_value)
        if value
        for part in value.split(",")
    }
    if not ids:
        return
    names = {
        str(user.pk): str(user)
        for user in User.objects.filter(dealer=dealer, pk__in=[i for i in ids if _is_uuid(i)])
    }
    for change in changes:
        if change.field in STAFF_FIELDS:
            for attr in ("old_value", "new_value"):
                value = getattr(change, attr)
                if value:
                    parts = [names.get(p.strip(), p.strip()) for p in value.split(",")]
                    setattr(change, attr, ", ".join(parts))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@staff_view(Action.HISTORY_VIEW)
def customer_history(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """Show one customer's field-level history: field, old → new, who, when, why, how."""
    customer = found_or_404(customer_get, dealer=request.dealer, customer_id=customer_id)
    page = Paginator(history_for(customer), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    _name_staff(request.dealer, page.object_list)
    template = (
        "customers/_history_rows.html" if is_htmx_partial(request) else "customers/history.html"
    )
    return render(request, template, {"customer": customer, "page": page})
