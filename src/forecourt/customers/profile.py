"""The 360° customer profile (SPEC B13): everything on one screen in a bounded number of queries.

Each panel is one query (or one page of one query), whatever the history length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator

from forecourt.customers.models import Customer, CustomerNote
from forecourt.customers.relations import Link, associations_of
from forecourt.customers.selectors import customer_get
from forecourt.service.models import Job, JobStatus, Recommendation
from forecourt.service.selectors import (
    DueItem,
    due_items,
    recommendations_for,
    service_due_of,
    visits_for,
)
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import Ownership, PlateChange, Vehicle, VehicleNote
from forecourt.vehicles.selectors import vehicle_contact_preferences
from forecourt.vehicles.vin import vin_hints

VISITS_PER_PAGE = 10
VEHICLE_TABS = [
    ("overview", "Overview"),
    ("history", "Service history"),
    ("owners", "Owners & plates"),
    ("notes", "Vehicle notes"),
]


CHANNEL_LABELS = {
    "contact_phone": "Phone",
    "contact_sms": "SMS",
    "contact_email": "Email",
    "contact_post": "Post",
}


@dataclass
class VehiclePanel:
    """The selected vehicle with its history, due dates, notes and per-vehicle contact."""

    vehicle: Vehicle
    visits: Page
    due: list[DueItem]
    ownerships: list[Ownership]
    plate_changes: list[PlateChange]
    notes: list[VehicleNote]
    vin_hints: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] | None = None

    @property
    def contact_rows(self) -> list[tuple[str, str, bool, bool]]:
        """Return (channel, label, set for this vehicle, effective) rows for the owner."""
        if not self.contact:
            return []
        return [
            (name, label, self.contact[name], self.contact["effective"][name])
            for name, label in CHANNEL_LABELS.items()
        ]


@dataclass
class Profile:
    """What the 360° page shows for one customer."""

    customer: Customer
    vehicles: list[Vehicle]
    past_ownerships: list[Ownership]
    selected: VehiclePanel | None
    recommendations: list[Recommendation]
    notes: list[CustomerNote]
    associations: list[Link]
    open_jobs: list[Job]


def vehicle_panel(*, vehicle: Vehicle, page: Any = 1, owner_view: bool = True) -> VehiclePanel:
    """Return one vehicle's panel: a page of visits, due flags, owners, plates, notes.

    `owner_view` is False when a past owner's profile shows the vehicle: its current
    owner's contact preferences are not theirs to see.
    """
    visits = Paginator(visits_for(vehicle=vehicle), VISITS_PER_PAGE).get_page(page)
    return VehiclePanel(
        vehicle=vehicle,
        visits=visits,
        due=due_items(vehicle=vehicle, due=getattr(vehicle, "_due", None)),
        ownerships=list(
            vehicle.ownerships.select_related("customer").order_by("-started_on", "-created_at")
        ),
        plate_changes=list(vehicle.plate_changes.order_by("-changed_on", "-created_at")),
        notes=list(vehicle.notes.select_related("author")),
        vin_hints=vin_hints(vehicle.vin),
        contact=(
            vehicle_contact_preferences(vehicle) if owner_view and vehicle.customer_id else None
        ),
    )


def customer_profile(
    *, dealer: Dealer, customer_id: Any, vehicle_id: Any = None, page: Any = 1
) -> Profile:
    """Return the 360° profile of a customer, with `vehicle_id` (or the first vehicle) open."""
    customer = customer_get(dealer=dealer, customer_id=customer_id)
    vehicles = list(
        Vehicle.for_dealer(dealer)
        .filter(customer=customer)
        .select_related("service_due", "dealer")
        .order_by("-updated_at")
    )
    for vehicle in vehicles:
        vehicle.customer = customer  # already loaded: spare a query per vehicle
        vehicle._due = service_due_of(vehicle)  # type: ignore[attr-defined]
        vehicle.due_list = due_items(vehicle=vehicle, due=vehicle._due)  # type: ignore[attr-defined]
    past = list(
        Ownership.for_dealer(dealer)
        .filter(customer=customer)
        .exclude(vehicle__customer=customer, relation="owner", ended_on__isnull=True)
        .select_related("vehicle__dealer", "vehicle__customer")
        .order_by("-started_on")
    )
    chosen = next((v for v in vehicles if str(v.pk) == str(vehicle_id)), None)
    owner_view = True
    if chosen is None and vehicle_id:
        chosen = next((o.vehicle for o in past if str(o.vehicle_id) == str(vehicle_id)), None)
        if chosen is not None:
            chosen._due = None  # type: ignore[attr-defined]
            owner_view = False
    if chosen is None and vehicles:
        chosen = vehicles[0]
    return Profile(
        customer=customer,
        vehicles=vehicles,
        past_ownerships=past,
        selected=(
            vehicle_panel(vehicle=chosen, page=page, owner_view=owner_view) if chosen else None
        ),
        recommendations=list(recommendations_for(vehicles=vehicles)),
        notes=list(
            CustomerNote.for_dealer(dealer).filter(customer=customer).select_related("author")
        ),
        associations=associations_of(customer),
        open_jobs=list(
            Job.for_dealer(dealer)
            .filter(customer=customer, status=JobStatus.OPEN)
            .select_related("vehicle")
        ),
    )
