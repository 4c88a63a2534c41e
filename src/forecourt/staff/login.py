"""Password sign-in shared by the web login and the API token endpoint: throttled and audited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.http import HttpRequest

from forecourt.audit.services import audit_record
from forecourt.core.errors import RateLimited
from forecourt.staff.models import User

LOGIN_THROTTLED = "Too many sign-in attempts. Wait a minute and try again."
LOGIN_FAILED = "Username or password is incorrect."


def _throttle_key(username: str, ip: str) -> str:
    # Hashed so the cache never holds usernames in the clear.
    digest = hashlib.sha256(f"{username.lower()}|{ip}".encode()).hexdigest()
    return f"login-attempts:{digest}"


def client_ip(request: HttpRequest) -> str:
    """Return the caller's IP address as the server sees it."""
    return request.META.get("REMOTE_ADDR", "") or ""


def staff_sign_in(*, request: HttpRequest, username: str, password: str) -> User | None:
    """Return the staff user for these credentials, None when wrong; RateLimited when throttled."""
    ip = client_ip(request)
    key = _throttle_key(username, ip)
    attempts = cache.get(key, 0)
    if attempts >= settings.FORECOURT_LOGIN_ATTEMPTS_PER_MINUTE:
        audit_record(action="login.throttled", ip=ip, details={"reason": "rate_limit"})
        raise RateLimited(LOGIN_THROTTLED)
    user = authenticate(request, username=username, password=password)
    if user is None:
        cache.set(key, attempts + 1, timeout=60)
        audit_record(action="login.failed", ip=ip, details={})
        return None
    cache.delete(key)
    audit_record(action="login.ok", actor=user, dealer=user.dealer, ip=ip)
    return user
