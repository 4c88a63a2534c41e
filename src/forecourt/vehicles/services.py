"""Writes to vehicles: create, update (incl. plate change), ownership transfer, notes.

Every write validates first, records field history and respects the record version.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forecourt.changes.history import diff_fields, history_record
from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.core.errors import StaleVersion
from forecourt.customers.models import Customer
from forecourt.search.services import search_index_vehicle_owner
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import (
    CAPTURE_FIELDS,
    CONTACT_CHANNELS,
    MileageUnit,
    Ownership,
    PlateChange,
    Relation,
    Vehicle,
    VehicleContactPreference,
    VehicleNote,
)
from forecourt.vehicles.registration import registration_display, registration_normalise
from forecourt.vehicles.vin import NORTH_AMERICAN_PREFIXES, vin_hints, vin_validate

# Fields staff set directly; `customer` changes go through an ownership transfer.
EDITABLE_FIELDS = (
    "registration",
    "vin",
    "make",
    "model",
    "variant",
    "year",
    "colour",
    "fuel",
    "engine",
    "first_registration_date",
    "mileage",
    "mileage_unit",
    "mileage_date",
    "unknown_fields",
)
HISTORY_FIELDS = (*EDITABLE_FIELDS, "customer")

REGISTRATION_REQUIRED = "Enter the registration (number plate)."
REGISTRATION_TAKEN = "Vehicle {registration} is already on file with this dealer."
VIN_TAKEN = "A vehicle with this VIN is already on file ({registration})."
YEAR_RANGE = "Enter a model year between 1900 and {latest}."
UNKNOWN_FIELD_NAME = "“{name}” is not a field that can be marked unknown."
NOT_EDITABLE = "This field cannot be changed here."
NOTE_REQUIRED = "Write the note first."
VIN_YEAR_MISMATCH = (
    "The VIN's model-year code (10th character) reads {years}, not {year}: check the year."
)
NO_OWNER_FOR_PREFERENCES = "Link an owner first: contact preferences belong to a customer."
PREFERENCE_NOT_BOOLEAN = "Give true or false."
# Countries whose odometers read miles; everywhere else the default unit is kilometres.
MILES_COUNTRIES = frozenset({"GB", "US"})


def default_mileage_unit(country: str) -> str:
    """Return the odometer unit a dealer in `country` records unless told otherwise."""
    return MileageUnit.MILES if country in MILES_COUNTRIES else MileageUnit.KILOMETRES


def vehicle_qs_for_update(dealer: Dealer) -> Any:
    """Return the dealer's vehicles locked for update, in primary-key order."""
    return Vehicle.for_dealer(dealer).select_for_update(of=("self",)).order_by("pk")


def vehicle_snapshot(vehicle: Vehicle, fields: tuple[str, ...] = HISTORY_FIELDS) -> dict[str, Any]:
    """Return the current values of `fields` (the customer as its id)."""
    snapshot = {}
    for name in fields:
        value = getattr(vehicle, "customer_id" if name == "customer" else name)
        snapshot[name] = sorted(value) if name == "unknown_fields" else value
    return snapshot


