"""Delivery backends (SPEC G2): console, file outbox and SMTP, chosen by settings.

A backend takes an `Envelope` and delivers it or raises DeliveryFailed. Bodies may hold an
OTP, so backends never log them; the console backend prints to the terminal it was asked to
print to, which is its whole purpose in local development.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar, TextIO

from django.conf import settings
from django.core.mail import EmailMessage


class DeliveryFailed(Exception):
    """The backend could not hand the message over."""


@dataclass(frozen=True)
class Envelope:
    """A message ready to deliver."""

    to: str
    channel: str
    kind: str
    subject: str
    body: str
    created_at: datetime

    def as_json(self) -> str:
        """Return the outbox form: to, channel, kind, subject, body, created_at."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return json.dumps(data, ensure_ascii=False, indent=2)


class Backend:
    """Base class: the channels a backend can deliver on, and `deliver`."""

    name: ClassVar[str] = ""
    channels: ClassVar[frozenset[str]] = frozenset({"sms", "email"})

    def deliver(self, envelope: Envelope) -> None:
        raise NotImplementedError


class ConsoleBackend(Backend):
    """Print each message to a stream (stdout by default) for local development."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def deliver(self, envelope: Envelope) -> None:
        self.stream.write(f"--- message ({envelope.channel}) ---\n{envelope.as_json()}\n")
        self.stream.flush()


class FileBackend(Backend):
    """Write one JSON file per message into FORECOURT_OUTBOX_DIR (tests and demos read it)."""

    name = "file"

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or settings.FORECOURT_OUTBOX_DIR)

    def deliver(self, envelope: Envelope) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            name = f"{envelope.created_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.json"
            temporary = self.directory / f".{name}.tmp"
            temporary.write_text(envelope.as_json(), encoding="utf-8")
            os.chmod(temporary, 0o600)
            temporary.replace(self.directory / name)  # readers never see a half-written file
        except OSError as exc:
            raise DeliveryFailed(f"The outbox could not be written ({exc.strerror}).") from exc


class SmtpBackend(Backend):
    """Send email through Django's mail settings (EMAIL_URL); SMS needs a gateway."""

    name = "smtp"
    channels = frozenset({"email"})

    def deliver(self, envelope: Envelope) -> None:
        message = EmailMessage(subject=envelope.subject, body=envelope.body, to=[envelope.to])
        try:
            message.send(fail_silently=False)
        except OSError as exc:
            raise DeliveryFailed("The mail server did not accept the message.") from exc


BACKENDS: dict[str, type[Backend]] = {
    backend.name: backend for backend in (ConsoleBackend, FileBackend, SmtpBackend)
}


def backend_from_settings() -> Backend:
    """Return the backend FORECOURT_MESSAGE_BACKEND names."""
    name = settings.FORECOURT_MESSAGE_BACKEND
    try:
        return BACKENDS[name]()
    except KeyError as exc:
        choices = ", ".join(sorted(BACKENDS))
        raise RuntimeError(f"FORECOURT_MESSAGE_BACKEND must be one of {choices}.") from exc
