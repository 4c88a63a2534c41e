"""Template context shared by every page: the navigation bar."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from forecourt.staff.permissions import Action, can

# (label, url name, path prefix that marks the item active, action the page needs). Items
# whose page is not installed, or that the user's role cannot open, are left out.
NAVIGATION: list[tuple[str, str, str, Action | None]] = [
    ("Lookup", "vehicles:lookup", "/lookup", None),
    ("Customers", "customers:list", "/customers", Action.CUSTOMER_VIEW),
    ("Vehicles", "vehicles:list", "/vehicles", Action.VEHICLE_VIEW),
    ("Sales", "sales:worksheet", "/sales", Action.BOOKING_VIEW),
    ("Exports", "transfers:jobs", "/transfers", None),
    ("Admin", "staff:admin", "/manage", Action.STAFF_MANAGE),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation items the current user can reach."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items, lookup_url = [], None
    for label, url_name, prefix, action in NAVIGATION:
        if action is not None and not can(request.user, action):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path.startswith(prefix)})
        if url_name == "vehicles:lookup":
            lookup_url = url
    return {"nav_items": items, "lookup_url": lookup_url}
