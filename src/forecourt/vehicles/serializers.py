"""API shapes of vehicles, owners, plate changes and the lookup answer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forecourt.core.api import StrictInputMixin
from forecourt.core.references import DealerRecordField
from forecourt.customers.contact import phone_display
from forecourt.customers.models import Customer
from forecourt.customers.selectors import customer_list
from forecourt.staff.models import User
from forecourt.vehicles import services
from forecourt.vehicles.models import (
    CONTACT_CHANNELS,
    Ownership,
    PlateChange,
    Relation,
    Vehicle,
    VehicleNote,
)
from forecourt.vehicles.vin import vin_hints


def _live_customers(dealer: Any) -> Any:
    return customer_list(dealer=dealer)


class DealerCustomerField(DealerRecordField):
    """A live customer of the requesting dealer, by id (another dealer's id is 'not found')."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Customer, rows=_live_customers, **kwargs)


class VinHintsSerializer(serializers.Serializer):
    """What the VIN itself says (vininfo); empty when there is no VIN."""

    manufacturer = serializers.CharField(required=False)
    country = serializers.CharField(required=False)
    years = serializers.ListField(child=serializers.IntegerField(), required=False)


class VehicleSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A vehicle as the API reads and writes it; only `registration` is required."""

    customer = DealerCustomerField(required=False, allow_null=True)
    missing_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    description = serializers.CharField(read_only=True)
    warnings = serializers.SerializerMethodField()
    vin_hints = serializers.SerializerMethodField()

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
            "vin_hints",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "version", "registration_normalised", "created_at", "updated_at"]
        # Normalisation, VIN checks and uniqueness live in the service.
        validators: list[Any] = []
        extra_kwargs: dict[str, dict[str, Any]] = {
            "vin": {"validators": []},
            "registration": {"validators": []},
        }

    def get_warnings(self, vehicle: Vehicle) -> list[str]:
        return list(getattr(vehicle, "warnings", []))

    @extend_schema_field(VinHintsSerializer)
    def get_vin_hints(self, vehicle: Vehicle) -> dict[str, Any]:
        return vin_hints(vehicle.vin)


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

    author: serializers.StringRelatedField[User] = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = VehicleNote
        fields = ["id", "body", "pinned", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class TransferSerializer(StrictInputMixin, serializers.Serializer):
    """Who takes the vehicle, and in what relation."""

    customer = DealerCustomerField(allow_null=True)
    relation = serializers.ChoiceField(choices=Relation.choices, default=Relation.OWNER)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class VehicleContactPreferencesSerializer(serializers.Serializer):
    """The owner's channels for messages about one vehicle, and where each setting comes from.

    `vehicle_specific` false means the customer's overall preferences apply unchanged;
    `effective` is what messaging honours (an overall opt-out always wins).
    """

    customer = serializers.UUIDField(allow_null=True)
    vehicle_specific = serializers.BooleanField()
    contact_phone = serializers.BooleanField()
    contact_sms = serializers.BooleanField()
    contact_email = serializers.BooleanField()
    contact_post = serializers.BooleanField()
    effective = serializers.DictField(child=serializers.BooleanField())


class VehicleContactPreferencesInputSerializer(StrictInputMixin, serializers.Serializer):
    """Per-vehicle opt-ins to change; omitted channels keep their value."""

    contact_phone = serializers.BooleanField(required=False)
    contact_sms = serializers.BooleanField(required=False)
    contact_email = serializers.BooleanField(required=False)
    contact_post = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(name in attrs for name in CONTACT_CHANNELS):
            raise serializers.ValidationError(
                {"non_field_errors": ["Give at least one of " + ", ".join(CONTACT_CHANNELS) + "."]}
            )
        return attrs
