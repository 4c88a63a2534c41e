"""Indian national identifiers (SPEC B4): PAN and Aadhaar.

Validated with python-stdnum, stored encrypted with a keyed digest for exact lookup and a
mask for display. Plaintext leaves this module only through `identity_reveal`, which is
admin-only and audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.in_ import aadhaar as stdnum_aadhaar
from stdnum.in_ import pan as stdnum_pan

from forecourt.audit.services import audit_record
from forecourt.core import crypto
from forecourt.core.errors import ActionNotAllowed
from forecourt.staff.permissions import Action, require

if TYPE_CHECKING:
    from forecourt.customers.models import Customer
    from forecourt.staff.models import User
    from forecourt.tenancy.models import Dealer

IDENTITY_FIELDS = ("pan", "aadhaar")

INVALID_PAN = (
    "Enter a valid PAN: five letters, four digits and a letter (e.g. ABCPE1234F), "
    "the fourth letter naming the holder type."
)
INVALID_AADHAAR = (
    "Enter a valid 12-digit Aadhaar number: it cannot start with 0 or 1 and its last digit "
    "must match the Verhoeff check."
)
AADHAAR_REQUIRED = "Aadhaar is required for end-user customers of dealers in India."
PAN_REQUIRED = "PAN is required: the sale value {value} is above this dealer's limit of {limit}."
NOTHING_TO_REVEAL = "No {label} is recorded for this customer."


@dataclass(frozen=True)
class IdentityKind:
    """How one identifier is normalised, validated and masked."""

    name: str
    label: str

    def normalise(self, raw: str) -> str:
        """Return `raw` in canonical form, or raise ValidationError with a field message."""
        raw = (raw or "").strip()
        if not raw:
            return ""
        try:
            if self.name == "pan":
                return str(stdnum_pan.validate(raw))
            return str(stdnum_aadhaar.validate(raw))
        except StdnumValidationError as exc:
            message = INVALID_PAN if self.name == "pan" else INVALID_AADHAAR
            raise ValidationError({self.name: message}, code="invalid") from exc

    def mask(self, value: str) -> str:
        """Return the on-screen form: `ABCxxxx34F` or `XXXX XXXX 1234`."""
        if not value:
            return ""
        if self.name == "pan":
            return f"{value[:3]}xxxx{value[7:]}"
        return str(stdnum_aadhaar.mask(value))


PAN = IdentityKind("pan", "PAN")
AADHAAR = IdentityKind("aadhaar", "Aadhaar")
KINDS = {kind.name: kind for kind in (PAN, AADHAAR)}


def identity_value(customer: Customer, name: str) -> str:
    """Return the decrypted identifier (for history digests and reveal only)."""
    return crypto.decrypt(getattr(customer, f"{name}_encrypted"))


def identity_set(customer: Customer, name: str, raw: str) -> tuple[str, str]:
    """Validate and store an identifier on the (unsaved) customer; return (old, new) plaintext."""
    kind = KINDS[name]
    new = kind.normalise(raw)
    old = identity_value(customer, name)
    if new != old:
        setattr(customer, f"{name}_encrypted", crypto.encrypt(new))
        setattr(customer, f"{name}_digest", crypto.lookup_digest(name, new))
        setattr(customer, f"{name}_masked", kind.mask(new))
    return old, new


def identity_digest(name: str, raw: str) -> str:
    """Return the lookup digest of a typed identifier, or '' when it is not valid."""
    try:
        return crypto.lookup_digest(name, KINDS[name].normalise(raw))
    except ValidationError:
        return ""


def identity_requirements(customer: Customer, *, sale_value: Decimal | None = None) -> None:
    """Raise ValidationError naming each identifier the dealer's rules require but lack.

    Aadhaar is required for end users of dealers in India; PAN when a sale's value is above
    the dealer's configured limit.
    """
    dealer = customer.dealer
    errors: dict[str, str] = {}
    if dealer.country == "IN" and customer.category == "end_user" and not customer.aadhaar_digest:
        errors["aadhaar"] = AADHAAR_REQUIRED
    limit = dealer.pan_required_above
    if (
        sale_value is not None
        and limit is not None
        and sale_value > limit
        and not customer.pan_digest
    ):
        errors["pan"] = PAN_REQUIRED.format(
            value=f"{sale_value:,.2f} {dealer.currency}", limit=f"{limit:,.2f} {dealer.currency}"
        )
    if errors:
        raise ValidationError(errors)


def identity_reveal(*, customer: Customer, name: str, by: User, ip: str | None = None) -> str:
    """Return an identifier in clear for an administrator, recording that it was revealed."""
    require(by, Action.IDENTITY_REVEAL)
    if name not in KINDS:
        raise ActionNotAllowed(f"“{name}” cannot be revealed.")
    value = identity_value(customer, name)
    if not value:
        raise ValidationError({"field": NOTHING_TO_REVEAL.format(label=KINDS[name].label)})
    audit_record(
        action="identity.reveal",
        actor=by,
        dealer=customer.dealer,
        target=customer,
        ip=ip,
        details={"field": name},
    )
    return value


def masked_identity(customer: Customer) -> dict[str, Any]:
    """Return {"pan": mask, "aadhaar": mask} for display."""
    return {name: getattr(customer, f"{name}_masked") for name in IDENTITY_FIELDS}


def identity_rotate_keys(
    *, dealer: Dealer, on_progress: Callable[[int], None] | None = None
) -> int:
    """Re-encrypt a dealer's stored identifiers under the current (first) field key.

    Returns how many customers were rewritten; digests and masks do not change.
    """
    from forecourt.customers.models import Customer

    rewritten = 0
    with_ids = Customer.for_dealer(dealer).exclude(pan_encrypted="", aadhaar_encrypted="")
    for pk in with_ids.values_list("pk", flat=True).iterator(chunk_size=2000):
        with transaction.atomic():
            customer = Customer.for_dealer(dealer).select_for_update().get(pk=pk)
            customer.pan_encrypted = crypto.reencrypt(customer.pan_encrypted)
            customer.aadhaar_encrypted = crypto.reencrypt(customer.aadhaar_encrypted)
            customer.save(update_fields=["pan_encrypted", "aadhaar_encrypted"])
        rewritten += 1
        if on_progress is not None:
            on_progress(rewritten)
    return rewritten
