"""REST faces of the 360° profile (SPEC B13) and of customer notes and associations (B9, B10).

Thin views over customers.profile (the same read the profile page renders) and
customers.relations (the same writes the page's forms call).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forecourt.core.api import IsDealerStaff, StaffViewMixin, StrictInputMixin, requires
from forecourt.customers.models import AssociationType, Customer, CustomerNote
from forecourt.customers.profile import customer_profile
from forecourt.customers.relations import (
    associations_of,
    customer_associate,
    customer_note_add,
    customer_note_pin,
)
from forecourt.customers.selectors import customer_get
from forecourt.service.models import Job, Recommendation
from forecourt.service.serializers import ServiceVisitSerializer
from forecourt.staff.models import User
from forecourt.staff.permissions import Action
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.serializers import (
    CustomerSummarySerializer,
    DealerCustomerField,
    OwnershipSerializer,
    PlateChangeSerializer,
    VehicleNoteSerializer,
)


class CustomerNoteSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A note on a customer (pinned notes first)."""

    author: serializers.StringRelatedField[User] = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = CustomerNote
        fields = ["id", "body", "pinned", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class CustomerNotePinSerializer(StrictInputMixin, serializers.Serializer):
    """Pin a note to the top of the profile, or unpin it."""

    pinned = serializers.BooleanField()


class AssociationSerializer(serializers.Serializer):
    """A link to another customer, labelled from this customer's side."""

    id = serializers.UUIDField()
    # DRF's metaclass takes declared fields off the class; the stubs see Field.label here.
    label = serializers.CharField()  # type: ignore[assignment]
    customer = serializers.UUIDField(source="other.pk")
    customer_name = serializers.CharField(source="other.display_name")


class AssociationInputSerializer(StrictInputMixin, serializers.Serializer):
    """Link this customer to `related` with `kind` (e.g. `related` is this customer's employer)."""

    related = DealerCustomerField()
    kind = serializers.ChoiceField(choices=AssociationType.choices)


class DueFlagSerializer(serializers.Serializer):
    """A due date or mileage with its overdue / due-soon flags."""

    # DRF's metaclass takes declared fields off the class; the stubs see Field.label here.
    label = serializers.CharField()  # type: ignore[assignment]
    due_on = serializers.DateField(allow_null=True)
    due_mileage = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField()


class ProfileVehicleSerializer(serializers.ModelSerializer):
    """A vehicle as listed on its owner's profile, with its due flags."""

    description = serializers.CharField(read_only=True)
    missing_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    due = serializers.SerializerMethodField()

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "registration",
            "vin",
            "description",
            "colour",
            "mileage",
            "mileage_unit",
            "missing_fields",
            "due",
        ]

    @extend_schema_field(DueFlagSerializer(many=True))
    def get_due(self, vehicle: Vehicle) -> list[dict[str, Any]]:
        # Past vehicles carry no due list: their due dates belong to the current owner.
        return DueFlagSerializer(getattr(vehicle, "due_list", []), many=True).data  # type: ignore[return-value]


class PastOwnershipSerializer(OwnershipSerializer):
    """A past (or non-owner) relation of the customer to a vehicle."""

    registration = serializers.CharField(source="vehicle.registration", read_only=True)

    class Meta(OwnershipSerializer.Meta):
        fields = ["id", "vehicle", "registration", "relation", "started_on", "ended_on"]


class ProfileRecommendationSerializer(serializers.ModelSerializer):
    """An outstanding recommendation on one of the customer's vehicles."""

    registration = serializers.CharField(source="vehicle.registration", read_only=True)
    visit_date = serializers.DateField(source="visit.visited_on", read_only=True, default=None)

    class Meta:
        model = Recommendation
        fields = ["id", "vehicle", "registration", "text", "severity", "estimate", "visit_date"]


class ProfileJobSerializer(serializers.ModelSerializer):
    """An open Service WIP / Parts WIP job of the customer."""

    registration = serializers.CharField(source="vehicle.registration", default=None)

    class Meta:
        model = Job
        fields = ["id", "number", "kind", "vehicle", "registration", "description", "created_at"]


class SelectedVehicleSerializer(serializers.Serializer):
    """The open vehicle: a page of its service history, due dates, owners, plates and notes."""

    vehicle = ProfileVehicleSerializer()
    visits = serializers.SerializerMethodField()
    visits_count = serializers.SerializerMethodField()
    visits_page = serializers.SerializerMethodField()
    visits_pages = serializers.SerializerMethodField()
    due = DueFlagSerializer(many=True)
    ownerships = OwnershipSerializer(many=True)
    plate_changes = PlateChangeSerializer(many=True)
    notes = VehicleNoteSerializer(many=True)

    @extend_schema_field(ServiceVisitSerializer(many=True))
    def get_visits(self, panel: Any) -> list[dict[str, Any]]:
        return ServiceVisitSerializer(
            panel.visits.object_list, many=True, context=self.context
        ).data  # type: ignore[return-value]

    def get_visits_count(self, panel: Any) -> int:
        return int(panel.visits.paginator.count)

    def get_visits_page(self, panel: Any) -> int:
        return int(panel.visits.number)

    def get_visits_pages(self, panel: Any) -> int:
        return int(panel.visits.paginator.num_pages)