def vehicle_validate(vehicle: Vehicle) -> list[str]:
    """Normalise and check a vehicle; return warnings, raise ValidationError by field."""
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    vehicle.registration = registration_display(vehicle.registration)
    vehicle.registration_normalised = registration_normalise(vehicle.registration)
    if not vehicle.registration_normalised:
        errors.setdefault("registration", []).append(REGISTRATION_REQUIRED)
    try:
        check = vin_validate(vehicle.vin)
        vehicle.vin = check.vin
        if check.warning:
            warnings.append(check.warning)
    except ValidationError as exc:
        errors.setdefault("vin", []).extend(exc.messages)
    latest = clock.today().year + 1
    if vehicle.year is not None and not 1900 <= vehicle.year <= latest:
        errors.setdefault("year", []).append(YEAR_RANGE.format(latest=latest))
    warnings.extend(_vin_year_warnings(vehicle))
    bad = sorted(set(vehicle.unknown_fields or []) - set(CAPTURE_FIELDS))
    if bad:
        errors.setdefault("unknown_fields", []).extend(
            UNKNOWN_FIELD_NAME.format(name=n) for n in bad
        )
    for text in ("make", "model", "variant", "colour", "engine"):
        setattr(vehicle, text, (getattr(vehicle, text) or "").strip())
    if vehicle.mileage is not None and vehicle.mileage_date is None:
        vehicle.mileage_date = clock.today()
    others = Vehicle.for_dealer(vehicle.dealer).exclude(pk=vehicle.pk)
    if vehicle.registration_normalised:
        clash = others.filter(registration_normalised=vehicle.registration_normalised).first()
        if clash:
            errors.setdefault("registration", []).append(
                REGISTRATION_TAKEN.format(registration=clash.registration)
            )
    if vehicle.vin:
        # The VIN index is partial (blank VINs repeat): SQLite uses it only when the query
        # repeats its condition, and .first()'s ORDER BY walked all the dealer's vehicles
        # (8.6 s per save at a million vehicles; 1 ms now).
        with_vin = others.exclude(vin="").filter(vin=vehicle.vin).order_by()
        clash = next(iter(with_vin[:1]), None)
        if clash:
            errors.setdefault("vin", []).append(VIN_TAKEN.format(registration=clash.registration))
    if errors:
        raise ValidationError(errors)
    vehicle.unknown_fields = _still_unknown(vehicle)
    vehicle.full_clean(exclude=["dealer", "customer", "last_changed_by", "unknown_fields"])
    return warnings


def _vin_year_warnings(vehicle: Vehicle) -> list[str]:
    # Only North American VINs must encode the model year; elsewhere position 10 is often free.
    if not (vehicle.vin and vehicle.year) or vehicle.vin[0] not in NORTH_AMERICAN_PREFIXES:
        return []
    years = [int(y) for y in vin_hints(vehicle.vin).get("years", [])]  # type: ignore[attr-defined]
    if not years or vehicle.year in years:
        return []
    listed = " or ".join(str(y) for y in sorted(years, reverse=True))
    return [VIN_YEAR_MISMATCH.format(years=listed, year=vehicle.year)]


def _save_unique(vehicle: Vehicle) -> None:
    # vehicle_validate checked uniqueness, but a colleague may have saved the same plate or
    # VIN a moment later: the database constraint then answers with the same field message.
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError as exc:
        others = Vehicle.for_dealer(vehicle.dealer).exclude(pk=vehicle.pk)
        if others.filter(registration_normalised=vehicle.registration_normalised).exists():
            message = REGISTRATION_TAKEN.format(registration=vehicle.registration)
            raise ValidationError({"registration": message}) from exc
        if vehicle.vin and others.filter(vin=vehicle.vin).exists():
            message = VIN_TAKEN.format(registration=vehicle.registration)
            raise ValidationError({"vin": message}) from exc
        raise


def _still_unknown(vehicle: Vehicle) -> list[str]:
    """Return the unknown marks that still apply: a filled field is no longer unknown."""
    kept = []
    for name in sorted(set(vehicle.unknown_fields or [])):
        attname = "customer_id" if name == "customer" else name
        if getattr(vehicle, attname) in (None, ""):
            kept.append(name)
    return kept


def _start_relation(vehicle: Vehicle, customer: Customer, relation: str, on: date) -> Ownership:
    vehicle.assert_same_dealer(customer)
    return Ownership.objects.create(
        dealer=vehicle.dealer, vehicle=vehicle, customer=customer, relation=relation, started_on=on
    )


