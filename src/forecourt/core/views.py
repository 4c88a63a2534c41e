"""Cross-cutting views: health check, home page, the staff-only decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render

from forecourt.core.models import url_names_missing_row
from forecourt.staff.permissions import Action, can

if TYPE_CHECKING:
    from forecourt.core.http import StaffRequest
    from forecourt.staff.models import User

T = TypeVar("T")

NO_DEALER = "Your account is not attached to a dealer. Ask an administrator to set it up."


def staff_view(
    action: Action | None = None,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Require a signed-in staff member of a dealer whose role allows `action`.

    A URL naming another dealer's customer or vehicle answers 404 before the role is
    checked or any input is read, so a 403 or a 400 never tells anyone that an id exists.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = cast("User", request.user)  # login_required has turned anonymous users away
            if user.dealer is None:
                return render(request, "core/forbidden.html", {"message": NO_DEALER}, status=403)
            if url_names_missing_row(user.dealer, kwargs):
                raise Http404("Not found.")
            if action is not None and not can(user, action):
                return render(
                    request,
                    "core/forbidden.html",
                    {"message": "Your role does not allow this action."},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def found_or_404(getter: Callable[..., T], **kwargs: Any) -> T:
    """Return getter(**kwargs), or answer 404 when the row is missing, another dealer's, or the
    id is malformed: the three must look the same from outside."""
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("Not found.") from exc


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the app and its database respond."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        database = "unavailable"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database},
        status=200 if healthy else 503,
    )


@staff_view()
def home(request: StaffRequest) -> HttpResponse:
    """Land on the registration lookup when installed, else on the customer list."""
    from django.urls import NoReverseMatch, reverse

    try:
        return redirect(reverse("vehicles:lookup"))
    except NoReverseMatch:
        return redirect("customers:list")
