"""Writes to bookings: book, invoice, deliver. Each step is atomic and recorded in history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.changes.history import history_record
from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.core.errors import (
    INVOICED_BOOKING_LOCKED,
    BusinessRuleViolation,
    InvoicedBookingLocked,
)
from forecourt.core.models import concrete_field
from forecourt.customers.identity import identity_requirements
from forecourt.customers.models import Customer
from forecourt.sales.models import Booking, BookingStatus
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.services import vehicle_transfer

SALE_VALUE_POSITIVE = "Enter the sale value: an amount above zero."
CUSTOMER_NOT_LIVE = "This customer was deleted or merged; book the sale for the surviving record."
VEHICLE_ALREADY_BOOKED = "{registration} is already on booking {number} ({status})."
SALESPERSON_NOT_STAFF = "Choose an active staff member of this dealer as salesperson."
NOT_BOOKED = "Booking {number} is {status}: only a booked sale can be invoiced."
NOT_INVOICED = "Booking {number} is {status}: only an invoiced sale can be delivered."
IDENTITY_MISSING = "Before booking {number} can be invoiced: {problems}"


def booking_qs_for_update(dealer: Dealer) -> Any:
    """Return the dealer's bookings locked for update, in primary-key order."""
    return Booking.for_dealer(dealer).select_for_update(of=("self",)).order_by("pk")


def _next_number(dealer: Dealer, field: str, prefix: str) -> str:
    # Locking the dealer row serialises numbering per dealer, including the very first number.
    Dealer.objects.select_for_update().filter(pk=dealer.pk).first()
    last = (
        Booking.for_dealer(dealer)
        .exclude(**{field: ""})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"{prefix}-{sequence:06d}"


def _booking_changes(booking: Booking, fields: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (None, getattr(booking, concrete_field(Booking, name).attname)) for name in fields
    }


@transaction.atomic
def booking_create(
    *,
    dealer: Dealer,
    by: User | None,
    channel: Channel | str,
    customer: Customer,
    sale_value: Decimal,
    vehicle: Vehicle | None = None,
    salesperson: User | None = None,
    booked_on: date | None = None,
) -> Booking:
    """Book a sale for a customer (and a vehicle, when chosen) and return the booking."""
    errors: dict[str, str] = {}
    if customer.dealer_id != dealer.pk or not customer.is_live:
        errors["customer"] = CUSTOMER_NOT_LIVE
    if sale_value is None or sale_value <= 0:
        errors["sale_value"] = SALE_VALUE_POSITIVE
    if salesperson is not None and (
        salesperson.dealer_id != dealer.pk or not salesperson.is_active
    ):
        errors["salesperson"] = SALESPERSON_NOT_STAFF
    if vehicle is not None:
        if vehicle.dealer_id != dealer.pk:
            errors["vehicle"] = "That vehicle does not exist."
        else:
            open_booking = (
                Booking.for_dealer(dealer)
                .filter(vehicle=vehicle)
                .exclude(status=BookingStatus.DELIVERED)
                .first()
            )
            if open_booking is not None:
                errors["vehicle"] = VEHICLE_ALREADY_BOOKED.format(
                    registration=vehicle.registration,
                    number=open_booking.number,
                    status=open_booking.get_status_display().lower(),
                )
    if errors:
        raise ValidationError(errors)
    booking = Booking(
        dealer=dealer,
        number=_next_number(dealer, "number", "BK"),
        customer=customer,
        vehicle=vehicle,
        salesperson=salesperson or by,
        sale_value=sale_value,
        booked_on=booked_on or clock.today(),
    )
    booking.full_clean()
    booking.save()
    history_record(
        entity=booking,
        dealer=dealer,
        by=by,
        channel=channel,
        changes=_booking_changes(
            booking, ("number", "customer", "vehicle", "salesperson", "sale_value", "status")
        ),
    )
    return booking


@transaction.atomic
def booking_invoice(*, booking: Booking, by: User | None, channel: Channel | str) -> Booking:
    """Invoice a booked sale once the customer's identity meets the dealer's rules (SPEC B4)."""
    locked = (
        booking_qs_for_update(booking.dealer).select_related("customer__dealer").get(pk=booking.pk)
    )
    if locked.status != BookingStatus.BOOKED:
        raise BusinessRuleViolation(
            NOT_BOOKED.format(number=locked.number, status=locked.get_status_display().lower())
        )
    try:
        identity_requirements(locked.customer, sale_value=locked.sale_value)
    except ValidationError as exc:
        problems = " ".join(m for messages in exc.message_dict.values() for m in messages)
        raise BusinessRuleViolation(
            IDENTITY_MISSING.format(number=locked.number, problems=problems),
            fields=sorted(exc.message_dict),
        ) from exc
    locked.invoice_number = _next_number(locked.dealer, "invoice_number", "INV")
    locked.status = BookingStatus.INVOICED
    locked.invoiced_at = clock.now()
    locked.save(update_fields=["invoice_number", "status", "invoiced_at", "updated_at"])
    history_record(
        entity=locked,
        dealer=locked.dealer,
        by=by,
        channel=channel,
        changes={
            "status": (BookingStatus.BOOKED, locked.status),
            "invoice_number": ("", locked.invoice_number),
        },
    )
    return locked


@transaction.atomic
def booking_deliver(*, booking: Booking, by: User | None, channel: Channel | str) -> Booking:
    """Deliver an invoiced sale: the customer becomes the vehicle's owner, the past is kept."""
    locked = (
        booking_qs_for_update(booking.dealer)
        .select_related("vehicle", "customer")
        .get(pk=booking.pk)
    )
    if locked.status != BookingStatus.INVOICED:
        raise BusinessRuleViolation(
            NOT_INVOICED.format(number=locked.number, status=locked.get_status_display().lower())
        )
    locked.status = BookingStatus.DELIVERED
    locked.delivered_at = clock.now()
    locked.save(update_fields=["status", "delivered_at", "updated_at"])
    history_record(
        entity=locked,
        dealer=locked.dealer,
        by=by,
        channel=channel,
        changes={"status": (BookingStatus.INVOICED, locked.status)},
    )
    if locked.vehicle is not None and locked.vehicle.customer_id != locked.customer_id:
        vehicle_transfer(
            vehicle=locked.vehicle,
            to_customer=locked.customer,
            by=by,
            channel=channel,
            reason=f"Delivered on booking {locked.number} (invoice {locked.invoice_number})",
        )
    return locked


def booking_lock_message(booking: Booking) -> str:
    """Return why customer edits through this (invoiced) booking are refused."""
    when = booking.invoiced_at or booking.updated_at
    return INVOICED_BOOKING_LOCKED.format(
        number=booking.number, date=f"{when:%d %b %Y}", invoice=booking.invoice_number
    )


def booking_edit_guard(booking: Booking) -> None:
    """Refuse a customer edit through `booking` once it has been invoiced (SPEC D2)."""
    if not booking.customer_edit_allowed:
        raise InvoicedBookingLocked(
            booking_lock_message(booking),
            booking=booking.number,
            invoice_number=booking.invoice_number,
        )