@transaction.atomic
def vehicle_create(
    *,
    dealer: Dealer,
    by: User | None,
    channel: Channel | str,
    data: Mapping[str, Any],
    reason: str = "",
) -> Vehicle:
    """Create a vehicle (only the registration is required); the customer becomes its owner."""
    fields = dict(data)
    customer = fields.pop("customer", None)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    fields.setdefault("mileage_unit", default_mileage_unit(dealer.country))
    vehicle = Vehicle(dealer=dealer, last_changed_by=by, customer=customer, **fields)
    if customer is not None:
        vehicle.assert_same_dealer(customer)
    warnings = vehicle_validate(vehicle)
    _save_unique(vehicle)
    if customer is not None:
        _start_relation(vehicle, customer, Relation.OWNER, clock.today())
    history_record(
        entity=vehicle,
        dealer=dealer,
        by=by,
        channel=channel,
        changes=diff_fields({}, vehicle_snapshot(vehicle)),
        reason=reason,
    )
    search_index_vehicle_owner(dealer=dealer, customer_ids=[vehicle.customer_id])
    vehicle.warnings = warnings  # type: ignore[attr-defined]
    return vehicle


@transaction.atomic
def vehicle_update(
    *,
    vehicle: Vehicle,
    by: User | None,
    channel: Channel | str,
    changes: Mapping[str, Any],
    expected_version: int,
    reason: str = "",
) -> Vehicle:
    """Apply `changes` if the vehicle is still at `expected_version`; record each changed field.

    A new registration keeps the old plate findable; a new `customer` is an ownership
    transfer that ends the previous owner's period.
    """
    fields = dict(changes)
    transfer = "customer" in fields
    to_customer = fields.pop("customer", None)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    locked = (
        vehicle_qs_for_update(vehicle.dealer)
        .select_related("dealer", "last_changed_by")
        .get(pk=vehicle.pk)
    )
    if locked.version != expected_version:
        raise StaleVersion.of(locked)
    before = vehicle_snapshot(locked)
    old_registration = locked.registration
    old_normalised = locked.registration_normalised
    for name, value in fields.items():
        setattr(locked, name, value)
    if transfer and to_customer is not None:
        locked.assert_same_dealer(to_customer)
    if transfer:
        locked.customer = to_customer
    warnings = vehicle_validate(locked)
    diff = diff_fields(before, vehicle_snapshot(locked))
    if not diff:
        locked.warnings = warnings  # type: ignore[attr-defined]
        return locked
    today = clock.today()
    if locked.registration_normalised != old_normalised:
        PlateChange.objects.create(
            dealer=locked.dealer,
            vehicle=locked,
            old_registration=old_registration,
            old_normalised=old_normalised,
            new_registration=locked.registration,
            changed_on=today,
        )
    if "customer" in diff:
        _end_owner_periods(locked, today)
        if to_customer is not None:
            _start_relation(locked, to_customer, Relation.OWNER, today)
    locked.version += 1
    locked.last_changed_by = by
    _save_unique(locked)
    history_record(
        entity=locked, dealer=locked.dealer, by=by, channel=channel, changes=diff, reason=reason
    )
    search_index_vehicle_owner(
        dealer=locked.dealer, customer_ids={before["customer"], locked.customer_id}
    )
    locked.warnings = warnings  # type: ignore[attr-defined]
    return locked


def _end_owner_periods(vehicle: Vehicle, on: date) -> None:
    Ownership.for_dealer(vehicle.dealer).filter(
        vehicle=vehicle, relation=Relation.OWNER, ended_on__isnull=True
    ).update(ended_on=on)


