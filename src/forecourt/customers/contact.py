"""Normalise and validate contact points: phones (E.164), emails, postal codes."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from email_validator import EmailNotValidError, validate_email

INVALID_PHONE = "Enter a valid phone number (e.g. {example})."
INVALID_EMAIL = "Enter a valid email address: {reason}"
INVALID_POSTAL_CODE = "“{value}” is not a valid postal code for {country}."
UNKNOWN_POSTAL_COUNTRY = "Postal codes for country “{country}” are not supported."

PHONE_EXAMPLES = {
    "GB": "07911 123456",
    "IN": "98765 43210",
    "US": "(201) 555-0123",
    "CA": "(416) 555-0199",
}

# Shapes of the postal codes we hold offline data for (SPEC B3).
POSTAL_CODE_PATTERNS = {
    "GB": re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$"),
    "US": re.compile(r"^[0-9]{5}(-[0-9]{4})?$"),
    "CA": re.compile(r"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]$"),
    "IN": re.compile(r"^[1-9][0-9]{5}$"),
}


def phone_normalise(raw: str, *, region: str) -> str:
    """Return `raw` as E.164, parsed with `region` as the default country; '' stays ''."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    example = PHONE_EXAMPLES.get(region, "+44 7911 123456")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE.format(example=example), code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE.format(example=example), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str, *, region: str) -> str:
    """Return an E.164 number in national format for `region`, international otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    # Compare calling codes, not regions: +44 7911 is Guernsey's range yet dialled as 07911 in GB.
    if number.country_code == phonenumbers.country_code_for_region(region):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        # Indian mobiles are written without the trunk 0 ("98765 43210"), landlines with it.
        if (
            region == "IN"
            and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        ):
            return national.lstrip("0")
        return national
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def email_normalise(raw: str) -> str:
    """Return a syntactically valid email with its domain lower-cased; '' stays ''."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(INVALID_EMAIL.format(reason=exc), code="invalid_email") from exc
    return f"{result.local_part}@{result.ascii_domain.lower()}"


def postal_code_normalise(raw: str, *, country: str) -> str:
    """Return the postal code in its canonical shape for `country` (CA dashes become spaces)."""
    value = re.sub(
        r"\s+", " ", (raw or "").strip().upper().replace("-", " " if country == "CA" else "-")
    )
    if not value:
        return ""
    pattern = POSTAL_CODE_PATTERNS.get(country)
    if pattern is None:
        raise ValidationError(
            UNKNOWN_POSTAL_COUNTRY.format(country=country), code="unknown_country"
        )
    if country == "GB" and " " not in value and 5 <= len(value) <= 7:
        value = f"{value[:-3]} {value[-3:]}"
    if country == "CA" and " " not in value and len(value) == 6:
        value = f"{value[:3]} {value[3:]}"
    if not pattern.match(value):
        raise ValidationError(
            INVALID_POSTAL_CODE.format(value=raw.strip(), country=country),
            code="invalid_postal_code",
        )
    return value
