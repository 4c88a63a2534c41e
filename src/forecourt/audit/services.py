"""Write audit events. Callers pass ids and counts, never names, numbers or addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forecourt.audit.models import AuditEvent
from forecourt.core import clock

if TYPE_CHECKING:
    from forecourt.staff.models import User
    from forecourt.tenancy.models import Dealer


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    dealer: Dealer | None = None,
    target: Any = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` performed `action` (on `target`) and return the event."""
    if dealer is None and actor is not None:
        dealer = actor.dealer
    return AuditEvent.objects.create(
        dealer=dealer,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip=ip or None,
        details=details or {},
        at=clock.now(),
    )