@transaction.atomic
def vehicle_transfer(
    *,
    vehicle: Vehicle,
    to_customer: Customer | None,
    by: User | None,
    channel: Channel | str,
    relation: str = Relation.OWNER,
    reason: str = "",
) -> Vehicle:
    """Hand the vehicle to `to_customer` as owner (ending the last owner's period) or add a
    driver/lessee period; the past periods are kept."""
    locked = vehicle_qs_for_update(vehicle.dealer).select_related("dealer").get(pk=vehicle.pk)
    if relation != Relation.OWNER:
        if to_customer is None:
            raise ValidationError({"customer": "Choose the driver or lessee."})
        today = clock.today()
        Ownership.for_dealer(vehicle.dealer).filter(
            vehicle=locked, relation=relation, ended_on__isnull=True
        ).update(ended_on=today)
        _start_relation(locked, to_customer, relation, today)
        history_record(
            entity=locked,
            dealer=locked.dealer,
            by=by,
            channel=channel,
            changes={relation: (None, to_customer.pk)},
            reason=reason,
        )
        return locked
    return vehicle_update(
        vehicle=locked,
        by=by,
        channel=channel,
        changes={"customer": to_customer},
        expected_version=locked.version,
        reason=reason,
    )


@transaction.atomic
def vehicle_mark_unknown(
    *, vehicle: Vehicle, by: User | None, channel: Channel | str, fields: list[str]
) -> Vehicle:
    """Stop prompting for `fields` on this vehicle: staff confirmed nobody knows them."""
    wanted = sorted(set(vehicle.unknown_fields or []) | set(fields))
    return vehicle_update(
        vehicle=vehicle,
        by=by,
        channel=channel,
        changes={"unknown_fields": wanted},
        expected_version=vehicle.version,
    )


def vehicle_note_add(
    *, vehicle: Vehicle, by: User | None, body: str, pinned: bool = False
) -> VehicleNote:
    """Add a note to a vehicle."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": NOTE_REQUIRED})
    return VehicleNote.objects.create(
        dealer=vehicle.dealer, vehicle=vehicle, author=by, body=body, pinned=pinned
    )


@transaction.atomic
def vehicle_contact_preferences_set(
    *,
    vehicle: Vehicle,
    by: User | None,
    channel: Channel | str,
    preferences: Mapping[str, Any],
    reason: str = "",
) -> VehicleContactPreference:
    """Set the current owner's opt-ins for messages about this vehicle (SPEC B6, per VIN)."""
    customer = vehicle.customer
    if customer is None:
        raise ValidationError({"customer": NO_OWNER_FOR_PREFERENCES})
    unknown = set(preferences) - set(CONTACT_CHANNELS)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    errors = {
        name: PREFERENCE_NOT_BOOLEAN
        for name, value in preferences.items()
        if not isinstance(value, bool)
    }
    if errors:
        raise ValidationError(errors)
    vehicle.assert_same_dealer(customer)
    pref, created = (
        VehicleContactPreference.for_dealer(vehicle.dealer)
        .select_for_update()
        .get_or_create(
            dealer=vehicle.dealer,
            vehicle=vehicle,
            customer=customer,
            defaults={name: getattr(customer, name) for name in CONTACT_CHANNELS},
        )
    )
    before = {name: None if created else getattr(pref, name) for name in CONTACT_CHANNELS}
    for name, value in preferences.items():
        setattr(pref, name, value)
    pref.save()
    after = {name: getattr(pref, name) for name in CONTACT_CHANNELS}
    diff = diff_fields(before, after)
    if diff:
        history_record(
            entity=vehicle,
            dealer=vehicle.dealer,
            by=by,
            channel=channel,
            changes=diff,
            reason=reason,
        )
    return pref


@transaction.atomic
def vehicle_contact_preferences_clear(
    *, vehicle: Vehicle, by: User | None, channel: Channel | str, reason: str = ""
) -> None:
    """Drop the owner's per-vehicle preferences: the customer's overall ones apply again."""
    if vehicle.customer is None:
        return
    rows = VehicleContactPreference.for_dealer(vehicle.dealer).filter(
        vehicle=vehicle, customer=vehicle.customer
    )
    pref = rows.first()
    if pref is None:
        return
    changes = {name: (getattr(pref, name), None) for name in CONTACT_CHANNELS}
    rows.delete()
    history_record(
        entity=vehicle,
        dealer=vehicle.dealer,
        by=by,
        channel=channel,
        changes=changes,
        reason=reason,
    )
