"""Reads of vehicles with the joins their callers need."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import CONTACT_CHANNELS, Vehicle, VehicleContactPreference
from forecourt.vehicles.registration import registration_normalise
from forecourt.vehicles.vin import vin_normalise


def vehicle_list(
    *, dealer: Dealer, customer_id: Any = None, registration: str = "", vin: str = ""
) -> QuerySet[Vehicle]:
    """Return the dealer's vehicles, optionally by owner, plate prefix or part of the VIN."""
    queryset = Vehicle.for_dealer(dealer).select_related("customer", "dealer")
    if customer_id:
        queryset = queryset.filter(customer_id=customer_id)
    key = registration_normalise(registration)
    if key:
        queryset = queryset.filter(registration_normalised__startswith=key)
    part = vin_normalise(vin)
    if part:
        queryset = queryset.filter(vin__contains=part)
    return queryset.order_by("registration_normalised")


def vehicle_get(*, dealer: Dealer, vehicle_id: Any) -> Vehicle:
    """Return one of the dealer's vehicles with its owner; DoesNotExist otherwise."""
    return (
        Vehicle.for_dealer(dealer)
        .select_related("customer", "dealer", "last_changed_by")
        .get(pk=vehicle_id)
    )


def vehicle_contact_preferences(vehicle: Vehicle) -> dict[str, Any]:
    """Return the current owner's per-vehicle channels, their source and the effective result."""
    customer = vehicle.customer
    if customer is None:
        return {
            "customer": None,
            "vehicle_specific": False,
            **{name: False for name in CONTACT_CHANNELS},
            "effective": {name: False for name in CONTACT_CHANNELS},
        }
    override = (
        VehicleContactPreference.for_dealer(vehicle.dealer)
        .filter(vehicle=vehicle, customer=customer)
        .first()
    )
    source = override or customer
    own = {name: bool(getattr(source, name)) for name in CONTACT_CHANNELS}
    return {
        "customer": customer.pk,
        "vehicle_specific": override is not None,
        **own,
        "effective": {name: own[name] and bool(getattr(customer, name)) for name in own},
    }
