"""Put the signed-in staff member's dealer on the request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class CurrentDealerMiddleware:
    """Set `request.dealer` to the session user's dealer (None when anonymous)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        request.dealer = user.dealer if user is not None and user.is_authenticated else None  # type: ignore[attr-defined]
        return self.get_response(request)
