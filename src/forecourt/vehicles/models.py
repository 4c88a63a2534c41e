"""Vehicles, their owners over time and their plates over time (SPEC C1, C2, B6, B9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forecourt.core.models import StaffNote, TenantModel


class Fuel(models.TextChoices):
    PETROL = "petrol", "Petrol"
    DIESEL = "diesel", "Diesel"
    HYBRID = "hybrid", "Hybrid"
    ELECTRIC = "electric", "Electric"
    LPG = "lpg", "LPG"
    CNG = "cng", "CNG"
    OTHER = "other", "Other"


class MileageUnit(models.TextChoices):
    MILES = "mi", "miles"
    KILOMETRES = "km", "km"


class Relation(models.TextChoices):
    OWNER = "owner", "Owner"
    DRIVER = "driver", "Driver"
    LESSEE = "lessee", "Lessee"


# Fields the capture form offers; an empty one is prompted on every lookup until it is
# filled or marked unknown (SPEC C4). Order is the order staff are asked in.
CAPTURE_FIELDS = (
    "customer",
    "vin",
    "make",
    "model",
    "variant",
    "year",
    "colour",
    "fuel",
    "mileage",
    "first_registration_date",
)


# The channels a customer can opt in or out of, overall and per vehicle (SPEC B6).
CONTACT_CHANNELS = ("contact_phone", "contact_sms", "contact_email", "contact_post")


class Vehicle(TenantModel):
    """A vehicle the dealer knows, identified by itself rather than by its current plate."""

    version = models.PositiveIntegerField(default=1)
    registration = models.CharField(max_length=20)
    registration_normalised = models.CharField(max_length=20)
    vin = models.CharField(max_length=17, blank=True)
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    variant = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    colour = models.CharField(max_length=40, blank=True)
    fuel = models.CharField(max_length=10, choices=Fuel.choices, blank=True)
    engine = models.CharField(max_length=60, blank=True)
    first_registration_date = models.DateField(null=True, blank=True)
    mileage = models.PositiveIntegerField(null=True, blank=True)
    mileage_unit = models.CharField(max_length=2, choices=MileageUnit.choices, default="mi")
    mileage_date = models.DateField(null=True, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vehicles",
    )
    unknown_fields = models.JSONField(default=list, blank=True)
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["registration_normalised"]
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "registration_normalised"], name="vehicle_registration_unique"
            ),
            models.UniqueConstraint(
                fields=["dealer", "vin"], condition=~models.Q(vin=""), name="vehicle_vin_unique"
            ),
        ]
        indexes = [models.Index(fields=["dealer", "customer"], name="vehicle_dealer_customer")]

    def __str__(self) -> str:
        return self.registration

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("vehicles:detail", args=[self.pk])

    @property
    def description(self) -> str:
        """Return 'year make model variant' as far as known."""
        parts = [str(self.year or ""), self.make, self.model, self.variant]
        return " ".join(p for p in parts if p) or "Vehicle details not captured"

    @property
    def missing_fields(self) -> list[str]:
        """Return the capture fields still empty and not marked unknown, in prompt order."""
        unknown = set(self.unknown_fields or [])
        missing = []
        for name in CAPTURE_FIELDS:
            attname = "customer_id" if name == "customer" else name
            if name not in unknown and getattr(self, attname) in (None, ""):
                missing.append(name)
        return missing


class Ownership(TenantModel):
    """A customer's relation to a vehicle over a period; `ended_on` empty means current."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="ownerships")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="ownerships"
    )
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.OWNER)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        indexes = [
            models.Index(fields=["dealer", "customer"], name="ownership_dealer_customer"),
            models.Index(fields=["vehicle", "-started_on"], name="ownership_vehicle_started"),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} of {self.vehicle_id} from {self.started_on}"

    @property
    def is_current(self) -> bool:
        """True while the relation has not ended."""
        return self.ended_on is None


class PlateChange(TenantModel):
    """A registration change: the old plate keeps finding the vehicle."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="plate_changes")
    old_registration = models.CharField(max_length=20)
    old_normalised = models.CharField(max_length=20)
    new_registration = models.CharField(max_length=20)
    changed_on = models.DateField()

    class Meta:
        ordering = ["-changed_on", "-created_at"]
        indexes = [models.Index(fields=["dealer", "old_normalised"], name="plate_dealer_old")]

    def __str__(self) -> str:
        return f"{self.old_registration} → {self.new_registration} on {self.changed_on}"


class VehicleNote(StaffNote):
    """A note about a vehicle, separate from its change history (SPEC B9)."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="notes")


class VehicleContactPreference(TenantModel):
    """A customer's contact opt-ins for messages about one vehicle (SPEC B6, per VIN)."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="contact_prefs")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="vehicle_contact_prefs"
    )
    contact_phone = models.BooleanField(default=True)
    contact_sms = models.BooleanField(default=True)
    contact_email = models.BooleanField(default=True)
    contact_post = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "customer"], name="vehicle_contact_pref_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Contact preferences for {self.vehicle_id}"
