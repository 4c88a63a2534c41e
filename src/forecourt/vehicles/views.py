"""Staff UI for vehicles: lookup, capture, list, profile, edit, transfer, missing fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from forecourt.changes.models import Channel
from forecourt.core.errors import BusinessRuleViolation, StaleVersion
from forecourt.core.forms import add_service_errors
from forecourt.core.htmx import htmx_redirect
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers.profile import VEHICLE_TABS, vehicle_panel
from forecourt.customers.selectors import customer_get
from forecourt.service.selectors import service_due_of
from forecourt.staff.permissions import Action
from forecourt.vehicles import selectors, services
from forecourt.vehicles.forms import MissingFieldsForm, NoteForm, TransferForm, VehicleForm
from forecourt.vehicles.lookup import vehicle_lookup
from forecourt.vehicles.models import CONTACT_CHANNELS, Vehicle
from forecourt.vehicles.registration import registration_display

NOT_FOUND = "No vehicle {value} on file. Capture it below: only the registration is required."


def _vehicle_or_404(request: StaffRequest, vehicle_id: Any) -> Vehicle:
    return found_or_404(selectors.vehicle_get, dealer=request.dealer, vehicle_id=vehicle_id)


def profile_url(vehicle: Vehicle) -> str:
    """Return the 360° profile URL with this vehicle open (its owner's, or the vehicle's own)."""
    if vehicle.customer_id:
        base = reverse("customers:detail", args=[vehicle.customer_id])
        return f"{base}?{urlencode({'vehicle': str(vehicle.pk)})}"
    return reverse("vehicles:detail", args=[vehicle.pk])


@staff_view(Action.VEHICLE_VIEW)
def lookup(request: StaffRequest) -> HttpResponse:
    """Find a vehicle by registration or (partial) VIN: found → profile; not found → capture."""
    # ?registration= and ?vin= work too, so links written for the API open the same vehicle.
    params = request.GET
    query = (params.get("q") or params.get("registration") or params.get("vin") or "").strip()
    if not query:
        return render(request, "vehicles/lookup.html", {"query": ""})
    try:
        found = vehicle_lookup(dealer=request.dealer, query=query)
    except BusinessRuleViolation as exc:
        return render(
            request,
            "vehicles/lookup.html",
            {"query": query, "error": exc.message, "matches": exc.extra.get("matches", [])},
        )
    if found is None:
        messages.warning(request, NOT_FOUND.format(value=registration_display(query)))
        return redirect(f"{reverse('vehicles:capture')}?{urlencode({'registration': query})}")
    for notice in found.notices:
        messages.warning(request, notice)
    if found.vehicle.missing_fields:
        messages.info(
            request,
            f"Still to capture for {found.vehicle.registration}: "
            f"{len(found.vehicle.missing_fields)} field(s), see “Still to capture”.",
        )
    return redirect(profile_url(found.vehicle))


@staff_view(Action.VEHICLE_CREATE)
def capture(request: StaffRequest) -> HttpResponse:
    """Capture a new vehicle; every field but the registration may be skipped."""
    owner = None
    owner_id = request.GET.get("customer") or request.POST.get("customer")
    if owner_id:
        owner = found_or_404(customer_get, dealer=request.dealer, customer_id=owner_id)
    initial = {"registration": registration_display(request.GET.get("registration", ""))}
    form = VehicleForm(request.POST or None, dealer=request.dealer, owner=owner, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = services.vehicle_create(
                dealer=request.dealer, by=request.user, channel=Channel.UI, data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            for warning in getattr(vehicle, "warnings", []):
                messages.warning(request, warning)
            messages.success(request, f"Vehicle {vehicle.registration} captured.")
            return htmx_redirect(request, profile_url(vehicle)) or redirect(profile_url(vehicle))
    return render(request, "vehicles/form.html", {"form": form, "vehicle": None, "owner": owner})


@staff_view(Action.VEHICLE_VIEW)
def vehicle_list(request: StaffRequest) -> HttpResponse:
    """List the dealer's vehicles by registration, filterable by plate or VIN, paginated."""
    query = request.GET.get("q", "").strip()
    queryset = selectors.vehicle_list(dealer=request.dealer)
    if query:
        by_plate = selectors.vehicle_list(dealer=request.dealer, registration=query)
        queryset = (
            by_plate
            if by_plate.exists()
            else selectors.vehicle_list(dealer=request.dealer, vin=query)
        )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "vehicles/list.html",
        {
            "page": page,
            "vehicles": page.object_list,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )


