"""Find a vehicle by registration (current or previous), VIN or partial VIN (SPEC C3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forecourt.core.errors import BusinessRuleViolation
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import PlateChange, Vehicle
from forecourt.vehicles.registration import registration_normalise
from forecourt.vehicles.vin import vin_normalise

PLATE_CHANGED = "Registration changed from {old} to {new} on {on.day} {on:%b %Y}."
PARTIAL_VIN_MIN = 6
AMBIGUOUS_VIN = "{count} vehicles match “{value}”; enter more of the VIN."
_VIN_LIKE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


@dataclass
class LookupResult:
    """The vehicle found, how it was found and anything staff must be told."""

    vehicle: Vehicle
    matched_by: str
    notices: list[str] = field(default_factory=list)


def _vehicles(dealer: Dealer):  # type: ignore[no-untyped-def]
    return Vehicle.for_dealer(dealer).select_related("customer").order_by()


def lookup_by_registration(*, dealer: Dealer, registration: str) -> LookupResult | None:
    """Return the vehicle currently or previously carrying `registration` (any case/spacing).

    The current plate is one query on the unique (dealer, registration_normalised) index.
    """
    key = registration_normalise(registration)
    if not key:
        return None
    vehicle = next(iter(_vehicles(dealer).filter(registration_normalised=key)[:1]), None)
    if vehicle is not None:
        return LookupResult(vehicle, "registration")
    change = (
        PlateChange.for_dealer(dealer)
        .filter(old_normalised=key)
        .select_related("vehicle", "vehicle__customer")
        .order_by("-changed_on", "-created_at")
        .first()
    )
    if change is None:
        return None
    notice = PLATE_CHANGED.format(
        old=change.old_registration, new=change.vehicle.registration, on=change.changed_on
    )
    return LookupResult(change.vehicle, "previous_registration", [notice])


def lookup_by_vin(*, dealer: Dealer, vin: str) -> LookupResult | None:
    """Return the vehicle with this VIN, or the only one whose VIN contains a partial (≥ 6)."""
    value = vin_normalise(vin)
    if len(value) < PARTIAL_VIN_MIN:
        return None
    if len(value) == 17:
        vehicle = next(iter(_vehicles(dealer).filter(vin=value)[:1]), None)
        return LookupResult(vehicle, "vin") if vehicle else None
    matches = list(_vehicles(dealer).filter(vin__endswith=value)[:11]) or list(
        _vehicles(dealer).filter(vin__contains=value)[:11]
    )
    if not matches:
        return None
    if len(matches) > 1:
        count = "More than 10" if len(matches) > 10 else str(len(matches))
        raise BusinessRuleViolation(
            AMBIGUOUS_VIN.format(count=count, value=value),
            matches=[v.registration for v in matches[:10]],
        )
    return LookupResult(matches[0], "partial_vin")


def vehicle_lookup(
    *, dealer: Dealer, registration: str = "", vin: str = "", query: str = ""
) -> LookupResult | None:
    """Return the vehicle a registration, VIN or free query (plate or VIN) names, or None."""
    if registration:
        return lookup_by_registration(dealer=dealer, registration=registration)
    if vin:
        return lookup_by_vin(dealer=dealer, vin=vin)
    if not query:
        return None
    if _VIN_LIKE.match(vin_normalise(query)):
        found = lookup_by_vin(dealer=dealer, vin=query)
        if found:
            return found
    return lookup_by_registration(dealer=dealer, registration=query) or (
        lookup_by_vin(dealer=dealer, vin=query)
        if len(vin_normalise(query)) >= PARTIAL_VIN_MIN
        else None
    )
