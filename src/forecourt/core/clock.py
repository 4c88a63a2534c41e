"""The one seam for the current time, so tests can freeze it."""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    """Return the current aware UTC datetime."""
    return timezone.now()


def today() -> date:
    """Return today's date in the active time zone."""
    return timezone.localdate(now())
