"""Message backends (SPEC G2): console, file outbox, SMTP; chosen by settings."""

import io
import json
import os
import stat
from pathlib import Path

import pytest
from django.core import mail

from forecourt.customers.tests.factories import CustomerFactory
from forecourt.messaging.backends import ConsoleBackend, FileBackend, SmtpBackend
from forecourt.messaging.models import Message
from forecourt.messaging.services import MessageNotDelivered, mask_recipient, message_send
from forecourt.messaging.tests.outbox import outbox_messages

pytestmark = pytest.mark.django_db


def _send(dealer, **overrides):
    fields = {
        "dealer": dealer,
        "to": "+447911123456",
        "channel": "sms",
        "kind": "notice",
        "subject": "Your MOT is due",
        "body": "Your MOT for AB12 CDE is due on 1 March.",
    }
    return message_send(**{**fields, **overrides})


def test_file_backend_writes_one_private_json_file_per_message(dealer, settings):
    settings.FORECOURT_MESSAGE_BACKEND = "file"
    customer = CustomerFactory(dealer=dealer)
    record = _send(dealer, customer=customer)
    _send(dealer, to="amelia.jones@example.co.uk", channel="email")
    messages = outbox_messages()
    assert len(messages) == 2
    assert set(messages[0]) == {"to", "channel", "kind", "subject", "body", "created_at"}
    assert messages[0]["to"] == "+447911123456" and messages[0]["channel"] == "sms"
    assert messages[1]["channel"] == "email"
    for path in Path(settings.FORECOURT_OUTBOX_DIR).iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # The record keeps who and how, never the body or the full address.
    assert record.recipient_masked == "+44•••••3456" and record.customer == customer
    assert not hasattr(Message, "body")


def test_console_backend_prints_the_message():
    stream = io.StringIO()
    envelope_args = {
        "to": "a@example.com",
        "channel": "email",
        "kind": "notice",
        "subject": "Hello",
        "body": "Body",
    }
    from forecourt.core import clock
    from forecourt.messaging.backends import Envelope

    ConsoleBackend(stream).deliver(Envelope(**envelope_args, created_at=clock.now()))
    printed = stream.getvalue()
    assert json.loads(printed.split("\n", 1)[1])["subject"] == "Hello"


def test_smtp_backend_sends_email_and_cannot_send_sms(dealer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _send(dealer, to="isla.brown@example.co.uk", channel="email", backend=SmtpBackend())
    assert mail.outbox[0].to == ["isla.brown@example.co.uk"]
    with pytest.raises(MessageNotDelivered):
        _send(dealer, backend=SmtpBackend())
    assert Message.objects.count() == 1


def test_backend_is_chosen_by_setting(dealer, settings, capsys):
    settings.FORECOURT_MESSAGE_BACKEND = "console"
    _send(dealer)
    assert "Your MOT for AB12 CDE" in capsys.readouterr().out
    assert outbox_messages() == []


def test_unwritable_outbox_is_a_clear_error_and_records_nothing(dealer, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    with pytest.raises(MessageNotDelivered, match="could not be sent"):
        _send(dealer, backend=FileBackend(blocked / "outbox"))
    assert Message.objects.count() == 0


@pytest.mark.parametrize(
    ("address", "masked"),
    [("+919876543210", "+91•••••3210"), ("oliver.smith@example.co.uk", "o•••@example.co.uk")],
)
def test_recipients_are_masked(address, masked):
    assert mask_recipient(address) == masked
