"""The hook through which imports honour contact suppressions (SPEC F4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def suppressed_contact_points(dealer: Any, values: Iterable[str]) -> set[str]:
    """Return those of `values` (normalised emails / E.164 phones) the dealer must not contact.

    Contact suppressions (SPEC F4) do not exist yet, so nothing is suppressed. When the
    lifecycle work lands, answer from its suppression list here: the importer already asks
    this function for every row (emails as `email_normalise` returns them, phones in E.164)
    and leaves out each suppressed value, so a feed that still carries a removed phone or
    email never brings it back; the error report notes each value left out.
    """
    return set()
