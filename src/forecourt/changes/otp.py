"""One-time passwords for change requests (SPEC D3): made with `secrets`, kept only as digests.

An OTP is bound to one change request and to the issue number of that request, so an OTP
from another request, or an earlier OTP of the same request, never verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from forecourt.changes.models import OtpResend
from forecourt.core import clock

OTP_DIGITS = 6
OTP_VALIDITY = timedelta(minutes=5)
OTP_MAX_FAILURES = 5
# At most this many resends per customer within each window; the OTP sent when a change
# request is made does not count.
OTP_RESEND_LIMITS = ((3, timedelta(minutes=15)), (10, timedelta(days=1)))


def otp_generate() -> str:
    """Return a fresh 6-digit OTP from the system's secure random source."""
    return f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"


def otp_digest(*, request_id: Any, issue: int, otp: str) -> str:
    """Return the keyed digest stored in place of an OTP."""
    message = f"otp|{request_id}|{issue}|{otp}".encode()
    return hmac.new(settings.FORECOURT_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def otp_matches(*, digest: str, request_id: Any, issue: int, otp: str) -> bool:
    """Return True when `otp` is the one behind `digest` (constant-time comparison)."""
    if not digest:
        return False
    return hmac.compare_digest(digest, otp_digest(request_id=request_id, issue=issue, otp=otp))


def otp_next_resend_at(*, customer: Any) -> datetime | None:
    """Return when the customer may next be resent an OTP, or None when they may be now."""
    now = clock.now()
    longest = max(window for _, window in OTP_RESEND_LIMITS)
    sent = list(
        OtpResend.for_dealer(customer.dealer)
        .filter(customer=customer, created_at__gt=now - longest)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    blocked_until: datetime | None = None
    for limit, window in OTP_RESEND_LIMITS:
        recent = [at for at in sent if at > now - window]
        if len(recent) >= limit:
            # The oldest send that still counts must leave the window first.
            until = recent[limit - 1] + window
            blocked_until = max(blocked_until or until, until)
    return blocked_until
