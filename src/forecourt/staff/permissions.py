"""The one role × action table. Every face (UI, API, CLI) asks `can()` / `require()`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models

from forecourt.core.errors import ActionNotAllowed

if TYPE_CHECKING:
    from forecourt.staff.models import User


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    SALES = "sales", "Sales"
    SERVICE = "service", "Service"
    RENTAL = "rental", "Rental"
    VIEWER = "viewer", "Viewer (read only)"


class Action(StrEnum):
    CUSTOMER_VIEW = "customer.view"
    CUSTOMER_CREATE = "customer.create"
    CUSTOMER_EDIT = "customer.edit"
    CUSTOMER_DELETE = "customer.delete"
    CUSTOMER_MERGE = "customer.merge"
    CUSTOMER_VERIFY_INFO = "customer.verify_info"
    IDENTITY_REVEAL = "identity.reveal"
    VEHICLE_VIEW = "vehicle.view"
    VEHICLE_CREATE = "vehicle.create"
    VEHICLE_EDIT = "vehicle.edit"
    SERVICE_MANAGE = "service.manage"
    NOTE_ADD = "note.add"
    BOOKING_VIEW = "booking.view"
    BOOKING_MANAGE = "booking.manage"
    BOOKING_INVOICE = "booking.invoice"
    CHANGE_REQUEST = "change_request.create"
    HISTORY_VIEW = "history.view"
    EXPORT = "transfer.export"
    IMPORT = "transfer.import"
    RENTAL_MANAGE = "rental.manage"
    REASON_CODES_MANAGE = "reason_codes.manage"
    STAFF_MANAGE = "staff.manage"
    AUDIT_VIEW = "audit.view"


READ_ACTIONS = frozenset(
    {Action.CUSTOMER_VIEW, Action.VEHICLE_VIEW, Action.BOOKING_VIEW, Action.HISTORY_VIEW}
)

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.SALES: READ_ACTIONS
    | {
        Action.CUSTOMER_CREATE,
        Action.CUSTOMER_EDIT,
        Action.CUSTOMER_VERIFY_INFO,
        Action.CHANGE_REQUEST,
        Action.VEHICLE_CREATE,
        Action.VEHICLE_EDIT,
        Action.BOOKING_MANAGE,
        Action.BOOKING_INVOICE,
        Action.EXPORT,
        Action.NOTE_ADD,
    },
    Role.SERVICE: READ_ACTIONS
    | {
        Action.CUSTOMER_CREATE,
        Action.CUSTOMER_VERIFY_INFO,
        Action.CHANGE_REQUEST,
        Action.VEHICLE_CREATE,
        Action.VEHICLE_EDIT,
        Action.SERVICE_MANAGE,
        Action.NOTE_ADD,
    },
    Role.RENTAL: READ_ACTIONS | {Action.CUSTOMER_CREATE, Action.RENTAL_MANAGE, Action.NOTE_ADD},
    Role.VIEWER: READ_ACTIONS,
}


def can(user: User, action: Action) -> bool:
    """Return True when `user` is active dealer staff whose role allows `action`."""
    if not user.is_authenticated or not user.is_active or user.dealer_id is None:
        return False
    return action in ROLE_ACTIONS.get(user.role, frozenset())


def require(user: User, action: Action) -> None:
    """Raise ActionNotAllowed unless `user` may perform `action`."""
    if not can(user, action):
        raise ActionNotAllowed()
