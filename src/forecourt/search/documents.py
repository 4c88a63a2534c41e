"""Build the normalised search text of a customer, and normalise queries the same way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import jellyfish
import phonenumbers

# One character between fields: every character costs index entries at a million rows.
FIELD_SEPARATOR = "\n"
SOUND_MARK = "#"
_WORD = re.compile(r"[a-z]+")
_COMPACT_NOISE = re.compile(r"[\s+\-().,/]")
_NAME_FIELDS = ("title", "first_name", "middle_name", "last_name", "company_name", "contact_name")


def fold(text: str) -> str:
    """Lower-case `text`, strip accents and collapse whitespace (`Zoë  Smith` → `zoe smith`)."""
    if not text:
        return ""
    if text.isascii():  # the common case, and ten times cheaper than decomposing
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def compact(text: str) -> str:
    """Drop spaces and phone/postcode punctuation: `+44 7911 123456` → `447911123456`."""
    return _COMPACT_NOISE.sub("", fold(text))


def sound_keys(text: str) -> list[str]:
    """Return the soundex marker of each word of 3+ letters (`smyth` → `#s530`)."""
    return [
        SOUND_MARK + jellyfish.soundex(w).lower() for w in _WORD.findall(fold(text)) if len(w) > 2
    ]


def phone_forms(e164: str) -> list[str]:
    """Return the digit strings a phone is found by: international and national (0…) digits.

    The subscriber number (`7911123456`) is a substring of both, so it needs no form of its own.
    """
    if not e164:
        return []
    digits = re.sub(r"\D", "", e164)
    if digits.startswith("44") and e164.startswith("+"):
        return [digits, "0" + digits[2:]]  # GB: the fast path phonenumbers agrees with
    forms = [digits]
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return forms
    trunk = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms.append(re.sub(r"\D", "", trunk))
    return list(dict.fromkeys(forms))


def _code_form(code: str) -> str:
    """Return the one indexed form of a postcode or account number.

    Queries containing a digit are compacted (see `query_terms`), so a code with digits is
    only ever looked up compacted (`M3 2BW` → `m32bw`); a letters-only code keeps its words.
    """
    return compact(code) if any(ch.isdigit() for ch in code) else fold(code)


def licence_numbers(customer: Any) -> list[str]:
    """Driver's licence numbers of the customer: the seam for the licence model (none yet).

    There is no licence model in Forecourt yet; when one lands, return its numbers here and
    they become searchable in every format `compact()` produces.
    """
    return []


def customer_document(customer: Any, vehicles: Iterable[tuple[str, str]] = ()) -> str:
    """Return the search text of `customer` plus its vehicles' (registration, VIN) pairs."""
    parts: list[str] = []
    names = " ".join(getattr(customer, f) or "" for f in _NAME_FIELDS)
    parts.append(fold(names))
    for field in ("email", "email_2"):
        if value := getattr(customer, field):
            parts.append(fold(value))
    for field in ("phone_mobile", "phone_home", "phone_work"):
        parts.extend(phone_forms(getattr(customer, field)))
    for code in (customer.postal_code, customer.account_number):
        if code:
            parts.append(_code_form(code))
    for number in licence_numbers(customer):
        parts.append(compact(number))
    for registration, vin in vehicles:
        if registration:
            parts.append(compact(registration))
        if vin:
            parts.append(fold(vin))
    parts.append(" ".join(dict.fromkeys(sound_keys(names))))
    return FIELD_SEPARATOR.join(p for p in parts if p)


_CODE_QUERY = re.compile(r"^[a-z0-9\s+\-()/,]+$")


def query_terms(query: str) -> list[str]:
    """Split a query into the substrings every hit must contain.

    A query of digits (and letters, spaces, `+-()/`) is one compact term: phones,
    postcodes, registrations, VINs and account numbers written with spaces (`+44 7911
    123456`, `AB12 CDE`). With a word of four letters or more (`Smith 07911`) or anything
    else (names, emails such as `leo.lewis12@…`) it splits into words, codes compacted.
    """
    folded = fold(query)
    if not folded:
        return []
    words = folded.split(" ")
    has_name = any(w.isalpha() and len(w) >= 4 for w in words)
    if any(ch.isdigit() for ch in folded) and _CODE_QUERY.match(folded) and not has_name:
        term = compact(folded)
        return [term] if term else []
    terms = [
        compact(w) if any(ch.isdigit() for ch in w) and _CODE_QUERY.match(w) else w for w in words
    ]
    return [t for t in dict.fromkeys(terms) if t]
