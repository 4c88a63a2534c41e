"""API plumbing shared by every app: permissions, pagination, errors, strict input, ETags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from forecourt.core.errors import DomainError, VersionRequired
from forecourt.core.models import url_names_missing_row
from forecourt.staff.permissions import Action, can

if TYPE_CHECKING:
    from forecourt.staff.models import User
    from forecourt.tenancy.models import Dealer


class IsDealerStaff(permissions.BasePermission):
    """Authenticated staff of a dealer whose role allows the view's action.

    Views name the action each DRF action needs in `required_actions`
    (e.g. {"list": Action.CUSTOMER_VIEW, "create": Action.CUSTOMER_CREATE});
    a view without the mapping needs only an authenticated dealer staff member.
    A URL naming another dealer's row answers 404 whatever the role (never 403 or 400).
    """

    message = "Your role does not allow this action."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated or getattr(user, "dealer_id", None) is None:
            return False
        # Another dealer's id is 404 before the role is checked or the body is parsed.
        if not _url_rows_belong_to(user.dealer, view):
            raise Http404
        required = getattr(view, "required_actions", {})
        action = required.get(getattr(view, "action", None) or (request.method or "").lower())
        if action is None:
            action = required.get("*")
        return action is None or can(user, action)


def _url_rows_belong_to(dealer: Any, view: Any) -> bool:
    """Return True unless the URL names a row (its lookup or a `<model>_id`) `dealer` lacks."""
    kwargs = getattr(view, "kwargs", None) or {}
    if url_names_missing_row(dealer, kwargs):
        return False
    lookup_kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    if not lookup_kwarg or lookup_kwarg not in kwargs or not hasattr(view, "get_queryset"):
        return True
    try:
        return view.get_queryset().filter(**{view.lookup_field: kwargs[lookup_kwarg]}).exists()
    except (DjangoValidationError, ValueError, TypeError):
        return False


def requires(**mapping: Action) -> dict[str, Action]:
    """Return a `required_actions` mapping; reads a little better at the view."""
    return mapping


def request_staff(request: Request) -> User:
    """Return the caller of a view behind IsDealerStaff, typed as the staff user they are."""
    # IsDealerStaff lets through only signed-in users who have a dealer.
    return cast("User", request.user)


class _HasRequest(Protocol):
    request: Request


class StaffViewMixin:
    """Give a view behind IsDealerStaff the caller as `staff` and their dealer as `dealer`."""

    @property
    def staff(self: _HasRequest) -> User:
        return request_staff(self.request)

    @property
    def dealer(self: _HasRequest) -> Dealer:
        return cast("Dealer", request_staff(self.request).dealer)


class TenantScopedViewMixin(StaffViewMixin):
    """Give a view the caller's dealer; schema generation gets an empty queryset."""

    queryset_model: Any = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset_model.objects.none()
        return self.get_dealer_queryset()

    def get_dealer_queryset(self) -> Any:
        """Return the rows of `self.dealer` this view serves."""
        raise NotImplementedError


class CountedPagination(PageNumberPagination):
    """Page-number pagination answering `count`, `next`, `previous`, `results`."""

    page_size_query_param = "page_size"
    max_page_size = 200


class StrictInputMixin:
    """Reject unknown fields instead of silently ignoring them."""

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[str]] = {}
        if isinstance(data, dict):
            known = set(self.fields)  # type: ignore[attr-defined]
            unknown = {name: ["Unknown field."] for name in sorted(set(data) - known)}
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def etag_for(version: int) -> str:
    """Return the strong ETag for a record version."""
    return f'"{version}"'


def version_from_if_match(request: Request) -> int:
    """Return the version named by If-Match, or raise VersionRequired (428)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise VersionRequired()
    value = header.removeprefix("W/").strip('"')
    try:
        return int(value)
    except ValueError as exc:
        raise exceptions.ValidationError({"If-Match": ["Not a version this API issued."]}) from exc


def with_etag(response: Response, version: int) -> Response:
    """Attach the ETag of `version` to `response`."""
    response["ETag"] = etag_for(version)
    return response


def _validation_payload(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain and model validation errors to JSON responses; defer the rest to DRF."""
    # Imported here: rest_framework.views reads these API settings when it is first imported.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        body.update({k: v for k, v in exc.extra.items() if v is not None})
        response = Response(body, status=exc.status_code)
        if (
            exc.status_code == status.HTTP_412_PRECONDITION_FAILED
            and "current_version" in exc.extra
        ):
            response["ETag"] = etag_for(exc.extra["current_version"])
        if exc.status_code == status.HTTP_429_TOO_MANY_REQUESTS and "retry_after" in exc.extra:
            response["Retry-After"] = str(exc.extra["retry_after"])
        return response
    if isinstance(exc, DjangoValidationError):
        return Response(_validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
