"""Writes to customers. Every write validates first, records history and respects versions."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.changes.history import (
    diff_fields,
    history_erase_values,
    history_record,
    history_value,
)
from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.core.errors import VERIFICATION_REQUIRED, StaleVersion, VerificationRequired
from forecourt.core.models import concrete_field
from forecourt.customers import contact
from forecourt.customers.identity import (
    IDENTITY_FIELDS,
    identity_requirements,
    identity_set,
    identity_value,
)
from forecourt.customers.models import BUILTIN_CATEGORIES, Customer, CustomerCategory, CustomerKind
from forecourt.search.services import search_index_customer
from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer

PHONE_FIELDS = ("phone_home", "phone_work", "phone_mobile", "fax")
EMAIL_FIELDS = ("email", "email_2")

# Fields a staff member may set directly (create/update). Identity numbers, status and
# lifecycle fields have their own services.
EDITABLE_FIELDS = (
    "kind",
    "category",
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "company_name",
    "contact_name",
    "birth_date",
    "gender",
    "language",
    *PHONE_FIELDS,
    *EMAIL_FIELDS,
    "default_email",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "county",
    "country",
    "account_number",
    "payment_terms",
    "credit_limit",
    "balance",
    "on_stop",
    "contact_phone",
    "contact_sms",
    "contact_email",
    "contact_post",
    "day_night",
    "preferred_advisor",
    "fleet",
    "social_handle",
    "external_id",
)

# Changing these needs the customer's consent: an OTP-verified change request (SPEC D3).
PROTECTED_FIELDS = (
    "title",
    "first_name",
    "middle_name",
    "last_name",
    "company_name",
    "contact_name",
    *PHONE_FIELDS,
    *EMAIL_FIELDS,
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "county",
    "country",
    "category",
    *IDENTITY_FIELDS,
)

# What a change request may carry: every directly editable value but the feed's own key.
CHANGE_REQUEST_FIELDS = (
    *(f for f in EDITABLE_FIELDS if f != "external_id"),
    *IDENTITY_FIELDS,
)

NAME_REQUIRED = "Enter a first or last name, or a company name."
COMPANY_NAME_REQUIRED = "Enter the company name."
EMAIL_REQUIRED_BY_DEFAULT = "An email is required when “default email” is ticked."
UNKNOWN_CATEGORY = "“{value}” is not a customer category of this dealer."
TOO_MANY_ASSIGNED = "At most two staff members can be assigned to a customer."
ASSIGNEE_NOT_STAFF = "Only staff of this dealer with a login can be assigned."
NOT_EDITABLE = "This field cannot be changed here."
BIRTH_DATE_RANGE = "Enter a birth date between 1 Jan 1900 and today."
CREDIT_LIMIT_NEGATIVE = "The credit limit cannot be negative."
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def customer_snapshot(
    customer: Customer, fields: tuple[str, ...] = EDITABLE_FIELDS
) -> dict[str, Any]:
    """Return the current values of `fields` (foreign keys as their ids)."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = concrete_field(Customer, name)
        snapshot[name] = getattr(customer, field.attname)
    return snapshot


def _check_staff(dealer: Dealer, users: list[User | None], field: str) -> None:
    for user in users:
        if user is not None and (
            user.dealer_id != dealer.pk or not user.is_active or not user.has_usable_password()
        ):
            raise ValidationError({field: ASSIGNEE_NOT_STAFF})


