"""Template filters for change control: how long ago details were verified."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from forecourt.core import clock

register = template.Library()


def months_and_days(earlier: date, later: date) -> tuple[int, int]:
    """Return whole calendar months and remaining days from `earlier` to `later`."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    anchor_month = earlier.month - 1 + months
    year, month = earlier.year + anchor_month // 12, anchor_month % 12 + 1
    # Clamp the day for short months (31 Jan + 1 month = 28/29 Feb).
    for day in (earlier.day, 30, 29, 28):
        try:
            anchor = date(year, month, day)
            break
        except ValueError:
            continue
    return months, (later - anchor).days


@register.filter
def months_days_ago(moment: datetime | None) -> str:
    """Render "N months M days ago" (SPEC B8); "today" for the same day."""
    if moment is None:
        return ""
    months, days = months_and_days(timezone.localdate(moment), timezone.localdate(clock.now()))
    if months == 0 and days == 0:
        return "today"
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " ".join(parts) + " ago"


@register.filter
def history_text(value: str | None) -> str:
    """Show a stored history value the way staff read it: dates, times, yes/no."""
    if value is None:
        return "—"
    if value == "":
        return "(empty)"
    if value in ("true", "false"):
        return "Yes" if value == "true" else "No"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:  # a date
        return f"{moment:%-d %b %Y}"
    if moment.tzinfo is not None:
        moment = timezone.localtime(moment)
    return f"{moment:%-d %b %Y %H:%M}"
