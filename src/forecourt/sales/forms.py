"""Staff UI forms for bookings: they find the customer and vehicle; the service decides."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from forecourt.customers.models import Customer
from forecourt.sales.models import BookingStatus
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.forms import customer_find
from forecourt.vehicles.lookup import vehicle_lookup

VEHICLE_NOT_FOUND = "No vehicle with registration or VIN “{value}”. Capture it first."


class BookingForm(forms.Form):
    """Book a sale: customer (by account number, mobile, email or name), vehicle, value."""

    customer = forms.CharField(
        label="Customer",
        help_text="Account number, mobile, email or full name.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    vehicle = forms.CharField(
        label="Vehicle",
        required=False,
        help_text="Registration or VIN; leave empty if the vehicle is not in stock yet.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    salesperson = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Me"
    )
    sale_value = forms.DecimalField(
        label="Sale value", max_digits=14, decimal_places=2, min_value=0.01
    )
    booked_on = forms.DateField(
        label="Booked on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dealer = dealer
        salesperson = cast("forms.ModelChoiceField[User]", self.fields["salesperson"])
        salesperson.queryset = User.objects.filter(dealer=dealer, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["sale_value"].label = f"Sale value ({dealer.currency})"

    def clean_customer(self) -> Customer:
        return customer_find(dealer=self.dealer, value=self.cleaned_data["customer"])

    def clean_vehicle(self) -> Any:
        value = self.cleaned_data["vehicle"].strip()
        if not value:
            return None
        found = vehicle_lookup(dealer=self.dealer, query=value)
        if found is None:
            raise forms.ValidationError(VEHICLE_NOT_FOUND.format(value=value))
        return found.vehicle


class WorksheetFilterForm(forms.Form):
    """The worksheet's status tabs and page."""

    status = forms.ChoiceField(choices=[("", "All"), *BookingStatus.choices], required=False)