def customer_validate(customer: Customer) -> None:
    """Normalise contact points and enforce the customer rules; raise ValidationError by field."""
    dealer = customer.dealer
    errors: dict[str, list[str]] = {}

    def attempt(field: str, fn: Any) -> None:
        try:
            setattr(customer, field, fn(getattr(customer, field)))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    region = customer.country or dealer.country
    for field in PHONE_FIELDS:
        attempt(field, lambda v: contact.phone_normalise(v, region=region))
    for field in EMAIL_FIELDS:
        attempt(field, contact.email_normalise)
    customer.country = (customer.country or "").upper()
    if customer.postal_code:
        attempt("postal_code", lambda v: contact.postal_code_normalise(v, country=region))

    if customer.default_email and not customer.email:
        errors.setdefault("email", []).append(EMAIL_REQUIRED_BY_DEFAULT)
    if customer.kind == CustomerKind.INDIVIDUAL:
        if not (customer.first_name or customer.last_name or customer.company_name):
            errors.setdefault("last_name", []).append(NAME_REQUIRED)
    elif not customer.company_name:
        errors.setdefault("company_name", []).append(COMPANY_NAME_REQUIRED)
    if (
        customer.category not in BUILTIN_CATEGORIES
        and not CustomerCategory.for_dealer(dealer).filter(code=customer.category).exists()
    ):
        errors.setdefault("category", []).append(UNKNOWN_CATEGORY.format(value=customer.category))
    if customer.preferred_advisor_id is not None:
        try:
            _check_staff(dealer, [customer.preferred_advisor], "preferred_advisor")
        except ValidationError as exc:
            errors.setdefault("preferred_advisor", []).extend(exc.message_dict["preferred_advisor"])
    if errors:
        raise ValidationError(errors)
    customer.full_clean(exclude=["dealer", "assigned_staff", "preferred_advisor", "merged_into"])
    _check_ranges(customer)


def _check_ranges(customer: Customer) -> None:
    """Refuse values that parse but cannot be right (run after full_clean has typed them)."""
    errors: dict[str, str] = {}
    if customer.birth_date and not EARLIEST_BIRTH_DATE <= customer.birth_date <= clock.today():
        errors["birth_date"] = BIRTH_DATE_RANGE
    if customer.credit_limit is not None and customer.credit_limit < 0:
        errors["credit_limit"] = CREDIT_LIMIT_NEGATIVE
    if errors:
        raise ValidationError(errors)


def _validate_with_identity(
    customer: Customer, values: Mapping[str, Any], *, require_identity: bool = False
) -> dict[str, tuple[str, str]]:
    """Set the identifiers named in `values` and validate the whole customer at once.

    With `require_identity`, the dealer's identity rules apply too (SPEC B4). Returns
    {name: (old, new)} plaintext for the identifiers that changed; raises one
    ValidationError carrying every field's messages.
    """
    errors: dict[str, list[str]] = {}
    changed: dict[str, tuple[str, str]] = {}
    for name in IDENTITY_FIELDS:
        if name not in values:
            continue
        try:
            old, new = identity_set(customer, name, values[name] or "")
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.message_dict[name])
        else:
            if old != new:
                changed[name] = (old, new)
    _collect_errors(errors, customer_validate, customer)
    if require_identity and not errors:
        _collect_errors(errors, identity_requirements, customer)
    if errors:
        raise ValidationError(errors)
    return changed


def _collect_errors(
    errors: dict[str, list[str]], check: Callable[[Customer], None], customer: Customer
) -> None:
    """Run `check(customer)`, adding each field's messages it raises to `errors`."""
    try:
        check(customer)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _assign_staff(customer: Customer, assigned: list[User]) -> None:
    if len(assigned) > 2:
        raise ValidationError({"assigned_staff": TOO_MANY_ASSIGNED})
    _check_staff(customer.dealer, list(assigned), "assigned_staff")
    customer.assigned_staff.set(assigned)


@transaction.atomic
def customer_create(
    *,
    dealer: Dealer,
    by: User | None,
    channel: Channel | str,
    data: Mapping[str, Any],
    assigned_staff: list[User] | None = None,
    reason: str = "",
) -> Customer:
    """Create a customer after validating every field; record the initial values in history.

    `data` may carry `pan` and `aadhaar` in clear; they are validated and stored encrypted.
    Staff-entered customers must meet the dealer's identity rules (Aadhaar for end users in
    India); a DMS import records what the feed sends and is checked again before invoicing.
    """
    unknown = set(data) - set(EDITABLE_FIELDS) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    fields = {k: v for k, v in data.items() if k not in IDENTITY_FIELDS}
    customer = Customer(dealer=dealer, last_changed_by=by, **fields)
    customer.country = customer.country or dealer.country
    identity_changes = _validate_with_identity(
        customer, data, require_identity=channel != Channel.IMPORT
    )
    customer.save()
    # A new record's history lists what was given, not every field left at its default.
    initial = {
        name: value
        for name, value in customer_snapshot(customer).items()
        if value not in ("", None) and value != concrete_field(Customer, name).get_default()
    }
    changes = {**diff_fields({}, initial), **identity_changes}
    if assigned_staff:
        _assign_staff(customer, assigned_staff)
        changes["assigned_staff"] = (None, [u.pk for u in assigned_staff])
    history_record(
        entity=customer, dealer=dealer, by=by, channel=channel, changes=changes, reason=reason
    )
    search_index_customer(customer=customer)
    return customer


