"""API shapes of visits, recommendations, due dates and jobs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from forecourt.core.api import StrictInputMixin
from forecourt.core.references import DealerRecordField, DealerStaffField
from forecourt.service.models import (
    Job,
    Recommendation,
    RecommendationStatus,
    ServiceDue,
    ServiceVisit,
    VisitLine,
)
from forecourt.service.selectors import due_items
from forecourt.staff.models import User
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.serializers import DealerCustomerField


class VisitLineSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A labour or part line of a visit."""

    class Meta:
        model = VisitLine
        fields = ["kind", "description", "quantity", "amount"]


class RecommendationInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Advisory work to record."""

    class Meta:
        model = Recommendation
        fields = ["text", "severity", "estimate"]


class RecommendationSerializer(serializers.ModelSerializer):
    """Advisory work and whether it is still outstanding."""

    visit_date = serializers.DateField(source="visit.visited_on", read_only=True, default=None)
    resolved_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "text",
            "severity",
            "estimate",
            "status",
            "resolved_on",
            "resolved_by",
            "visit",
            "visit_date",
            "created_at",
        ]
        read_only_fields = fields


class RecommendationStatusSerializer(StrictInputMixin, serializers.Serializer):
    """A recommendation's new status."""

    status = serializers.ChoiceField(choices=RecommendationStatus.choices)


class ServiceVisitSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A workshop visit with its lines; `amount` is the sum of the lines.

    `advisor` defaults to the caller; `recommendations` (write only) are recorded with it.
    """

    lines = VisitLineSerializer(many=True, required=False)
    recommendations = RecommendationInputSerializer(many=True, required=False, write_only=True)
    advisor = DealerStaffField(required=False, allow_null=True)
    advisor_name = serializers.SerializerMethodField()
    odometer_replaced = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text="The odometer was replaced: accept a reading below earlier visits'.",
    )
    vehicle = serializers.UUIDField(source="vehicle_id", read_only=True)
    registration = serializers.CharField(source="vehicle.registration", read_only=True)

    class Meta:
        model = ServiceVisit
        fields = [
            "id",
            "vehicle",
            "registration",
            "visited_on",
            "mileage",
            "advisor",
            "advisor_name",
            "summary",
            "invoice_ref",
            "amount",
            "lines",
            "recommendations",
            "odometer_replaced",
            "created_at",
        ]
        read_only_fields = ["id", "amount", "created_at"]

    def get_advisor_name(self, visit: ServiceVisit) -> str:
        return visit.advisor.get_full_name() if visit.advisor else ""


class ServiceDueSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Next service date/mileage and MOT date, with overdue / due-soon flags."""

    flags = serializers.SerializerMethodField()

    class Meta:
        model = ServiceDue
        fields = ["next_service_date", "next_service_mileage", "next_mot_date", "flags"]

    def get_flags(self, due: ServiceDue) -> list[dict[str, Any]]:
        vehicle: Vehicle = self.context["vehicle"]
        return [
            {
                "label": item.label,
                "due_on": item.due_on,
                "due_mileage": item.due_mileage,
                "overdue": item.overdue,
                "due_soon": item.due_soon,
            }
            for item in due_items(vehicle=vehicle, due=due)
        ]


class JobSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A Service WIP or Parts WIP job linked to a customer and vehicle."""

    customer = DealerCustomerField(required=False, allow_null=True)
    vehicle = DealerRecordField(Vehicle, required=False, allow_null=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "customer",
            "vehicle",
            "description",
            "created_at",
        ]
        read_only_fields = ["id", "number", "status", "created_at"]
