"""Change requests (SPEC D3) and field history (D4) over the REST API. Thin over services."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from forecourt.changes import change_requests as services
from forecourt.changes.models import ChangeRequest, Channel
from forecourt.core.api import StrictInputMixin, TenantScopedViewMixin, requires, with_etag
from forecourt.core.references import DealerRecordField
from forecourt.customers.api import CustomerSerializer
from forecourt.customers.models import Customer
from forecourt.customers.selectors import customer_list
from forecourt.sales.models import Booking
from forecourt.staff.login import client_ip
from forecourt.staff.models import User
from forecourt.staff.permissions import Action


class ChangeRequestCreateSerializer(StrictInputMixin, serializers.Serializer):
    """A proposed change: new values by field name, the reason, optionally the booking."""

    changes = serializers.DictField(
        child=serializers.JSONField(),
        allow_empty=False,
        help_text="New values by customer field name; `pan` and `aadhaar` in clear.",
    )
    reason = serializers.CharField(max_length=1000)
    booking = DealerRecordField(Booking, required=False, allow_null=True)


class OtpSerializer(StrictInputMixin, serializers.Serializer):
    """The OTP the customer received."""

    otp = serializers.CharField(max_length=12)


class ChangeRequestSerializer(serializers.ModelSerializer):
    """A change request as the API shows it: identifiers masked, the OTP never."""

    changes = serializers.SerializerMethodField()
    channel = serializers.CharField(source="otp_channel", read_only=True)
    sent_to = serializers.CharField(source="otp_recipient_masked", read_only=True)
    expires_at = serializers.DateTimeField(source="otp_expires_at", read_only=True)
    attempts_left = serializers.SerializerMethodField()
    booking_number = serializers.CharField(source="booking.number", read_only=True, default=None)
    requested_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True
    )

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "customer",
            "status",
            "fields",
            "changes",
            "reason",
            "booking",
            "booking_number",
            "channel",
            "sent_to",
            "expires_at",
            "attempts_left",
            "requested_by",
            "created_at",
            "verified_at",
            "applied_at",
        ]
        read_only_fields = fields

    def get_changes(self, change_request: ChangeRequest) -> dict[str, dict[str, str | None]]:
        return services.change_request_preview(change_request)

    def get_attempts_left(self, change_request: ChangeRequest) -> int:
        from forecourt.changes.otp import OTP_MAX_FAILURES

        if not change_request.otp_digest:
            return 0
        return OTP_MAX_FAILURES - change_request.otp_failures


VERIFIED_RESPONSE = inline_serializer(
    "OtpVerifiedResponse",
    {
        "detail": serializers.CharField(),
        "id": serializers.UUIDField(),
        "status": serializers.CharField(),
    },
)


@extend_schema(tags=["change requests"])
class ChangeRequestViewSet(
    TenantScopedViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A customer's change requests: create (sends an OTP), verify, resend, apply, cancel."""

    queryset_model = ChangeRequest
    serializer_class = ChangeRequestSerializer
    filterset_class = None
    required_actions = requires(
        list=Action.HISTORY_VIEW,
        retrieve=Action.HISTORY_VIEW,
        create=Action.CHANGE_REQUEST,
        verify=Action.CHANGE_REQUEST,
        resend=Action.CHANGE_REQUEST,
        apply=Action.CHANGE_REQUEST,
        cancel=Action.CHANGE_REQUEST,
    )

    def customer(self) -> Customer:
        try:
            return customer_list(dealer=self.dealer).get(pk=self.kwargs["customer_id"])
        except (Customer.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def get_dealer_queryset(self) -> Any:
        return (
            ChangeRequest.for_dealer(self.dealer)
            .filter(customer_id=self.kwargs["customer_id"])
            .select_related("booking", "requested_by", "dealer")
        )

    @extend_schema(request=ChangeRequestCreateSerializer, responses={201: ChangeRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = self.customer()
        payload = ChangeRequestCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        change_request = services.change_request_create(
            customer=customer,
            by=self.staff,
            source=Channel.API,
            ip=client_ip(request),
            **payload.validated_data,
        )
        body = ChangeRequestSerializer(change_request).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=OtpSerializer, responses=VERIFIED_RESPONSE)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Check the OTP; 400 when wrong, expired or used (the message says what to do)."""
        payload = OtpSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change_request = services.change_request_verify(
            change_request=self.get_object(),
            by=self.staff,
            otp=payload.validated_data["otp"],
            ip=client_ip(request),
        )
        return Response(
            {
                "detail": services.OTP_VERIFIED,
                "id": str(change_request.pk),
                "status": change_request.status,
            }
        )

    @extend_schema(request=None, responses=ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Send a new OTP (the old one stops working); 429 past the limits."""
        change_request = services.change_request_resend(
            change_request=self.get_object(), by=self.staff, ip=client_ip(request)
        )
        return Response(ChangeRequestSerializer(change_request).data)

    @extend_schema(request=None, responses=CustomerSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Save the verified change to the customer (409 before verification)."""
        customer = services.change_request_apply(change_request=self.get_object(), by=self.staff)
        body = CustomerSerializer(customer, context={"request": request}).data
        return with_etag(Response(body), customer.version)

    @extend_schema(request=None, responses=ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Withdraw the request; its OTP stops working."""
        change_request = services.change_request_cancel(
            change_request=self.get_object(), by=self.staff
        )
        return Response(ChangeRequestSerializer(change_request).data)