@dataclass(frozen=True)
class Proposal:
    """A validated, unsaved copy of a customer with some changes applied."""

    preview: Customer
    changes: dict[str, tuple[str | None, str | None]]


def customer_proposal(customer: Customer, changes: Mapping[str, Any]) -> Proposal:
    """Validate `changes` on a copy of `customer`; nothing is saved.

    `changes` holds change-request fields (identifiers in clear). The proposal's `changes`
    are {field: (old, new)} in history text form for the fields that would really change.
    """
    unknown = set(changes) - set(CHANGE_REQUEST_FIELDS)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    plain = tuple(name for name in changes if name not in IDENTITY_FIELDS)
    preview = copy.copy(customer)
    before = customer_snapshot(customer, plain)
    for name in plain:
        field = concrete_field(Customer, name)
        value = changes[name]
        if value is None and not field.null:
            value = field.get_default()
        elif field.is_relation and value is not None and not isinstance(value, User):
            value = _staff_by_id(customer.dealer, name, value)
        setattr(preview, name, value)
    identity_changes = _validate_with_identity(preview, changes)
    diff = {
        name: (history_value(old), history_value(new))
        for name, (old, new) in diff_fields(before, customer_snapshot(preview, plain)).items()
    }
    return Proposal(preview=preview, changes={**diff, **identity_changes})


def _staff_by_id(dealer: Dealer, name: str, value: Any) -> User:
    user = User.objects.filter(dealer=dealer, pk=_as_uuid(value)).first()
    if user is None:
        raise ValidationError({name: ASSIGNEE_NOT_STAFF})
    return user


def _as_uuid(value: Any) -> Any:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def customer_values_from_text(dealer: Dealer, values: Mapping[str, str | None]) -> dict[str, Any]:
    """Return history-text values (as a Proposal holds them) typed for `customer_update`."""
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if name in IDENTITY_FIELDS:
            typed[name] = value
            continue
        field = concrete_field(Customer, name)
        if field.is_relation:
            typed[name] = _staff_by_id(dealer, name, value) if value else None
        else:
            typed[name] = field.to_python(value)
    return typed


def customer_current_text(customer: Customer, name: str) -> str | None:
    """Return a field's current value in history text form (identifiers in clear)."""
    if name in IDENTITY_FIELDS:
        return identity_value(customer, name)
    return history_value(getattr(customer, concrete_field(Customer, name).attname))


def customer_qs_for_update(dealer: Dealer) -> Any:
    """Return the dealer's customers locked for update, in primary-key order."""
    return Customer.for_dealer(dealer).select_for_update(of=("self",)).order_by("pk")


