"""Profile actions that are not field edits: customer notes and associations (SPEC B9, B10)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers.identity import IDENTITY_FIELDS, KINDS
from forecourt.customers.models import (
    BUILTIN_CATEGORIES,
    AssociationType,
    Customer,
    CustomerNote,
)
from forecourt.customers.relations import customer_associate, customer_note_add, customer_note_pin
from forecourt.customers.selectors import customer_get, customer_list
from forecourt.sales.selectors import booking_list
from forecourt.staff.permissions import Action, can
from forecourt.vehicles.forms import NoteForm, customer_find


class AssociationForm(forms.Form):
    """Link this customer to another one."""

    kind = forms.ChoiceField(
        choices=AssociationType.choices,
        label="Link type",
        widget=forms.Select(attrs={"id": "assoc-kind"}),
    )
    other = forms.CharField(
        label="Other customer", help_text="Account number, mobile, email or full name."
    )


def _customer_or_404(request: StaffRequest, customer_id: Any) -> Customer:
    return found_or_404(customer_get, dealer=request.dealer, customer_id=customer_id)


@staff_view(Action.NOTE_ADD)
def note_add(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """Add a note to a customer (POST)."""
    customer = _customer_or_404(request, customer_id)
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            customer_note_add(customer=customer, by=request.user, **form.cleaned_data)
            messages.success(request, "Note added.")
        else:
            messages.error(request, "Write the note first.")
    return redirect(f"{customer.get_absolute_url()}#notes")


@staff_view(Action.NOTE_ADD)
def note_pin(request: StaffRequest, customer_id: Any, note_id: Any) -> HttpResponse:
    """Pin or unpin a customer note (POST)."""
    customer = _customer_or_404(request, customer_id)
    if request.method == "POST":
        note = CustomerNote.for_dealer(request.dealer).filter(customer=customer, pk=note_id).first()
        if note is None:
            raise Http404("No such note.")
        customer_note_pin(note=note, pinned=request.POST.get("pinned") == "1")
    return redirect(f"{customer.get_absolute_url()}#notes")


@staff_view(Action.CUSTOMER_EDIT)
def associate(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """Link the customer to another customer of the dealer (POST)."""
    customer = _customer_or_404(request, customer_id)
    if request.method == "POST":
        form = AssociationForm(request.POST)
        if form.is_valid():
            try:
                other = customer_find(dealer=request.dealer, value=form.cleaned_data["other"])
                customer_list(dealer=request.dealer).get(pk=other.pk)
                customer_associate(customer=customer, related=other, kind=form.cleaned_data["kind"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Linked to {other.display_name}.")
        else:
            messages.error(request, "Choose a link type and the other customer.")
    return redirect(f"{customer.get_absolute_url()}#associations")


def profile_page(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """Render the 360° profile; ?vehicle= opens a vehicle, ?page= pages its service history."""
    from django.shortcuts import render
    from django.utils.http import urlencode

    from forecourt.customers.profile import VEHICLE_TABS, customer_profile
    from forecourt.vehicles.forms import MissingFieldsForm

    profile = found_or_404(
        customer_profile,
        dealer=request.dealer,
        customer_id=customer_id,
        vehicle_id=request.GET.get("vehicle"),
        page=request.GET.get("page", 1),
    )
    selected = profile.selected.vehicle if profile.selected else None
    history_query = urlencode({"vehicle": str(selected.pk), "tab": "history"}) if selected else ""
    context = {
        "customer": profile.customer,
        "profile": profile,
        "panel": profile.selected,
        "vehicle": selected,
        "tab": request.GET.get("tab", "overview"),
        "vehicle_tabs": VEHICLE_TABS,
        "history_query": history_query,
        "missing_form": MissingFieldsForm(vehicle=selected) if selected else None,
        "note_form": NoteForm(),
        "association_form": AssociationForm(),
        "category_label": BUILTIN_CATEGORIES.get(
            profile.customer.category, profile.customer.category.replace("_", " ").capitalize()
        ),
        "bookings": list(booking_list(dealer=request.dealer, customer_id=profile.customer.pk)[:20]),
        "can_book": can(request.user, Action.BOOKING_MANAGE),
        "can_reveal": can(request.user, Action.IDENTITY_REVEAL),
        "can_verify_info": can(request.user, Action.CUSTOMER_VERIFY_INFO),
        "identity_rows": [
            (KINDS[name].label, name, getattr(profile.customer, f"{name}_masked"))
            for name in IDENTITY_FIELDS
        ],
        "language_label": language_name(profile.customer.language),
        "customer_channels": [
            ("Phone", profile.customer.contact_phone),
            ("SMS", profile.customer.contact_sms),
            ("Email", profile.customer.contact_email),
            ("Post", profile.customer.contact_post),
        ],
    }
    return render(request, "customers/detail.html", context)


def language_name(code: str) -> str:
    """Return a language code as staff read it ("hi" → "Hindi"); unknown codes stay as given."""
    from django.conf.locale import LANG_INFO

    return str(LANG_INFO.get((code or "").lower(), {}).get("name", code or ""))


@staff_view(Action.CUSTOMER_VIEW)
def communicate(request: StaffRequest, customer_id: Any) -> HttpResponse:
    """The "send a communication" quick action: how the customer may be contacted.

    Sending SMS or email from Forecourt arrives with the communications feature (SPEC G1);
    until then this page sends nothing and says so.
    """
    from django.shortcuts import render

    from forecourt.customers.contact import phone_display

    customer = _customer_or_404(request, customer_id)
    region = customer.dealer.country
    rows = [
        ("Mobile (SMS)", phone_display(customer.phone_mobile, region=region), customer.contact_sms),
        (
            "Phone",
            phone_display(
                customer.phone_mobile or customer.phone_home or customer.phone_work, region=region
            ),
            customer.contact_phone,
        ),
        ("Email", customer.email, customer.contact_email),
        (
            "Post",
            customer.postal_code and f"{customer.address_line1}, {customer.postal_code}",
            customer.contact_post,
        ),
    ]
    return render(
        request,
        "vehicles/communicate.html",
        {"customer": customer, "rows": rows, "language_label": language_name(customer.language)},
    )
