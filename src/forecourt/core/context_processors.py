"""Template context shared by every page: the navigation bar."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (label, url name, path prefix that marks the item active). Items whose page is not
# installed are left out rather than linked to nothing.
NAVIGATION = [
    ("Lookup", "vehicles:lookup", "/lookup"),
    ("Customers", "customers:list", "/customers"),
    ("Vehicles", "vehicles:list", "/vehicles"),
    ("Sales", "sales:worksheet", "/sales"),
    ("Exports", "transfers:jobs", "/transfers"),
    ("Admin", "staff:admin", "/manage"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation items the current user can reach."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items, lookup_url = [], None
    for label, url_name, prefix in NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path.startswith(prefix)})
        if url_name == "vehicles:lookup":
            lookup_url = url
    return {"nav_items": items, "lookup_url": lookup_url}
