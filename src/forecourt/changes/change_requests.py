"""Verified changes to protected customer details (SPEC D3, D2).

create (validates, sends an OTP) → verify (the OTP the customer read out) → apply (the Save).
Every step locks the request row; the customer's data changes only in `apply`, through
`customer_update`, so the edit history records it with the reason, booking and request.
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.audit.services import audit_record
from forecourt.changes.labels import field_label
from forecourt.changes.models import ChangeRequest, ChangeRequestStatus, Channel, OtpResend
from forecourt.changes.otp import (
    OTP_MAX_FAILURES,
    OTP_VALIDITY,
    otp_digest,
    otp_generate,
    otp_matches,
    otp_next_resend_at,
)
from forecourt.core import clock, crypto
from forecourt.core.errors import (
    ActionNotAllowed,
    BusinessRuleViolation,
    OtpRejected,
    RateLimited,
    StaleVersion,
)
from forecourt.customers.identity import KINDS as IDENTITY_KINDS
from forecourt.customers.identity import identity_requirements
from forecourt.customers.models import Customer
from forecourt.customers.services import (
    PROTECTED_FIELDS,
    customer_current_text,
    customer_proposal,
    customer_qs_for_update,
    customer_update,
    customer_values_from_text,
)
from forecourt.messaging.models import MessageChannel, MessageKind
from forecourt.messaging.services import mask_recipient, message_channels, message_send
from forecourt.sales.models import Booking
from forecourt.sales.services import booking_edit_guard
from forecourt.staff.permissions import Action, can

if TYPE_CHECKING:
    from forecourt.staff.models import User

OTP_VERIFIED = "OTP verification completed successfully."
REASON_REQUIRED = "Give the reason for this change."
NOTHING_TO_CHANGE = "Nothing to change: the values given are the customer's current ones."
BOOKING_NOT_CUSTOMERS = "That booking belongs to another customer."
NO_OTP_RECIPIENT = (
    "The customer has no mobile number or email address to receive an OTP, and the change "
    "adds neither."
)
OTP_EXPIRED = "This OTP has expired (OTPs are valid for 5 minutes). Generate a new OTP."
OTP_WRONG = "That OTP is not correct. {left} attempt(s) left."
OTP_LOCKED = "Too many incorrect OTP entries: this OTP is no longer valid. Generate a new OTP."
OTP_NONE = "There is no valid OTP for this change request. Generate a new OTP."
OTP_FORMAT = "Enter the 6-digit OTP sent to the customer."
OTP_ALREADY_USED = "This OTP has already been used: the change is verified and ready to save."
OTP_RATE_LIMITED = (
    "OTP resend limit reached for this customer (3 per 15 minutes, 10 per day). "
    "A new OTP can be sent at {at:%H:%M %Z}."
)
VERIFY_FIRST = "Verify the OTP sent to the customer before saving this change."
VERIFICATION_LAPSED = (
    "The OTP was verified more than 30 minutes ago. Generate a new OTP to confirm the change."
)
CLOSED = "This change request is {status}; start a new one to change the customer."
CHANGED_SINCE = (
    "{fields} changed since this request was made (by {by} at {at}). "
    "Start a new change request from the current details."
)
# Consent given by OTP is good for a Save within this time.
APPLY_WINDOW = timedelta(minutes=30)
OTP_SUBJECT = "Your verification code"
OTP_BODY = (
    "{otp} is your {dealer} verification code to confirm changes to your customer details "
    "({fields}). It expires in 5 minutes. Share it only with our staff who asked you for it."
)


def _payload(change_request: ChangeRequest) -> dict[str, dict[str, str | None]]:
    return json.loads(crypto.decrypt(change_request.payload_encrypted))


def change_request_values(
    change_request: ChangeRequest,
) -> dict[str, tuple[str | None, str | None]]:
    """Return {field: (old, new)} in clear; callers mask identifiers before showing them."""
    payload = _payload(change_request)
    return {
        name: (payload["before"][name], payload["changes"][name]) for name in payload["changes"]
    }


def _otp_recipient(customer: Customer, proposed: Mapping[str, tuple[Any, Any]]) -> tuple[str, str]:
    """Return (channel, address): the current mobile, else email, else the new ones proposed."""
    channels = message_channels()
    candidates = [
        (MessageChannel.SMS, customer.phone_mobile),
        (MessageChannel.EMAIL, customer.email),
        (MessageChannel.SMS, (proposed.get("phone_mobile") or (None, None))[1]),
        (MessageChannel.EMAIL, (proposed.get("email") or (None, None))[1]),
    ]
    for channel, address in candidates:
        if address and channel in channels:
            return channel, address
    raise BusinessRuleViolation(NO_OTP_RECIPIENT)


def _lock(change_request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.for_dealer(change_request.dealer)
        .select_for_update(of=("self",))
        .select_related("customer", "booking", "dealer")
        .get(pk=change_request.pk)
    )


def _refuse_closed(change_request: ChangeRequest) -> None:
    if change_request.status in (ChangeRequestStatus.APPLIED, ChangeRequestStatus.CANCELLED):
        status = change_request.get_status_display().lower()
        raise BusinessRuleViolation(CLOSED.format(status=status))


def _issue_otp(
    change_request: ChangeRequest,
    customer: Customer,
    by: User | None,
    ip: str | None,
    *,
    resend: bool = False,
) -> None:
    """Send a new OTP for the request, replacing any earlier one; resends are rate limited."""
    if resend:
        blocked_until = otp_next_resend_at(customer=customer)
        if blocked_until is not None:
            raise RateLimited(
                OTP_RATE_LIMITED.format(
                    at=blocked_until.astimezone(zoneinfo.ZoneInfo(customer.dealer.timezone))
                ),
                retry_after=max(1, int((blocked_until - clock.now()).total_seconds())),
            )
    values = change_request_values(change_request)
    channel, address = _otp_recipient(customer, values)
    otp = otp_generate()
    change_request.otp_issue += 1
    change_request.otp_digest = otp_digest(
        request_id=change_request.pk, issue=change_request.otp_issue, otp=otp
    )
    change_request.otp_expires_at = clock.now() + OTP_VALIDITY
    change_request.otp_failures = 0
    change_request.otp_channel = channel
    change_request.otp_recipient_masked = mask_recipient(address)
    change_request.status = ChangeRequestStatus.PENDING_OTP
    change_request.save()
    labels = ", ".join(field_label(name) for name in change_request.fields)
    message_send(
        dealer=customer.dealer,
        customer=customer,
        to=address,
        channel=channel,
        kind=MessageKind.OTP,
        subject=OTP_SUBJECT,
        body=OTP_BODY.format(otp=otp, dealer=customer.dealer.name, fields=labels),
    )
    if resend:
        OtpResend.objects.create(
            dealer=customer.dealer, customer=customer, change_request=change_request
        )
    audit_record(
        action="otp.resent" if resend else "otp.sent",
        actor=by,
        dealer=customer.dealer,
        target=change_request,
        ip=ip,
        details={"channel": channel, "issue": change_request.otp_issue},
    )


@transaction.atomic
def change_request_create(
    *,
    customer: Customer,
    by: User | None,
    source: Channel | str,
    changes: Mapping[str, Any],
    reason: str,
    booking: Booking | None = None,
    expected_version: int | None = None,
    ip: str | None = None,
) -> ChangeRequest:
    """Validate a proposed change, store it encrypted and send the customer an OTP.

    Refused with 409 when made through an invoiced booking, 400 for bad values, a missing
    reason or an identifier the dealer's rules require, 429 past the OTP send limits.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if booking is not None:
        if booking.customer_id != customer.pk or booking.dealer_id != customer.dealer_id:
            raise ValidationError({"booking": BOOKING_NOT_CUSTOMERS})
        booking_edit_guard(booking)
    locked = customer_qs_for_update(customer.dealer).select_related("dealer").get(pk=customer.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion.of(locked)
    proposal = customer_proposal(locked, changes)
    if not proposal.changes:
        raise ValidationError({"changes": NOTHING_TO_CHANGE})
    identity_requirements(
        proposal.preview, sale_value=booking.sale_value if booking is not None else None
    )
    payload = {
        "before": {name: old for name, (old, _) in proposal.changes.items()},
        "changes": {name: new for name, (_, new) in proposal.changes.items()},
    }
    change_request = ChangeRequest(
        dealer=locked.dealer,
        customer=locked,
        booking=booking,
        requested_by=by,
        source=source,
        reason=reason,
        fields=list(proposal.changes),
        payload_encrypted=crypto.encrypt(json.dumps(payload)),
    )
    change_request.save()
    _issue_otp(change_request, locked, by, ip)
    return change_request


@transaction.atomic
def change_request_resend(
    *, change_request: ChangeRequest, by: User | None, ip: str | None = None
) -> ChangeRequest:
    """Send a new OTP for an open request (the old one stops working); rate limited."""
    locked = _lock(change_request)
    _refuse_closed(locked)
    customer = (
        customer_qs_for_update(locked.dealer).select_related("dealer").get(pk=locked.customer_id)
    )
    _issue_otp(locked, customer, by, ip, resend=True)
    return locked


def change_request_verify(
    *, change_request: ChangeRequest, by: User | None, otp: str, ip: str | None = None
) -> ChangeRequest:
    """Check the OTP the customer received; on success the request may be applied.

    A wrong, expired or spent OTP raises OtpRejected (400). Failed attempts are committed
    before the refusal is raised, so the fifth wrong entry really kills the OTP.
    """
    otp = (otp or "").strip()
    if len(otp) != 6 or not otp.isdigit():
        raise ValidationError({"otp": OTP_FORMAT})
    rejection: str | None = None
    with transaction.atomic():
        locked = _lock(change_request)
        _refuse_closed(locked)
        if locked.status == ChangeRequestStatus.VERIFIED:
            rejection = OTP_ALREADY_USED
        elif not locked.otp_digest or locked.otp_expires_at is None:
            rejection = OTP_NONE
        elif clock.now() >= locked.otp_expires_at:
            locked.otp_digest = ""
            rejection = OTP_EXPIRED
        elif not otp_matches(
            digest=locked.otp_digest, request_id=locked.pk, issue=locked.otp_issue, otp=otp
        ):
            locked.otp_failures += 1
            if locked.otp_failures >= OTP_MAX_FAILURES:
                locked.otp_digest = ""
                rejection = OTP_LOCKED
            else:
                rejection = OTP_WRONG.format(left=OTP_MAX_FAILURES - locked.otp_failures)
        else:
            locked.status = ChangeRequestStatus.VERIFIED
            locked.otp_digest = ""  # single use
            locked.verified_at = clock.now()
            locked.verified_by = by
        locked.save()
        audit_record(
            action="otp.failed" if rejection else "otp.verified",
            actor=by,
            dealer=locked.dealer,
            target=locked,
            ip=ip,
            details={"failures": locked.otp_failures, "issue": locked.otp_issue},
        )
    if rejection:
        raise OtpRejected(rejection)
    return locked


@transaction.atomic
def change_request_apply(*, change_request: ChangeRequest, by: User | None) -> Customer:
    """Save a verified change to the customer (the Save after OTP verification)."""
    locked = _lock(change_request)
    _refuse_closed(locked)
    if locked.status != ChangeRequestStatus.VERIFIED:
        raise BusinessRuleViolation(VERIFY_FIRST)
    if locked.verified_at is None or clock.now() > locked.verified_at + APPLY_WINDOW:
        raise BusinessRuleViolation(VERIFICATION_LAPSED)
    booking = None
    if locked.booking_id is not None:
        booking = Booking.for_dealer(locked.dealer).select_for_update().get(pk=locked.booking_id)
        booking_edit_guard(booking)
    customer = (
        customer_qs_for_update(locked.dealer)
        .select_related("dealer", "last_changed_by")
        .get(pk=locked.customer_id)
    )
    values = change_request_values(locked)
    changed_since = [
        name for name, (old, _) in values.items() if customer_current_text(customer, name) != old
    ]
    if changed_since:
        by_whom = str(customer.last_changed_by or "another user")
        at = f"{customer.updated_at:%d %b %Y %H:%M}"
        raise StaleVersion(
            by=by_whom,
            at=at,
            current_version=customer.version,
            message=CHANGED_SINCE.format(
                fields=", ".join(field_label(name) for name in changed_since), by=by_whom, at=at
            ),
        )
    typed = customer_values_from_text(
        customer.dealer, {name: new for name, (_, new) in values.items()}
    )
    proposal = customer_proposal(customer, typed)
    identity_requirements(
        proposal.preview, sale_value=booking.sale_value if booking is not None else None
    )
    customer = customer_update(
        customer=customer,
        by=by,
        channel=locked.source,
        changes=typed,
        expected_version=customer.version,
        reason=locked.reason,
        booking_id=locked.booking_id,
        change_request_id=locked.pk,
    )
    locked.status = ChangeRequestStatus.APPLIED
    locked.applied_at = clock.now()
    locked.applied_by = by
    locked.save()
    return customer


@transaction.atomic
def change_request_cancel(*, change_request: ChangeRequest, by: User | None) -> ChangeRequest:
    """Withdraw an open change request; its OTP stops working."""
    locked = _lock(change_request)
    _refuse_closed(locked)
    locked.status = ChangeRequestStatus.CANCELLED
    locked.otp_digest = ""
    locked.save()
    return locked


def change_request_preview(change_request: ChangeRequest) -> dict[str, dict[str, str | None]]:
    """Return {field: {"old", "new"}} for display, identifiers masked."""
    preview: dict[str, dict[str, str | None]] = {}
    for name, (old, new) in change_request_values(change_request).items():
        kind = IDENTITY_KINDS.get(name)
        preview[name] = {
            "old": kind.mask(old or "") if kind else old,
            "new": kind.mask(new or "") if kind else new,
        }
    return preview


def change_request_get(*, dealer: Any, customer_id: Any, change_request_id: Any) -> ChangeRequest:
    """Return one of a customer's change requests; DoesNotExist otherwise."""
    return (
        ChangeRequest.for_dealer(dealer)
        .select_related("customer", "booking", "requested_by", "dealer")
        .get(customer_id=customer_id, pk=change_request_id)
    )


@dataclass(frozen=True)
class EditOutcome:
    """What a staff member's edit led to: saved now, or waiting for the customer's OTP."""

    customer: Customer
    change_request: ChangeRequest | None


@transaction.atomic
def customer_edit_submit(
    *,
    customer: Customer,
    by: User,
    source: Channel | str,
    changes: Mapping[str, Any],
    expected_version: int,
    reason: str = "",
    assigned_staff: list[User] | None = None,
    booking: Booking | None = None,
    ip: str | None = None,
) -> EditOutcome:
    """Apply an edit from the customer edit screen in one step (SPEC D3).

    Unprotected changes save at once. Protected changes — and every change made through a
    booking — become a change request and the customer is sent an OTP; a change of
    assigned staff, never protected, saves at once either way.
    """
    locked = customer_qs_for_update(customer.dealer).select_related("dealer", "last_changed_by")
    locked = locked.get(pk=customer.pk)
    if locked.version != expected_version:
        raise StaleVersion.of(locked)
    proposal = customer_proposal(locked, changes)
    needs_consent = booking is not None or any(f in PROTECTED_FIELDS for f in proposal.changes)
    current_staff = sorted(str(pk) for pk in locked.assigned_staff.values_list("pk", flat=True))
    staff_changed = assigned_staff is not None and current_staff != sorted(
        str(u.pk) for u in assigned_staff
    )
    if (staff_changed or not needs_consent) and not can(by, Action.CUSTOMER_EDIT):
        raise ActionNotAllowed()
    if not needs_consent:
        saved = customer_update(
            customer=locked,
            by=by,
            channel=source,
            changes={name: changes[name] for name in proposal.changes},
            expected_version=expected_version,
            reason=reason,
            assigned_staff=assigned_staff,
            allow_protected=False,
        )
        return EditOutcome(customer=saved, change_request=None)
    if staff_changed:
        locked = customer_update(
            customer=locked,
            by=by,
            channel=source,
            changes={},
            expected_version=expected_version,
            reason=reason,
            assigned_staff=assigned_staff,
        )
    change_request = change_request_create(
        customer=locked,
        by=by,
        source=source,
        changes={name: changes[name] for name in proposal.changes},
        reason=reason,
        booking=booking,
        ip=ip,
    )
    return EditOutcome(customer=locked, change_request=change_request)


def change_requests_rotate_keys(*, dealer: Any) -> int:
    """Re-encrypt the dealer's open change requests under the current field key."""
    open_requests = ChangeRequest.for_dealer(dealer).filter(
        status__in=[ChangeRequestStatus.PENDING_OTP, ChangeRequestStatus.VERIFIED]
    )
    rewritten = 0
    for change_request in open_requests.iterator(chunk_size=500):
        change_request.payload_encrypted = crypto.reencrypt(change_request.payload_encrypted)
        change_request.save(update_fields=["payload_encrypted"])
        rewritten += 1
    return rewritten
