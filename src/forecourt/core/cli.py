"""Helpers shared by the `forecourt` management commands."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from forecourt.tenancy.models import Dealer


def command_error(exc: ValidationError) -> CommandError:
    """Return a CommandError listing a ValidationError's messages by field."""
    if hasattr(exc, "error_dict"):
        text = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    else:
        text = " ".join(exc.messages)
    return CommandError(text)


def dealer_by_slug(slug: str) -> Dealer:
    """Return the dealer with `slug` or stop the command with a clear message."""
    dealer = Dealer.objects.filter(slug=slug).first()
    if dealer is None:
        raise CommandError(f"No dealer with slug “{slug}”.")
    return dealer
