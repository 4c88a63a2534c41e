"""API shapes of vehicles, owners, plate changes and the lookup answer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forecourt.core.api import StrictInputMixin
from forecourt.customers.contact import phone_display
from forecourt.customers.models import Customer
from forecourt.vehicles import services
from forecourt.vehicles.models import Ownership, PlateChange, Vehicle, VehicleNote


@extend_schema_field(OpenApiTypes.UUID)
class DealerCustomerField(serializers.PrimaryKeyRelatedField):
    """A live customer of the requesting dealer, by id (another dealer's id is 'not found')."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        dealer = getattr(getattr(request, "user", None), "dealer", None)
        if dealer is None:
            return Customer.objects.none()
        return Customer.for_dealer(dealer).filter(erased_at__isnull=True, merged_into__isnull=True)


class VehicleSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A vehicle as the API reads and writes it; only `registration` is required."""

    customer = DealerCustomerField(required=False, allow_null=True)
    missing_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    description = serializers.CharField(read_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "version",
            *services.EDITABLE_FIELDS,
            "customer",
            "registration_normalised",
            "description",
            "missing_fields",
            "warnings",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "registration_normalised", "created_at", "updated_at"]
        # Normalisation, VIN checks and uniqueness live in the service.
        validators: list[Any] = []
        extra_kwargs = {"vin": {"validators": []}, "registration": {"validators": []}}

    def get_warnings(self, vehicle: Vehicle) -> list[str]:
        return list(getattr(vehicle, "warnings", []))


class CustomerSummarySerializer(serializers.ModelSerializer):
    """The customer facts a lookup answers with."""

    display_name = serializers.CharField(read_only=True)
    phone_mobile_display = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = [
            "id",
            "display_name",
            "kind",
            "phone_mobile",
            "phone_mobile_display",
            "email",
            "postal_code",
            "account_number",
            "on_stop",
        ]

    def get_phone_mobile_display(self, customer: Customer) -> str:
        return phone_display(customer.phone_mobile, region=customer.dealer.country)


class OwnershipSerializer(serializers.ModelSerializer):
    """One owner/driver/lessee period of a vehicle."""

    customer_name = serializers.CharField(source="customer.display_name", read_only=True)

    class Meta:
        model = Ownership
        fields = ["id", "customer", "customer_name", "relation", "started_on", "ended_on"]


class PlateChangeSerializer(serializers.ModelSerializer):
    """A registration change of a vehicle."""

    class Meta:
        model = PlateChange
        fields = ["old_registration", "new_registration", "changed_on"]


class VehicleNoteSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A note on a vehicle."""

    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = VehicleNote
        fields = ["id", "body", "pinned", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class TransferSerializer(StrictInputMixin, serializers.Serializer):
    """Who takes the vehicle, and in what relation."""

    customer = DealerCustomerField(allow_null=True)
    relation = serializers.ChoiceField(choices=["owner", "driver", "lessee"], default="owner")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
