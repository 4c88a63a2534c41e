"""Staff UI for change requests: enter the OTP, resend it, save or cancel (SPEC D3)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forecourt.changes import change_requests as services
from forecourt.changes.labels import field_label
from forecourt.changes.models import ChangeRequest, ChangeRequestStatus
from forecourt.changes.otp import OTP_MAX_FAILURES
from forecourt.core import clock
from forecourt.core.errors import DomainError
from forecourt.core.http import StaffRequest
from forecourt.core.views import found_or_404, staff_view
from forecourt.staff.login import client_ip
from forecourt.staff.permissions import Action

STEPS = ("verify", "resend", "apply", "cancel")


def change_request_url(change_request: ChangeRequest) -> str:
    """Return the page where staff enter the OTP for `change_request`."""
    return reverse("customers:change_request", args=[change_request.customer_id, change_request.pk])


def _change_request_or_404(
    request: StaffRequest, customer_id: Any, change_request_id: Any
) -> ChangeRequest:
    return found_or_404(
        services.change_request_get,
        dealer=request.dealer,
        customer_id=customer_id,
        change_request_id=change_request_id,
    )


def _delivery_hint() -> str:
    """Say where the OTP went when it went to a development backend (file outbox, console)."""
    if settings.FORECOURT_MESSAGE_BACKEND == "file":
        return (
            f"Development: messages are written as JSON files to {settings.FORECOURT_OUTBOX_DIR}."
        )
    if settings.FORECOURT_MESSAGE_BACKEND == "console":
        return "Development: messages are printed in the terminal running the server."
    return ""


@staff_view(Action.CHANGE_REQUEST)
def change_request_page(
    request: StaffRequest, customer_id: Any, change_request_id: Any
) -> HttpResponse:
    """Show the proposed change, the OTP entry with its countdown, and Save once verified."""
    change_request = _change_request_or_404(request, customer_id, change_request_id)
    rows = [
        (field_label(name), values["old"], values["new"])
        for name, values in services.change_request_preview(change_request).items()
    ]
    expires_at = change_request.otp_expires_at
    context = {
        "change_request": change_request,
        "customer": change_request.customer,
        "rows": rows,
        "otp_live": bool(change_request.otp_digest) and expires_at and expires_at > clock.now(),
        "attempts_left": OTP_MAX_FAILURES - change_request.otp_failures,
        "statuses": ChangeRequestStatus,
        "delivery_hint": _delivery_hint(),
    }
    return render(request, "changes/change_request.html", context)


@require_POST
@staff_view(Action.CHANGE_REQUEST)
def change_request_step(
    request: StaffRequest, customer_id: Any, change_request_id: Any, step: str
) -> HttpResponse:
    """Run one step (verify, resend, apply, cancel) and come back with what happened."""
    if step not in STEPS:
        raise Http404("No such step.")
    change_request = _change_request_or_404(request, customer_id, change_request_id)
    page = change_request_url(change_request)
    try:
        if step == "verify":
            services.change_request_verify(
                change_request=change_request,
                by=request.user,
                otp=request.POST.get("otp", ""),
                ip=client_ip(request),
            )
            messages.success(request, services.OTP_VERIFIED)
        elif step == "resend":
            change_request = services.change_request_resend(
                change_request=change_request, by=request.user, ip=client_ip(request)
            )
            messages.info(
                request,
                f"A new OTP was sent by {change_request.get_otp_channel_display()} to "
                f"{change_request.otp_recipient_masked}. The previous one no longer works.",
            )
        elif step == "apply":
            customer = services.change_request_apply(change_request=change_request, by=request.user)
            messages.success(request, "Customer saved.")
            booking = change_request.booking
            return redirect(booking.get_absolute_url() if booking else customer.get_absolute_url())
        else:
            services.change_request_cancel(change_request=change_request, by=request.user)
            messages.info(request, "Change request cancelled: nothing was changed.")
            return redirect(change_request.customer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(page)
