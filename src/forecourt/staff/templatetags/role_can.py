"""`{% if user|can:"vehicle.edit" %}`: offer only the actions the user's role allows."""

from __future__ import annotations

from typing import Any

from django import template

from forecourt.staff.permissions import Action
from forecourt.staff.permissions import can as role_can

register = template.Library()


@register.filter
def can(user: Any, action: str) -> bool:
    """Return True when `user`'s role allows `action` (an Action value, e.g. "vehicle.edit")."""
    return bool(user) and role_can(user, Action(action))