@staff_view(Action.VEHICLE_VIEW)
def vehicle_detail(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """Open the vehicle on its owner's 360° profile, or show it alone when it has no owner."""
    vehicle = _vehicle_or_404(request, vehicle_id)
    if vehicle.customer_id:
        return redirect(profile_url(vehicle))
    vehicle._due = service_due_of(vehicle)  # type: ignore[attr-defined]
    panel = vehicle_panel(vehicle=vehicle, page=request.GET.get("page", 1))
    return render(
        request,
        "vehicles/detail.html",
        {
            "vehicle": vehicle,
            "panel": panel,
            "tab": request.GET.get("tab", "overview"),
            "vehicle_tabs": VEHICLE_TABS,
            "history_query": urlencode({"vehicle": str(vehicle.pk), "tab": "history"}),
            "missing_form": MissingFieldsForm(vehicle=vehicle),
            "note_form": NoteForm(),
        },
    )


@staff_view(Action.VEHICLE_EDIT)
def vehicle_edit(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """Edit a vehicle; a new plate keeps the old one findable; stale versions are refused."""
    vehicle = _vehicle_or_404(request, vehicle_id)
    form = VehicleForm(request.POST or None, instance=vehicle, dealer=request.dealer)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = services.vehicle_update(
                vehicle=vehicle,
                by=request.user,
                channel=Channel.UI,
                changes=form.service_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, f"Vehicle {vehicle.registration} saved.")
            return htmx_redirect(request, profile_url(vehicle)) or redirect(profile_url(vehicle))
    return render(request, "vehicles/form.html", {"form": form, "vehicle": vehicle}, status=status)


@require_POST
@staff_view(Action.VEHICLE_EDIT)
def vehicle_missing(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """Fill in or mark unknown the fields skipped at capture."""
    vehicle = _vehicle_or_404(request, vehicle_id)
    form = MissingFieldsForm(request.POST, vehicle=vehicle)
    if form.is_valid():
        try:
            vehicle = services.vehicle_update(
                vehicle=vehicle,
                by=request.user,
                channel=Channel.UI,
                changes=form.service_changes(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                messages.error(request, f"{field}: {' '.join(errors)}")
        except StaleVersion as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Vehicle details updated.")
    else:
        messages.error(request, "Check the values entered.")
    return redirect(profile_url(vehicle))


@staff_view(Action.VEHICLE_EDIT)
def vehicle_transfer(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """Hand the vehicle to another customer (owner), add a driver or lessee, or end ownership."""
    vehicle = _vehicle_or_404(request, vehicle_id)
    form = TransferForm(request.POST or None, dealer=request.dealer)
    if request.method == "POST" and form.is_valid():
        try:
            vehicle = services.vehicle_transfer(
                vehicle=vehicle,
                to_customer=form.cleaned_data["owner"],
                relation=form.cleaned_data["relation"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                channel=Channel.UI,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (StaleVersion, BusinessRuleViolation) as exc:
            form.add_error(None, exc.message)
        else:
            vehicle.refresh_from_db()
            messages.success(request, f"{vehicle.registration}: ownership updated, history kept.")
            return redirect(profile_url(vehicle))
    return render(request, "vehicles/transfer.html", {"form": form, "vehicle": vehicle})


@require_POST
@staff_view(Action.VEHICLE_EDIT)
def vehicle_contact_preferences(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """Set (or clear) the owner's channels for messages about this vehicle."""
    vehicle = _vehicle_or_404(request, vehicle_id)
    try:
        if request.POST.get("action") == "clear":
            services.vehicle_contact_preferences_clear(
                vehicle=vehicle, by=request.user, channel=Channel.UI
            )
            messages.success(
                request, "This vehicle now follows the customer's overall preferences."
            )
        else:
            services.vehicle_contact_preferences_set(
                vehicle=vehicle,
                by=request.user,
                channel=Channel.UI,
                preferences={name: name in request.POST for name in CONTACT_CHANNELS},
            )
            messages.success(request, f"Contact preferences saved for {vehicle.registration}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{profile_url(vehicle)}#vehicle")


@require_POST
@staff_view(Action.NOTE_ADD)
def vehicle_note_add(request: StaffRequest, vehicle_id: Any) -> HttpResponse:
    """Add a note to a vehicle."""
    vehicle = _vehicle_or_404(request, vehicle_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.vehicle_note_add(vehicle=vehicle, by=request.user, **form.cleaned_data)
        messages.success(request, "Vehicle note added.")
    else:
        messages.error(request, "Write the note first.")
    return redirect(profile_url(vehicle))
