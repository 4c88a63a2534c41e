"""The one place that decides whether a request wants a partial (htmx) response."""

from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseLocation
from django_htmx.middleware import HtmxDetails


def is_htmx_partial(request: HttpRequest) -> bool:
    """Return True when htmx asked for a fragment rather than a full page (not a boosted nav)."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.boosted


def htmx_redirect(request: HttpRequest, url: str) -> HttpResponse | None:
    """Return an HX-Location answer for a successful htmx write, or None for a normal request."""
    if is_htmx_partial(request):
        return HttpResponseLocation(url)
    return None
