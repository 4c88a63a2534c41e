"""Staff UI for customers: list, detail, create, edit. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forecourt.changes.change_requests import customer_edit_submit
from forecourt.changes.models import Channel
from forecourt.changes.views import change_request_url
from forecourt.core.errors import (
    PERMISSION_DENIED,
    ActionNotAllowed,
    BusinessRuleViolation,
    InvoicedBookingLocked,
    RateLimited,
    StaleVersion,
)
from forecourt.core.forms import add_service_errors
from forecourt.core.htmx import htmx_redirect, is_htmx_partial
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.customers import profile_views, selectors, services
from forecourt.customers.forms import CustomerForm
from forecourt.customers.identity import KINDS, identity_reveal
from forecourt.customers.list_view import customer_list_context
from forecourt.customers.models import Customer
from forecourt.sales.models import Booking
from forecourt.sales.services import booking_lock_message
from forecourt.staff.login import client_ip
from forecourt.staff.permissions import Action, can


def _customer_or_404(request: StaffRequest, customer_id: object) -> Customer:
    return found_or_404(selectors.customer_get, dealer=request.dealer, customer_id=customer_id)


@staff_view(Action.CUSTOMER_VIEW)
def customer_list(request: StaffRequest) -> HttpResponse:
    """List customers (SPEC E1): timeframe, status, search box, sortable columns, fast pages."""
    context = customer_list_context(request)
    template = "customers/_list_results.html" if is_htmx_partial(request) else "customers/list.html"
    return render(request, template, context)


@staff_view(Action.CUSTOMER_VIEW)
def customer_detail(request: StaffRequest, customer_id: object) -> HttpResponse:
    """Show one customer's 360° profile (rendered by customers.profile_views)."""
    return profile_views.profile_page(request, customer_id)


@staff_view(Action.CUSTOMER_CREATE)
def customer_create(request: StaffRequest) -> HttpResponse:
    """Create a customer from the form."""
    form = CustomerForm(request.POST or None, dealer=request.dealer)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(
                dealer=request.dealer,
                by=request.user,
                channel=Channel.UI,
                data=form.service_data(),
                assigned_staff=list(form.cleaned_data.get("assigned_staff") or []),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Customer {customer.display_name} created.")
            return htmx_redirect(request, customer.get_absolute_url()) or redirect(customer)
    return render(request, "customers/form.html", {"form": form, "customer": None})


@staff_view()
def customer_edit(request: StaffRequest, customer_id: object) -> HttpResponse:
    """Edit a customer from the profile (after delivery, the path for every edit)."""
    return customer_edit_page(request, _customer_or_404(request, customer_id))


def customer_edit_page(
    request: StaffRequest, customer: Customer, booking: Booking | None = None
) -> HttpResponse:
    """The customer edit screen, from the profile or from a booking (SPEC D1–D3).

    Unprotected changes save at once; protected ones (and all edits through a booking) go
    to the OTP step. A stale version is refused with who changed the record and when.
    """
    if not (can(request.user, Action.CUSTOMER_EDIT) or can(request.user, Action.CHANGE_REQUEST)):
        return render(request, "core/forbidden.html", {"message": PERMISSION_DENIED}, status=403)
    context: dict[str, Any] = {
        "customer": customer,
        "booking": booking,
        "can_verify_info": can(request.user, Action.CUSTOMER_VERIFY_INFO),
    }
    if booking is not None and not booking.customer_edit_allowed:
        context["locked_message"] = booking_lock_message(booking)
        return render(request, "customers/edit_locked.html", context, status=409)
    form = CustomerForm(request.POST or None, instance=customer, dealer=request.dealer)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = customer_edit_submit(
                customer=customer,
                by=request.user,
                source=Channel.UI,
                changes=form.service_data(),
                expected_version=form.cleaned_data.get("version") or 0,
                reason=form.cleaned_data.get("reason", ""),
                assigned_staff=list(form.cleaned_data.get("assigned_staff") or []),
                booking=booking,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        except (InvoicedBookingLocked, BusinessRuleViolation, RateLimited) as exc:
            form.add_error(None, exc.message)
            status = exc.status_code
        except ActionNotAllowed as exc:
            form.add_error(None, exc.message)
            status = 403
        else:
            if outcome.change_request is not None:
                change_request = outcome.change_request
                messages.info(
                    request,
                    f"An OTP was sent by {change_request.get_otp_channel_display()} to "
                    f"{change_request.otp_recipient_masked}. Enter it to confirm the change.",
                )
                return redirect(change_request_url(change_request))
            messages.success(request, "Customer saved.")
            target = outcome.customer.get_absolute_url()
            return htmx_redirect(request, target) or redirect(target)
    context["form"] = form
    return render(request, "customers/form.html", context, status=status)


@require_POST
@staff_view(Action.CUSTOMER_VERIFY_INFO)
def customer_verify_info(request: StaffRequest, customer_id: object) -> HttpResponse:
    """Stamp that the customer's details were confirmed with them (the button beside Save)."""
    customer = _customer_or_404(request, customer_id)
    services.customer_verify_info(customer=customer, by=request.user, channel=Channel.UI)
    messages.success(request, "Customer details marked as verified.")
    return redirect(customer)


@require_POST
@staff_view(Action.IDENTITY_REVEAL)
def customer_reveal(request: StaffRequest, customer_id: object, field: str) -> HttpResponse:
    """Show one national identifier in clear, once, to an administrator; audited."""
    customer = _customer_or_404(request, customer_id)
    try:
        value = identity_reveal(
            customer=customer, name=field, by=request.user, ip=client_ip(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(customer)
    context = {"customer": customer, "label": KINDS[field].label, "value": value}
    template = "customers/_revealed.html" if is_htmx_partial(request) else "customers/revealed.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@staff_view(Action.CUSTOMER_DELETE)
def customer_erase(request: StaffRequest, customer_id: object) -> HttpResponse:
    """Delete (anonymise) a customer: a confirmation page, then the erase with a reason."""
    customer = _customer_or_404(request, customer_id)
    if customer.erased_at:
        messages.info(request, "This customer has already been deleted.")
        return redirect(customer)
    error = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        if reason and request.POST.get("confirm") == "yes":
            services.customer_erase(
                customer=customer, by=request.user, channel=Channel.UI, reason=reason
            )
            messages.success(request, "Customer deleted: personal data has been erased.")
            return redirect("customers:list")
        error = "Tick the confirmation and give a reason to delete this customer."
    context = {"customer": customer, "error": error, "reason": request.POST.get("reason", "")}
    return render(request, "customers/erase.html", context, status=400 if error else 200)
