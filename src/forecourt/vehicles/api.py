"""Vehicle REST API: vehicles, lookup, ownership and notes. Thin views over services."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forecourt.changes.models import Channel
from forecourt.core.api import (
    IsDealerStaff,
    StaffViewMixin,
    TenantScopedViewMixin,
    requires,
    version_from_if_match,
    with_etag,
)
from forecourt.staff.permissions import Action, require
from forecourt.vehicles import selectors, services
from forecourt.vehicles.lookup import vehicle_lookup
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.registration import registration_normalise
from forecourt.vehicles.serializers import (
    CustomerSummarySerializer,
    OwnershipSerializer,
    PlateChangeSerializer,
    TransferSerializer,
    VehicleContactPreferencesInputSerializer,
    VehicleContactPreferencesSerializer,
    VehicleNoteSerializer,
    VehicleSerializer,
)
from forecourt.vehicles.vin import vin_normalise

LOOKUP_NOT_FOUND = "No vehicle with that registration or VIN: capture it."
LOOKUP_NEEDS_INPUT = "Give ?registration=… or ?vin=… (6 or more characters of the VIN)."
NOT_AN_ID = "“{value}” is not a valid id."


def uuid_param(name: str, value: str) -> uuid.UUID:
    """Return a query parameter as a UUID, or answer 400 naming the parameter."""
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise serializers.ValidationError({name: [NOT_AN_ID.format(value=value)]}) from exc


@extend_schema(tags=["vehicles"])
class VehicleViewSet(TenantScopedViewMixin, viewsets.ModelViewSet):
    """Vehicles of the caller's dealer; filter with ?customer=, ?registration=, ?vin=."""

    queryset_model = Vehicle
    serializer_class = VehicleSerializer
    permission_classes = [IsAuthenticated, IsDealerStaff]
    http_method_names = ["get", "post", "patch", "head", "options"]
    required_actions = requires(
        list=Action.VEHICLE_VIEW,
        retrieve=Action.VEHICLE_VIEW,
        create=Action.VEHICLE_CREATE,
        partial_update=Action.VEHICLE_EDIT,
        ownerships=Action.VEHICLE_VIEW,
        transfer=Action.VEHICLE_EDIT,
        notes=Action.VEHICLE_VIEW,
    )

    def get_dealer_queryset(self) -> Any:
        params = self.request.query_params
        customer = params.get("customer")
        return selectors.vehicle_list(
            dealer=self.dealer,
            customer_id=uuid_param("customer", customer) if customer else None,
            registration=params.get("registration", ""),
            vin=params.get("vin", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("customer", str, description="Current owner's id"),
            OpenApiParameter("registration", str, description="Plate prefix, any spacing"),
            OpenApiParameter("vin", str, description="Part of the VIN"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vehicle = self.get_object()
        return with_etag(Response(self.get_serializer(vehicle).data), vehicle.version)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vehicle = services.vehicle_create(
            dealer=self.dealer, by=self.staff, channel=Channel.API, data=serializer.validated_data
        )
        body = self.get_serializer(vehicle).data
        return with_etag(Response(body, status=status.HTTP_201_CREATED), vehicle.version)

    @extend_schema(
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)]
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vehicle = self.get_object()
        expected_version = version_from_if_match(request)
        serializer = self.get_serializer(vehicle, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        vehicle = services.vehicle_update(
            vehicle=vehicle,
            by=self.staff,
            channel=Channel.API,
            changes=serializer.validated_data,
            expected_version=expected_version,
        )
        return with_etag(Response(self.get_serializer(vehicle).data), vehicle.version)

    @extend_schema(responses=OwnershipSerializer(many=True))
    @action(detail=True, methods=["get"])
    def ownerships(self, request: Request, pk: Any = None) -> Response:
        """Owner, driver and lessee periods, newest first (past ones kept)."""
        vehicle = self.get_object()
        rows = vehicle.ownerships.select_related("customer").order_by("-started_on", "-created_at")
        return Response(OwnershipSerializer(rows, many=True).data)

    @extend_schema(request=TransferSerializer, responses=VehicleSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: Any = None) -> Response:
        """Hand the vehicle to a new owner, or add a driver/lessee; history is kept."""
        vehicle = self.get_object()
        body = TransferSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        vehicle = services.vehicle_transfer(
            vehicle=vehicle,
            to_customer=body.validated_data["customer"],
            relation=body.validated_data["relation"],
            reason=body.validated_data["reason"],
            by=self.staff,
            channel=Channel.API,
        )
        vehicle.refresh_from_db()
        return with_etag(Response(self.get_serializer(vehicle).data), vehicle.version)

    @extend_schema(request=VehicleNoteSerializer, responses=VehicleNoteSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def notes(self, request: Request, pk: Any = None) -> Response:
        """Notes on the vehicle (pinned first); POST adds one."""
        vehicle = self.get_object()
        if request.method == "POST":
            require(self.staff, Action.NOTE_ADD)
            body = VehicleNoteSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            note = services.vehicle_note_add(vehicle=vehicle, by=self.staff, **body.validated_data)
            return Response(VehicleNoteSerializer(note).data, status=status.HTTP_201_CREATED)
        rows = vehicle.notes.select_related("author")
        return Response(VehicleNoteSerializer(rows, many=True).data)


@extend_schema(tags=["vehicles"])
class VehicleContactPreferencesView(StaffViewMixin, APIView):
    """The owner's opt-ins for messages about one vehicle (SPEC B6, per VIN).

    PATCH sets any of contact_phone/sms/email/post for this vehicle; DELETE goes back to
    the customer's overall preferences. An overall opt-out always wins (`effective`).
    """

    permission_classes = [IsAuthenticated, IsDealerStaff]
    required_actions = requires(
        get=Action.VEHICLE_VIEW, patch=Action.VEHICLE_EDIT, delete=Action.VEHICLE_EDIT
    )

    def _vehicle(self, vehicle_id: Any) -> Vehicle:
        try:
            return selectors.vehicle_get(dealer=self.dealer, vehicle_id=vehicle_id)
        except (Vehicle.DoesNotExist, DjangoValidationError) as exc:
            raise Http404 from exc

    def _answer(self, vehicle: Vehicle) -> Response:
        data = selectors.vehicle_contact_preferences(vehicle)
        return Response(VehicleContactPreferencesSerializer(data).data)

    @extend_schema(responses=VehicleContactPreferencesSerializer)
    def get(self, request: Request, vehicle_id: Any) -> Response:
        return self._answer(self._vehicle(vehicle_id))

    @extend_schema(
        request=VehicleContactPreferencesInputSerializer,
        responses=VehicleContactPreferencesSerializer,
    )
    def patch(self, request: Request, vehicle_id: Any) -> Response:
        vehicle = self._vehicle(vehicle_id)
        body = VehicleContactPreferencesInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        preferences = dict(body.validated_data)
        reason = preferences.pop("reason", "")
        services.vehicle_contact_preferences_set(
            vehicle=vehicle,
            by=self.staff,
            channel=Channel.API,
            preferences=preferences,
            reason=reason,
        )
        return self._answer(vehicle)

    @extend_schema(responses=VehicleContactPreferencesSerializer)
    def delete(self, request: Request, vehicle_id: Any) -> Response:
        vehicle = self._vehicle(vehicle_id)
        services.vehicle_contact_preferences_clear(
            vehicle=vehicle, by=self.staff, channel=Channel.API
        )
        return self._answer(vehicle)


LookupAnswer = inline_serializer(
    "VehicleLookupAnswer",
    {
        "vehicle": VehicleSerializer(),
        "customer": CustomerSummarySerializer(allow_null=True),
        "missing_fields": serializers.ListField(child=serializers.CharField()),
        "matched_by": serializers.CharField(),
        "notices": serializers.ListField(child=serializers.CharField()),
        "previous_registrations": PlateChangeSerializer(many=True),
    },
)


@extend_schema(
    tags=["vehicles"],
    parameters=[
        OpenApiParameter("registration", str, description="Any case or spacing"),
        OpenApiParameter("vin", str, description="Full VIN or 6+ characters of it"),
    ],
    responses={200: LookupAnswer},
)
class LookupView(StaffViewMixin, APIView):
    """Find a vehicle and its current customer by registration or (partial) VIN."""

    permission_classes = [IsAuthenticated, IsDealerStaff]
    required_actions = requires(get=Action.VEHICLE_VIEW)

    def get(self, request: Request) -> Response:
        registration = request.query_params.get("registration", "").strip()
        vin = request.query_params.get("vin", "").strip()
        if not registration_normalise(registration) and len(vin_normalise(vin)) < 6:
            raise serializers.ValidationError(
                {"vin" if vin else "registration": [LOOKUP_NEEDS_INPUT]}
            )
        found = vehicle_lookup(dealer=self.dealer, registration=registration, vin=vin)
        if found is None:
            query = {"registration": registration} if registration else {"vin": vin}
            capture_url = f"{reverse('vehicles:capture')}?{urlencode(query)}"
            return Response(
                {"detail": LOOKUP_NOT_FOUND, "capture_url": capture_url},
                status=status.HTTP_404_NOT_FOUND,
            )
        vehicle = found.vehicle
        context = {"request": request}
        return Response(
            {
                "vehicle": VehicleSerializer(vehicle, context=context).data,
                "customer": CustomerSummarySerializer(vehicle.customer).data
                if vehicle.customer
                else None,
                "missing_fields": vehicle.missing_fields,
                "matched_by": found.matched_by,
                "notices": found.notices,
                "previous_registrations": PlateChangeSerializer(
                    vehicle.plate_changes.all(), many=True
                ).data,
            }
        )
