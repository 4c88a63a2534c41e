"""Bookings REST API (SPEC D1, D2): the sales worksheet, invoice and delivery."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from forecourt.changes.models import Channel
from forecourt.core.api import StrictInputMixin, TenantScopedViewMixin, requires
from forecourt.core.references import DealerRecordField, DealerStaffField
from forecourt.customers.models import Customer
from forecourt.sales import selectors, services
from forecourt.sales.models import Booking, BookingStatus
from forecourt.staff.permissions import Action
from forecourt.vehicles.models import Vehicle


class BookingSerializer(serializers.ModelSerializer):
    """A booking as the API reads it."""

    customer_name = serializers.CharField(source="customer.display_name", read_only=True)
    vehicle_registration = serializers.CharField(
        source="vehicle.registration", read_only=True, default=None
    )
    salesperson_name = serializers.CharField(source="salesperson", read_only=True, default=None)
    currency = serializers.CharField(source="dealer.currency", read_only=True)
    customer_edit_allowed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "vehicle",
            "vehicle_registration",
            "salesperson",
            "salesperson_name",
            "sale_value",
            "currency",
            "status",
            "booked_on",
            "invoice_number",
            "invoiced_at",
            "delivered_at",
            "customer_edit_allowed",
            "created_at",
        ]
        read_only_fields = fields


class BookingCreateSerializer(StrictInputMixin, serializers.Serializer):
    """What a new booking needs: a customer and a sale value; vehicle and salesperson optional."""

    customer = DealerRecordField(Customer)
    vehicle = DealerRecordField(Vehicle, required=False, allow_null=True)
    salesperson = DealerStaffField(required=False, allow_null=True)
    sale_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    booked_on = serializers.DateField(required=False)


@extend_schema(tags=["sales"])
class BookingViewSet(
    TenantScopedViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Sales bookings of the caller's dealer; filter with ?status= and ?customer=."""

    queryset_model = Booking
    serializer_class = BookingSerializer
    filterset_class = None
    required_actions = requires(
        list=Action.BOOKING_VIEW,
        retrieve=Action.BOOKING_VIEW,
        create=Action.BOOKING_MANAGE,
        invoice=Action.BOOKING_INVOICE,
        deliver=Action.BOOKING_MANAGE,
    )

    def get_dealer_queryset(self) -> Any:
        params = self.request.query_params
        status_filter = params.get("status", "")
        if status_filter and status_filter not in BookingStatus.values:
            raise serializers.ValidationError(
                {"status": [f"Choose one of {', '.join(BookingStatus.values)}."]}
            )
        customer_param = params.get("customer") or None
        customer_id = None
        if customer_param is not None:
            try:
                customer_id = uuid.UUID(customer_param)
            except ValueError as exc:
                raise serializers.ValidationError({"customer": ["Not a customer id."]}) from exc
        return selectors.booking_list(
            dealer=self.dealer, status=status_filter, customer_id=customer_id
        ).select_related("dealer")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=BookingStatus.values),
            OpenApiParameter("customer", str, description="Customer id"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = BookingCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        booking = services.booking_create(
            dealer=self.dealer, by=self.staff, channel=Channel.API, **payload.validated_data
        )
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def invoice(self, request: Request, pk: Any = None) -> Response:
        """Invoice a booked sale; 409 when it is not booked or identity rules are unmet."""
        booking = services.booking_invoice(
            booking=self.get_object(), by=self.staff, channel=Channel.API
        )
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: Any = None) -> Response:
        """Deliver an invoiced sale; the customer becomes the vehicle's owner."""
        booking = services.booking_deliver(
            booking=self.get_object(), by=self.staff, channel=Channel.API
        )
        return Response(BookingSerializer(booking).data)
