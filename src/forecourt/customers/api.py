"""Customer REST API: thin views over the customer services and selectors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from forecourt.changes.history import history_for, history_with_display
from forecourt.changes.models import Channel
from forecourt.changes.serializers import FieldChangeSerializer
from forecourt.core.api import (
    CountedPagination,
    StrictInputMixin,
    TenantScopedViewMixin,
    requires,
    version_from_if_match,
    with_etag,
)
from forecourt.core.references import DealerStaffField
from forecourt.customers import selectors, services
from forecourt.customers.contact import phone_display
from forecourt.customers.filters import CustomerFilterSet
from forecourt.customers.identity import IDENTITY_FIELDS, identity_reveal
from forecourt.customers.listing import BoundedCountPagination
from forecourt.customers.models import Customer
from forecourt.staff.login import client_ip
from forecourt.staff.models import User
from forecourt.staff.permissions import Action

# The reason is recorded in the history; callers should send one (?reason=… or a JSON body).
NO_ERASE_REASON = "Deleted through the API (no reason given)"


class IdentityField(serializers.CharField):
    """A national identifier: written in clear, always read back masked."""

    def get_attribute(self, instance: Customer) -> str:
        return getattr(instance, f"{self.field_name}_masked")


class CustomerSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A customer as the API reads and writes it."""

    display_name = serializers.CharField(read_only=True)
    phone_mobile_display = serializers.SerializerMethodField()
    preferred_advisor = DealerStaffField(required=False, allow_null=True)
    assigned_staff = DealerStaffField(many=True, required=False)
    pan = IdentityField(required=False, allow_blank=True, max_length=20)
    aadhaar = IdentityField(required=False, allow_blank=True, max_length=20)
    last_verified_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            "version",
            "display_name",
            *services.EDITABLE_FIELDS,
            "phone_mobile_display",
            "assigned_staff",
            "pan",
            "aadhaar",
            "status",
            "inactive_reason",
            "last_verified_at",
            "last_verified_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "version",
            "status",
            "inactive_reason",
            "last_verified_at",
            "created_at",
            "updated_at",
        ]
        # Normalisation and rule checks live in the service; the serializer only parses types.
        extra_kwargs: dict[str, dict[str, Any]] = {
            name: {"validators": []}
            for name in ("email", "email_2", "phone_home", "phone_work", "phone_mobile", "fax")
        }

    def get_phone_mobile_display(self, customer: Customer) -> str:
        return phone_display(customer.phone_mobile, region=customer.dealer.country)


class RevealSerializer(StrictInputMixin, serializers.Serializer):
    """Which identifier to reveal (and, in the answer, its value)."""

    field = serializers.ChoiceField(choices=IDENTITY_FIELDS)
    value = serializers.CharField(read_only=True)


class CustomerEraseSerializer(StrictInputMixin, serializers.Serializer):
    """Why a customer is being deleted."""

    reason = serializers.CharField(max_length=500)


@extend_schema(tags=["customers"])
class CustomerViewSet(TenantScopedViewMixin, viewsets.ModelViewSet):
    """Customers of the caller's dealer."""

    queryset_model = Customer
    serializer_class = CustomerSerializer
    # List filters (q, registered_after/before, status, ordering) go through the list selector;
    # `count` is bounded at 10,000 (`count_capped` says when there are more).
    filterset_class = CustomerFilterSet
    pagination_class = BoundedCountPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    required_actions = requires(
        list=Action.CUSTOMER_VIEW,
        retrieve=Action.CUSTOMER_VIEW,
        create=Action.CUSTOMER_CREATE,
        partial_update=Action.CUSTOMER_EDIT,
        destroy=Action.CUSTOMER_DELETE,
        history=Action.HISTORY_VIEW,
        verify_info=Action.CUSTOMER_VERIFY_INFO,
        reveal=Action.IDENTITY_REVEAL,
    )

    def get_dealer_queryset(self) -> Any:
        queryset = selectors.customer_list(dealer=self.dealer)
        if self.action == "list":
            return queryset.select_related("dealer").prefetch_related("assigned_staff")
        return queryset.select_related("dealer", "last_verified_by").prefetch_related(
            "assigned_staff"
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = self.get_object()
        return with_etag(Response(self.get_serializer(customer).data), customer.version)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        assigned = data.pop("assigned_staff", None)
        customer = services.customer_create(
            dealer=self.dealer,
            by=self.staff,
            channel=Channel.API,
            data=data,
            assigned_staff=assigned,
        )
        body = self.get_serializer(customer).data
        return with_etag(Response(body, status=status.HTTP_201_CREATED), customer.version)

    @extend_schema(
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)]
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = self.get_object()
        expected_version = version_from_if_match(request)
        serializer = self.get_serializer(customer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        assigned = changes.pop("assigned_staff", None)
        customer = services.customer_update(
            customer=customer,
            by=self.staff,
            channel=Channel.API,
            changes=changes,
            expected_version=expected_version,
            assigned_staff=assigned,
            allow_protected=False,
        )
        return with_etag(Response(self.get_serializer(customer).data), customer.version)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reason", str, required=False, description="Why: recorded in the history"
            )
        ]
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = self.get_object()
        reason = request.query_params.get("reason") or (
            request.data.get("reason") if isinstance(request.data, dict) else ""
        )
        # If-Match is optional here; when sent, a stale version is refused like on PATCH.
        expected = version_from_if_match(request) if "If-Match" in request.headers else None
        services.customer_erase(
            customer=customer,
            expected_version=expected,
            by=self.staff,
            channel=Channel.API,
            reason=str(reason or NO_ERASE_REASON)[:500],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=FieldChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The customer's field-level change history, most recent first (SPEC D4)."""
        rows = history_for(self.get_object())
        paginator = CountedPagination()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        page = history_with_display(dealer=self.dealer, changes=page)
        return paginator.get_paginated_response(FieldChangeSerializer(page, many=True).data)

    @extend_schema(request=None, responses=CustomerSerializer)
    @action(detail=True, methods=["post"], url_path="verify-info")
    def verify_info(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Stamp that the customer's details were confirmed with them now (SPEC B8)."""
        customer = services.customer_verify_info(
            customer=self.get_object(), by=self.staff, channel=Channel.API
        )
        return with_etag(Response(self.get_serializer(customer).data), customer.version)

    @extend_schema(request=RevealSerializer, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Show a national identifier in clear: administrators only, and audited."""
        payload = RevealSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        field = payload.validated_data["field"]
        value = identity_reveal(
            customer=self.get_object(), name=field, by=self.staff, ip=client_ip(request)
        )
        return Response({"field": field, "value": value})
