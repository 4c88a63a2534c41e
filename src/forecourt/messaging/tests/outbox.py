"""Read what the file backend delivered: the way tests (and demos) learn an OTP."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings


def outbox_messages() -> list[dict[str, Any]]:
    """Return every message in FORECOURT_OUTBOX_DIR, oldest first."""
    directory = Path(settings.FORECOURT_OUTBOX_DIR)
    if not directory.exists():
        return []
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def latest_otp() -> str:
    """Return the OTP in the newest OTP message."""
    otps = [m for m in outbox_messages() if m["kind"] == "otp"]
    assert otps, "no OTP message in the outbox"
    match = re.search(r"\b(\d{6})\b", otps[-1]["body"])
    assert match, otps[-1]["body"]
    return match.group(1)
