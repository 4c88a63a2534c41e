"""Staff UI forms for vehicles: they parse input; the services validate and save."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q

from forecourt.customers.contact import phone_normalise
from forecourt.customers.models import Customer
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import CAPTURE_FIELDS, Fuel, MileageUnit, Vehicle
from forecourt.vehicles.services import EDITABLE_FIELDS

ISO_DATE = "%Y-%m-%d"
CUSTOMER_NOT_FOUND = "No customer matches “{value}”. Use an account number, mobile or email."
CUSTOMER_AMBIGUOUS = "{count} customers match “{value}”: be more specific."
TRANSFER_WHO = "Name the new owner, driver or lessee, or tick “No current owner”."
TRANSFER_BOTH = "Either name a new owner or tick “No current owner”, not both."
TRANSFER_NO_OWNER_RELATION = "“No current owner” ends the owner's period: choose Owner."

FIELD_LABELS = {
    "customer": "Owner",
    "vin": "VIN",
    "make": "Make",
    "model": "Model",
    "variant": "Variant",
    "year": "Model year",
    "colour": "Colour",
    "fuel": "Fuel",
    "mileage": "Mileage",
    "first_registration_date": "First registered",
    "engine": "Engine",
}


def customer_find(*, dealer: Dealer, value: str) -> Customer:
    """Return the one live customer an account number, phone, email or name names."""
    value = (value or "").strip()
    live = Customer.for_dealer(dealer).filter(erased_at__isnull=True, merged_into__isnull=True)
    query = Q(account_number__iexact=value) | Q(email__iexact=value)
    try:
        phone = phone_normalise(value, region=dealer.country)
        query |= Q(phone_mobile=phone) | Q(phone_home=phone) | Q(phone_work=phone)
    except forms.ValidationError:
        pass
    matches = list(live.filter(query)[:5])
    if not matches:
        parts = value.split()
        name = Q(company_name__icontains=value)
        if parts:
            name |= Q(last_name__iexact=parts[-1], first_name__istartswith=parts[0])
            name |= Q(last_name__iexact=value)
        matches = list(live.filter(name)[:5])
    if not matches:
        raise forms.ValidationError(CUSTOMER_NOT_FOUND.format(value=value))
    if len(matches) > 1:
        raise forms.ValidationError(CUSTOMER_AMBIGUOUS.format(count=len(matches), value=value))
    return matches[0]


class VehicleForm(forms.ModelForm):
    """Capture or edit a vehicle: only the registration is required."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner = forms.CharField(
        required=False,
        label="Owner",
        help_text="Account number, mobile, email or full name of an existing customer.",
    )
    vin = forms.CharField(required=False, max_length=20, label="VIN")
    unknown = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Not known (stop asking)",
        choices=[(name, FIELD_LABELS[name]) for name in CAPTURE_FIELDS],
    )

    class Meta:
        model = Vehicle
        # The service's editable fields; "not known" marks come from the `unknown` boxes.
        fields = [name for name in EDITABLE_FIELDS if name != "unknown_fields"]
        labels = FIELD_LABELS
        widgets = {
            "registration": forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
            ),
            # <input type=date> only takes ISO dates; the en-GB default (25/11/2026) would
            # render empty and a save would silently wipe the date.
            "first_registration_date": forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
            "mileage_date": forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
            "year": forms.NumberInput(attrs={"min": 1900, "inputmode": "numeric"}),
            "mileage": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, dealer: Dealer, owner: Customer | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.dealer = dealer
        self.fixed_owner = owner
        cast("forms.ChoiceField", self.fields["fuel"]).choices = [("", "—"), *Fuel.choices]
        cast("forms.ChoiceField", self.fields["mileage_unit"]).choices = MileageUnit.choices
        self.fields["mileage_unit"].required = False
        # A new Vehicle already carries its UUID, so "is this an edit?" is not `pk is None`.
        if not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
            self.fields["unknown"].initial = list(self.instance.unknown_fields or [])
            self.fields.pop("owner")
        else:
            self.fields["mileage_unit"].initial = "km" if dealer.country == "IN" else "mi"
            if owner is not None:
                self.fields.pop("owner")

    def vehicle_fields(self) -> list[forms.BoundField]:
        """Return the descriptive fields, for the page's 'Vehicle' section."""
        names = ("make", "model", "variant", "year", "colour", "fuel", "engine")
        return [self[name] for name in (*names, "first_registration_date")]

    def _post_clean(self) -> None:
        # Model validation (VIN, uniqueness, normalisation) runs in the service.
        pass

    def clean_owner(self) -> Customer | None:
        value = self.cleaned_data.get("owner", "")
        return customer_find(dealer=self.dealer, value=value) if value.strip() else None

    def service_data(self) -> dict[str, Any]:
        """Return cleaned values keyed by service field names."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["unknown_fields"] = sorted(data.pop("unknown", []) or [])
        owner = data.pop("owner", None) if "owner" in data else None
        if self.instance._state.adding:
            data["customer"] = self.fixed_owner or owner
        if not data.get("mileage_unit"):
            data.pop("mileage_unit", None)
        return data


class MissingFieldsForm(forms.Form):
    """The still-missing capture fields of a vehicle, each fillable or markable unknown.

    The owner is linked on the transfer page, so here it can only be marked unknown.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, vehicle: Vehicle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vehicle = vehicle
        self.fields["version"].initial = vehicle.version
        template = VehicleForm(dealer=vehicle.dealer, instance=vehicle)
        for name in vehicle.missing_fields:
            if name != "customer":
                self.fields[name] = template.fields[name]
                self.fields[name].required = False
            self.fields[f"{name}__unknown"] = forms.BooleanField(
                required=False, label=f"{FIELD_LABELS[name]} not known"
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Return (field, its 'not known' box) pairs."""
        return [
            (self[name], self[f"{name}__unknown"])
            for name in self.vehicle.missing_fields
            if name in self.fields
        ]

    def owner_unknown(self) -> forms.BoundField | None:
        """Return the 'owner not known' box while the owner is missing."""
        return self["customer__unknown"] if "customer__unknown" in self.fields else None

    def service_changes(self) -> dict[str, Any]:
        """Return the filled fields plus the updated unknown list."""
        changes: dict[str, Any] = {}
        unknown = set(self.vehicle.unknown_fields or [])
        for name in self.vehicle.missing_fields:
            value = self.cleaned_data.get(name)
            if name in self.fields and value not in (None, ""):
                changes[name] = value
            elif self.cleaned_data.get(f"{name}__unknown"):
                unknown.add(name)
        if unknown != set(self.vehicle.unknown_fields or []):
            changes["unknown_fields"] = sorted(unknown)
        return changes


class TransferForm(forms.Form):
    """Hand a vehicle to another customer, add a driver or lessee, or record it as gone."""

    owner = forms.CharField(
        required=False,
        label="New owner / driver",
        help_text="Account number, mobile, email or full name.",
    )
    relation = forms.ChoiceField(
        choices=[("owner", "Owner"), ("driver", "Driver"), ("lessee", "Lessee")]
    )
    no_owner = forms.BooleanField(
        required=False,
        label="No current owner (sold on, scrapped or exported)",
        help_text="Ends the current owner's period without naming a new one.",
    )
    reason = forms.CharField(
        required=False,
        max_length=200,
        label="Reason",
        help_text="Kept in the vehicle's history, e.g. “Sold privately”.",
    )

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dealer = dealer

    def clean_owner(self) -> Customer | None:
        value = self.cleaned_data.get("owner", "")
        return customer_find(dealer=self.dealer, value=value) if value.strip() else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        if data.get("no_owner"):
            if data.get("owner") is not None:
                self.add_error("owner", TRANSFER_BOTH)
            elif data.get("relation") != "owner":
                self.add_error("relation", TRANSFER_NO_OWNER_RELATION)
        elif data.get("owner") is None:
            self.add_error("owner", TRANSFER_WHO)
        return data


class NoteForm(forms.Form):
    """A note, optionally pinned."""

    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Note")
    pinned = forms.BooleanField(required=False, label="Pin to top")