class ProfileSerializer(serializers.Serializer):
    """Everything the 360° page shows for one customer."""

    customer = CustomerSummarySerializer()
    vehicles = ProfileVehicleSerializer(many=True)
    past_ownerships = PastOwnershipSerializer(many=True)
    selected = SelectedVehicleSerializer(allow_null=True)
    recommendations = ProfileRecommendationSerializer(many=True)
    open_jobs = ProfileJobSerializer(many=True)
    notes = CustomerNoteSerializer(many=True)
    associations = AssociationSerializer(many=True)


class CustomerScopedView(StaffViewMixin, APIView):
    """Resolve the URL's customer among the caller's dealer's customers (404 otherwise)."""

    permission_classes = [IsAuthenticated, IsDealerStaff]

    def customer(self) -> Customer:
        try:
            return customer_get(
                dealer=self.dealer,
                customer_id=self.kwargs["customer_id"],
            )
        except (Customer.DoesNotExist, ValidationError) as exc:
            raise Http404 from exc


@extend_schema(
    tags=["customers"],
    parameters=[
        OpenApiParameter("vehicle", str, description="Vehicle to open (default: the latest)"),
        OpenApiParameter("page", int, description="Page of the open vehicle's service history"),
    ],
    responses=ProfileSerializer,
)
class ProfileView(CustomerScopedView):
    """The 360° profile in one answer, read with a bounded number of queries."""

    required_actions = requires(get=Action.CUSTOMER_VIEW)

    def get(self, request: Request, customer_id: Any) -> Response:
        try:
            profile = customer_profile(
                dealer=self.dealer,
                customer_id=customer_id,
                vehicle_id=request.query_params.get("vehicle"),
                page=request.query_params.get("page", 1),
            )
        except (Customer.DoesNotExist, ValidationError) as exc:
            raise Http404 from exc
        return Response(ProfileSerializer(profile, context={"request": request}).data)


@extend_schema(tags=["customers"])
class CustomerNotesView(CustomerScopedView):
    """A customer's notes, pinned first; POST adds one."""

    required_actions = requires(get=Action.CUSTOMER_VIEW, post=Action.NOTE_ADD)

    @extend_schema(responses=CustomerNoteSerializer(many=True))
    def get(self, request: Request, customer_id: Any) -> Response:
        customer = self.customer()
        rows = CustomerNote.for_dealer(customer.dealer).filter(customer=customer)
        return Response(CustomerNoteSerializer(rows.select_related("author"), many=True).data)

    @extend_schema(request=CustomerNoteSerializer, responses=CustomerNoteSerializer)
    def post(self, request: Request, customer_id: Any) -> Response:
        customer = self.customer()
        body = CustomerNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = customer_note_add(customer=customer, by=self.staff, **body.validated_data)
        return Response(CustomerNoteSerializer(note).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["customers"])
class CustomerNoteDetailView(CustomerScopedView):
    """Pin or unpin one note."""

    required_actions = requires(patch=Action.NOTE_ADD)

    @extend_schema(request=CustomerNotePinSerializer, responses=CustomerNoteSerializer)
    def patch(self, request: Request, customer_id: Any, note_id: Any) -> Response:
        customer = self.customer()
        note = (
            CustomerNote.for_dealer(customer.dealer).filter(customer=customer, pk=note_id).first()
        )
        if note is None:
            raise Http404
        body = CustomerNotePinSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = customer_note_pin(note=note, pinned=body.validated_data["pinned"])
        return Response(CustomerNoteSerializer(note).data)


@extend_schema(tags=["customers"])
class CustomerAssociationsView(CustomerScopedView):
    """The customer's links to other customers, both ways; POST adds one."""

    required_actions = requires(get=Action.CUSTOMER_VIEW, post=Action.CUSTOMER_EDIT)

    @extend_schema(responses=AssociationSerializer(many=True))
    def get(self, request: Request, customer_id: Any) -> Response:
        return Response(AssociationSerializer(associations_of(self.customer()), many=True).data)

    @extend_schema(request=AssociationInputSerializer, responses=AssociationSerializer(many=True))
    def post(self, request: Request, customer_id: Any) -> Response:
        customer = self.customer()
        body = AssociationInputSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        customer_associate(customer=customer, **body.validated_data)
        links = associations_of(customer)
        return Response(
            AssociationSerializer(links, many=True).data, status=status.HTTP_201_CREATED
        )
