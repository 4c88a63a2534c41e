"""Domain errors: business-rule refusals with their user-facing messages.

One exception handler (core.api.exception_handler) maps them to HTTP statuses for the API;
views turn them into form errors or messages.
"""

from __future__ import annotations

from typing import Any

NOT_FOUND = "Not found."
PERMISSION_DENIED = "Your role does not allow this action."
CROSS_DEALER_REFERENCE = "That record does not exist."
STALE_VERSION = "This record was changed by {by} at {at}. Reload it and apply your change again."
VERSION_REQUIRED = (
    'Send the version you edited in an If-Match header (the ETag of your GET, e.g. If-Match: "3").'
)
RATE_LIMITED = "Too many attempts. Try again later."


class DomainError(Exception):
    """A refusal by a business rule; `status_code` is the HTTP status the API answers with."""

    status_code = 400
    code = "invalid"
    message = "The request could not be completed."

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        self.message = message or self.message
        self.extra = extra
        super().__init__(self.message)


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    message = NOT_FOUND


class CrossDealerReference(NotFound):
    """A reference to a row of another dealer: answered exactly like a missing row."""

    message = CROSS_DEALER_REFERENCE


class ActionNotAllowed(DomainError):
    status_code = 403
    code = "permission_denied"
    message = PERMISSION_DENIED


class BusinessRuleViolation(DomainError):
    status_code = 409
    code = "conflict"


class StaleVersion(DomainError):
    status_code = 412
    code = "stale_version"

    def __init__(
        self, *, by: str, at: str, current_version: int, message: str | None = None
    ) -> None:
        super().__init__(
            message or STALE_VERSION.format(by=by, at=at), current_version=current_version
        )

    @classmethod
    def of(cls, record: Any) -> StaleVersion:
        """Return the refusal naming who changed `record` (a versioned row) last, and when."""
        return cls(
            by=str(record.last_changed_by or "another user"),
            at=f"{record.updated_at:%d %b %Y %H:%M}",
            current_version=record.version,
        )


class VersionRequired(DomainError):
    status_code = 428
    code = "precondition_required"
    message = VERSION_REQUIRED


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"
    message = RATE_LIMITED


VERIFICATION_REQUIRED = (
    "{fields}: protected details change only with the customer's consent. Create a change "
    "request with a reason (POST /api/v1/customers/{customer_id}/change-requests/), verify the "
    "OTP sent to the customer, then apply it."
)
INVOICED_BOOKING_LOCKED = (
    "Booking {number} was invoiced on {date} (invoice {invoice}): customer details can no "
    "longer be changed through it. Edit the customer from customer search → profile instead."
)


class VerificationRequired(BusinessRuleViolation):
    """A direct edit touched fields that need an OTP-verified change request (SPEC D3)."""

    code = "verification_required"


class InvoicedBookingLocked(BusinessRuleViolation):
    """A customer edit through a booking that has already been invoiced (SPEC D2)."""

    code = "invoiced_booking_locked"


class OtpRejected(DomainError):
    """An OTP that is wrong, expired, used or no longer valid; nothing was changed."""

    code = "otp_rejected"