@transaction.atomic
def customer_update(
    *,
    customer: Customer,
    by: User | None,
    channel: Channel | str,
    changes: Mapping[str, Any],
    expected_version: int,
    reason: str = "",
    assigned_staff: list[User] | None = None,
    booking_id: Any = None,
    change_request_id: Any = None,
    allowed_fields: tuple[str, ...] = (*EDITABLE_FIELDS, *IDENTITY_FIELDS),
    allow_protected: bool = True,
) -> Customer:
    """Apply `changes` if the record is still at `expected_version`; record each changed field.

    Raises StaleVersion when someone else saved first, ValidationError for bad input and,
    with `allow_protected=False` (a staff member's direct edit), VerificationRequired when a
    protected field would change; in every case nothing is written.
    """
    unknown = set(changes) - set(allowed_fields)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    locked = (
        customer_qs_for_update(customer.dealer)
        .select_related("last_changed_by", "dealer")
        .get(pk=customer.pk)
    )
    if locked.version != expected_version:
        raise StaleVersion.of(locked)
    before = customer_snapshot(locked)
    plain = tuple(name for name in changes if name not in IDENTITY_FIELDS)
    for name in plain:
        setattr(locked, name, changes[name])
    identity_changes = _validate_with_identity(locked, changes)
    diff = {**diff_fields(before, customer_snapshot(locked, plain)), **identity_changes}
    protected = [name for name in PROTECTED_FIELDS if name in diff]
    if protected and not allow_protected:
        raise VerificationRequired(
            VERIFICATION_REQUIRED.format(fields=", ".join(protected), customer_id=locked.pk),
            fields=protected,
            change_request_url=f"/api/v1/customers/{locked.pk}/change-requests/",
        )
    if assigned_staff is not None:
        previous = sorted(str(pk) for pk in locked.assigned_staff.values_list("pk", flat=True))
        wanted = sorted(str(u.pk) for u in assigned_staff)
        if previous != wanted:
            _assign_staff(locked, assigned_staff)
            diff["assigned_staff"] = (previous, wanted)
    if not diff:
        return locked
    locked.version += 1
    locked.last_changed_by = by
    locked.save()
    history_record(
        entity=locked,
        dealer=locked.dealer,
        by=by,
        channel=channel,
        changes=diff,
        reason=reason,
        booking_id=booking_id,
        change_request_id=change_request_id,
    )
    search_index_customer(customer=locked)
    return locked


VERIFIED_INFO_REASON = "Details confirmed with the customer"


@transaction.atomic
def customer_verify_info(*, customer: Customer, by: User, channel: Channel | str) -> Customer:
    """Stamp that `by` confirmed the customer's details with them now (SPEC B8)."""
    locked = customer_qs_for_update(customer.dealer).select_related("dealer").get(pk=customer.pk)
    before = (locked.last_verified_at, locked.last_verified_by_id)
    locked.last_verified_at = clock.now()
    locked.last_verified_by = by
    # Not a change to the details themselves: the version stays, so open edit forms stay valid.
    locked.save(update_fields=["last_verified_at", "last_verified_by"])
    history_record(
        entity=locked,
        dealer=locked.dealer,
        by=by,
        channel=channel,
        changes={
            "last_verified_at": (before[0], locked.last_verified_at),
            "last_verified_by": (before[1], by.pk),
        },
        reason=VERIFIED_INFO_REASON,
    )
    return locked


ERASABLE_FIELDS = tuple(
    f
    for f in EDITABLE_FIELDS
    if f
    not in {
        "kind",
        "category",
        "balance",
        "credit_limit",
        "payment_terms",
        "on_stop",
        "external_id",
    }
)


@transaction.atomic
def customer_erase(
    *,
    customer: Customer,
    by: User | None,
    channel: Channel | str,
    reason: str,
    expected_version: int | None = None,
) -> Customer:
    """Anonymise a customer: personal data blanked here and in history; amounts kept (SPEC F3).

    With `expected_version`, a record changed since the caller read it is refused (412).
    """
    locked = (
        customer_qs_for_update(customer.dealer)
        .select_related("last_changed_by")
        .get(pk=customer.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion.of(locked)
    for name in ERASABLE_FIELDS:
        field = concrete_field(Customer, name)
        setattr(locked, field.attname, field.get_default())
    for name in ("pan", "aadhaar"):
        for suffix in ("encrypted", "digest", "masked"):
            setattr(locked, f"{name}_{suffix}", "")
    locked.erased_at = clock.now()
    locked.version += 1
    locked.last_changed_by = by
    locked.save()
    locked.assigned_staff.clear()
    history_erase_values(entity_type="customers.customer", entity_id=locked.pk)
    history_record(
        entity=locked,
        dealer=locked.dealer,
        by=by,
        channel=channel,
        changes={"erased_at": (None, locked.erased_at)},
        reason=reason,
    )
    search_index_customer(customer=locked)
    return locked
