"""VIN normalisation and validation (ISO 3779), with vininfo hints for manufacturer and year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

VIN_LENGTH = "A VIN has 17 characters (letters and digits, no I, O or Q)."
VIN_CHARACTERS = "A VIN uses letters and digits only, never I, O or Q."
VIN_CHECK_DIGIT = (
    "The check digit (9th character) of this North American VIN should be “{expected}”, "
    "not “{found}”: re-read the VIN from the vehicle."
)
VIN_CHECK_WARNING = (
    "The 9th character is not a valid ISO 3779 check digit; outside North America "
    "that is common, so the VIN was accepted."
)

_VIN_SHAPE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_TRANSLIT = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
# World manufacturer identifiers starting 1–5 are North American, where the check digit is law.
NORTH_AMERICAN_PREFIXES = frozenset("12345")


def vin_normalise(raw: str | None) -> str:
    """Return a VIN upper-cased without spaces or dashes ('' stays '')."""
    return re.sub(r"[\s-]", "", (raw or "").upper())


def vin_check_digit(vin: str) -> str:
    """Return the ISO 3779 check digit ('0'–'9' or 'X') the 17-character `vin` should carry."""
    total = sum(_TRANSLIT[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True)
class VinCheck:
    """A validated VIN and any warning staff should see."""

    vin: str
    warning: str = ""


def vin_validate(raw: str | None) -> VinCheck:
    """Return the normalised VIN, raising ValidationError for a wrong shape or NA check digit."""
    vin = vin_normalise(raw)
    if not vin:
        return VinCheck("")
    if len(vin) != 17:
        raise ValidationError(VIN_LENGTH, code="vin_length")
    if not _VIN_SHAPE.match(vin):
        raise ValidationError(VIN_CHARACTERS, code="vin_characters")
    expected = vin_check_digit(vin)
    if expected != vin[8]:
        if vin[0] in NORTH_AMERICAN_PREFIXES:
            raise ValidationError(
                VIN_CHECK_DIGIT.format(expected=expected, found=vin[8]), code="vin_check_digit"
            )
        return VinCheck(vin, VIN_CHECK_WARNING)
    return VinCheck(vin)


def vin_hints(vin: str) -> dict[str, object]:
    """Return what the VIN itself says: manufacturer, country and possible model years."""
    if len(vin) != 17:
        return {}
    from vininfo import Vin

    try:
        info = Vin(vin)
        return {
            "manufacturer": str(info.manufacturer or ""),
            "country": str(info.country or ""),
            "years": list(info.years or []),
        }
    except Exception:  # noqa: BLE001 - hints are best effort; a strange WMI must not break a save
        return {}
