"""Send a message to a customer through the configured backend, and record that it went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecourt.core import clock
from forecourt.core.errors import DomainError
from forecourt.messaging.backends import Backend, DeliveryFailed, Envelope, backend_from_settings
from forecourt.messaging.models import Message

if TYPE_CHECKING:
    from forecourt.customers.models import Customer
    from forecourt.tenancy.models import Dealer

NOT_DELIVERED = "The message could not be sent ({reason}). Nothing was changed; try again."


class MessageNotDelivered(DomainError):
    """The backend refused or failed to deliver a message."""

    status_code = 503
    code = "message_not_delivered"


def mask_recipient(address: str) -> str:
    """Return a phone number or email with most of it hidden, for records and screens."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}•••@{domain}"
    return f"{address[:3]}•••••{address[-4:]}" if len(address) > 7 else "•••"


def message_channels(backend: Backend | None = None) -> frozenset[str]:
    """Return the channels the configured backend can deliver on."""
    return (backend or backend_from_settings()).channels


def message_send(
    *,
    dealer: Dealer,
    to: str,
    channel: str,
    kind: str,
    subject: str,
    body: str,
    customer: Customer | None = None,
    backend: Backend | None = None,
) -> Message:
    """Deliver one message now and return its record; raise MessageNotDelivered on failure.

    The body is handed to the backend only; the record keeps the masked recipient.
    """
    backend = backend or backend_from_settings()
    envelope = Envelope(
        to=to, channel=channel, kind=kind, subject=subject, body=body, created_at=clock.now()
    )
    if channel not in backend.channels:
        raise MessageNotDelivered(
            NOT_DELIVERED.format(reason=f"the {backend.name} backend cannot send {channel}")
        )
    try:
        backend.deliver(envelope)
    except DeliveryFailed as exc:
        raise MessageNotDelivered(NOT_DELIVERED.format(reason=str(exc).rstrip("."))) from exc
    return Message.objects.create(
        dealer=dealer,
        customer=customer,
        channel=channel,
        kind=kind,
        recipient_masked=mask_recipient(to),
        subject=subject,
        backend=backend.name,
    )
