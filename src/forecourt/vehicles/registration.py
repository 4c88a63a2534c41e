"""Registration (number plate) normalisation: one key for matching, the entered form for display."""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_SPACES = re.compile(r"\s+")


def registration_normalise(raw: str | None) -> str:
    """Return the matching key of a plate: upper case, letters and digits only."""
    return _NOT_ALNUM.sub("", (raw or "").upper())


def registration_display(raw: str | None) -> str:
    """Return a plate as entered, trimmed, upper-cased and with single spaces."""
    return _SPACES.sub(" ", (raw or "").strip().upper())
