"""Reads of bookings with the joins the worksheet and profile need."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from forecourt.sales.models import Booking, BookingStatus
from forecourt.tenancy.models import Dealer


def booking_list(*, dealer: Dealer, status: str = "", customer_id: Any = None) -> QuerySet[Booking]:
    """Return the dealer's bookings, newest first, optionally by status or customer."""
    queryset = Booking.for_dealer(dealer).select_related("customer", "vehicle", "salesperson")
    if status:
        queryset = queryset.filter(status=status)
    if customer_id:
        queryset = queryset.filter(customer_id=customer_id)
    return queryset.order_by("-booked_on", "-created_at")


def booking_get(*, dealer: Dealer, booking_id: Any) -> Booking:
    """Return one of the dealer's bookings; DoesNotExist otherwise."""
    return (
        Booking.for_dealer(dealer)
        .select_related("customer", "vehicle", "salesperson", "dealer", "customer__dealer")
        .get(pk=booking_id)
    )


def purchased_vehicles(*, dealer: Dealer, customer_id: Any) -> QuerySet[Booking]:
    """Return the customer's invoiced or delivered bookings that name a vehicle."""
    return (
        booking_list(dealer=dealer, customer_id=customer_id)
        .filter(status__in=[BookingStatus.INVOICED, BookingStatus.DELIVERED])
        .exclude(vehicle=None)
    )
