"""Staff UI for the sales worksheet: bookings, invoice, delivery, customer edit (SPEC D1, D2)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from forecourt.changes.models import Channel
from forecourt.core.errors import DomainError
from forecourt.core.forms import add_service_errors
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers.selectors import customer_list
from forecourt.customers.views import customer_edit_page
from forecourt.sales import selectors, services
from forecourt.sales.forms import BookingForm, WorksheetFilterForm
from forecourt.sales.models import Booking, BookingStatus
from forecourt.staff.permissions import Action, can

BOOKINGS_PER_PAGE = 25


def _booking_or_404(request: StaffRequest, booking_id: Any) -> Booking:
    return found_or_404(selectors.booking_get, dealer=request.dealer, booking_id=booking_id)


@staff_view(Action.BOOKING_VIEW)
def worksheet(request: StaffRequest) -> HttpResponse:
    """The vehicle sales worksheet: every booking, newest first, by status."""
    filters = WorksheetFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    bookings = selectors.booking_list(dealer=request.dealer, status=status)
    page = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": [("", "All"), *BookingStatus.choices],
        "query": urlencode({"status": status}) if status else "",
        "can_book": can(request.user, Action.BOOKING_MANAGE),
    }
    return render(request, "sales/worksheet.html", context)


@staff_view(Action.BOOKING_MANAGE)
def booking_create(request: StaffRequest) -> HttpResponse:
    """Book a sale; ?customer= (from a profile) fills in the customer."""
    initial: dict[str, Any] = {}
    customer_id = request.GET.get("customer")
    if customer_id:
        customer = (
            customer_list(dealer=request.dealer).filter(pk=_uuid_or_none(customer_id)).first()
        )
        if customer is not None:
            initial["customer"] = customer.account_number or customer.email or customer.phone_mobile
    form = BookingForm(request.POST or None, dealer=request.dealer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                dealer=request.dealer,
                by=request.user,
                channel=Channel.UI,
                customer=data["customer"],
                vehicle=data["vehicle"],
                salesperson=data["salesperson"],
                sale_value=data["sale_value"],
                booked_on=data["booked_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Booking {booking.number} created.")
            return redirect(booking)
    return render(
        request, "sales/booking_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _uuid_or_none(value: str) -> Any:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@staff_view(Action.BOOKING_VIEW)
def booking_detail(request: StaffRequest, booking_id: Any) -> HttpResponse:
    """One booking: the customer center link, customer edit (until invoiced), next step."""
    booking = _booking_or_404(request, booking_id)
    context = {
        "booking": booking,
        "customer": booking.customer,
        "can_invoice": can(request.user, Action.BOOKING_INVOICE),
        "can_manage": can(request.user, Action.BOOKING_MANAGE),
        "can_edit_customer": can(request.user, Action.CUSTOMER_EDIT)
        or can(request.user, Action.CHANGE_REQUEST),
        "lock_message": None
        if booking.customer_edit_allowed
        else services.booking_lock_message(booking),
    }
    return render(request, "sales/booking.html", context)


@staff_view()
def booking_customer_edit(request: StaffRequest, booking_id: Any) -> HttpResponse:
    """The booking's customer edit screen; refused (409) once the booking is invoiced."""
    booking = _booking_or_404(request, booking_id)
    return customer_edit_page(request, booking.customer, booking=booking)


@require_POST
@staff_view(Action.BOOKING_INVOICE)
def booking_invoice(request: StaffRequest, booking_id: Any) -> HttpResponse:
    """Invoice the booking (after the confirmation on the booking page)."""
    booking = _booking_or_404(request, booking_id)
    try:
        booking = services.booking_invoice(booking=booking, by=request.user, channel=Channel.UI)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Booking {booking.number} invoiced as {booking.invoice_number}.")
    return redirect(booking)


@require_POST
@staff_view(Action.BOOKING_MANAGE)
def booking_deliver(request: StaffRequest, booking_id: Any) -> HttpResponse:
    """Record the delivery (after the confirmation on the booking page)."""
    booking = _booking_or_404(request, booking_id)
    try:
        booking = services.booking_deliver(booking=booking, by=request.user, channel=Channel.UI)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Booking {booking.number} delivered.")
    return redirect(booking)
