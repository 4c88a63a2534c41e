"""Staff UI forms for customers: they parse input; the service validates and saves."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from forecourt.customers.contact import phone_display
from forecourt.customers.models import BUILTIN_CATEGORIES, Customer, CustomerCategory
from forecourt.customers.services import EDITABLE_FIELDS, PHONE_FIELDS
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer

FIELDSETS = [
    (
        "Identity",
        [
            "kind",
            "category",
            "title",
            "first_name",
            "middle_name",
            "last_name",
            "company_name",
            "contact_name",
            "birth_date",
            "gender",
            "language",
        ],
    ),
    (
        "Contact",
        ["phone_mobile", "phone_home", "phone_work", "fax", "email", "email_2", "default_email"],
    ),
    (
        "Address",
        ["postal_code", "address_line1", "address_line2", "city", "region", "county", "country"],
    ),
    ("National IDs", ["pan", "aadhaar"]),
    ("Account", ["account_number", "payment_terms", "credit_limit", "balance", "on_stop"]),
    (
        "Preferences",
        [
            "contact_phone",
            "contact_sms",
            "contact_email",
            "contact_post",
            "day_night",
            "preferred_advisor",
            "fleet",
            "social_handle",
            "assigned_staff",
        ],
    ),
]


class CustomerForm(forms.ModelForm):
    """All directly editable customer fields, grouped for the page; carries the version.

    PAN and Aadhaar are never shown in clear: the inputs start empty (the masked value is
    the help text) and an empty input keeps what is stored.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    pan = forms.CharField(
        label="PAN",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    aadhaar = forms.CharField(
        label="Aadhaar",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    reason = forms.CharField(
        label="Reason for change",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when names, phones, emails, address, category, PAN or Aadhaar "
        "change: the customer then confirms with an OTP.",
    )
    category = forms.ChoiceField()
    assigned_staff = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, help_text="Up to two staff members."
    )

    class Meta:
        model = Customer
        fields = [f for f in EDITABLE_FIELDS if f != "external_id"]
        labels = {
            "phone_mobile": "Mobile",
            "phone_home": "Home phone",
            "phone_work": "Work phone",
            "email_2": "Second email",
            "default_email": "Email is required (default email)",
            "address_line1": "Address line 1",
            "address_line2": "Address line 2",
            "region": "State / region",
            "contact_phone": "Phone calls OK",
            "contact_sms": "SMS OK",
            "contact_email": "Email OK",
            "contact_post": "Post OK",
            "day_night": "Contact time",
            "on_stop": "Account on stop",
            "fleet": "Fleet customer",
        }
        widgets = {
            # <input type=date> only understands ISO dates; a localised value would show empty.
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "email_2": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone_mobile": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "phone_home": forms.TextInput(attrs={"type": "tel"}),
            "phone_work": forms.TextInput(attrs={"type": "tel"}),
            "fax": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args: Any, dealer: Dealer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(dealer=dealer, is_active=True).order_by("username")
        cast("forms.ModelChoiceField[User]", self.fields["preferred_advisor"]).queryset = staff
        cast("forms.ModelChoiceField[User]", self.fields["assigned_staff"]).queryset = staff
        extra = CustomerCategory.for_dealer(dealer).values_list("code", "label")
        category = cast("forms.ChoiceField", self.fields["category"])
        category.choices = [*BUILTIN_CATEGORIES.items(), *extra]
        # Leaving the postal code fills city, region, county and country (postcode.js).
        self.fields["postal_code"].widget.attrs.update(
            {"data-postcode-autofill": "/api/v1/postcodes/", "data-default-country": dealer.country}
        )
        # Fields with a model default may be left empty on the form; the default then applies.
        for name in ("balance", "day_night", "kind", "category"):
            self.fields[name].required = False
        for name in ("pan", "aadhaar"):
            masked = getattr(self.instance, f"{name}_masked", "")
            self.fields[name].help_text = (
                f"On file: {masked}. Leave empty to keep it." if masked else "Not recorded."
            )
        if not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
            # Staff read and type phones nationally; the service stores E.164 either way.
            for name in PHONE_FIELDS:
                self.initial[name] = phone_display(
                    getattr(self.instance, name), region=self.instance.country or dealer.country
                )
            self.fields["assigned_staff"].initial = list(self.instance.assigned_staff.all())
        # Normalisation happens in the service, so the browser may send any phone/email shape.
        for name in ("email", "email_2"):
            self.fields[name] = forms.CharField(
                required=False,
                max_length=254,
                widget=self.fields[name].widget,
                label=self.fields[name].label,
            )

    def _post_clean(self) -> None:
        # Model validation runs in the service (customer_validate), not on the form.
        pass

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return the bound fields grouped into the page's sections."""
        return [(title, [self[name] for name in names]) for title, names in FIELDSETS]

    def service_data(self) -> dict[str, Any]:
        """Return cleaned values keyed by service field names (without version, staff, reason).

        Identifiers are included only when typed, so an empty input keeps the stored value.
        """
        data = dict(self.cleaned_data)
        for name in ("version", "assigned_staff", "reason"):
            data.pop(name, None)
        for name in ("pan", "aadhaar"):
            if not data.get(name):
                data.pop(name, None)
        for name in ("balance", "day_night", "kind", "category"):
            if data.get(name) in (None, ""):
                data.pop(name, None)
        return data
