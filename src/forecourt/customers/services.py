"""Writes to customers. Every write validates first, records history and respects versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from forecourt.changes.history import diff_fields, history_erase_values, history_record
from forecourt.changes.models import Channel
from forecourt.core import clock
from forecourt.core.errors import StaleVersion
from forecourt.customers import contact
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

NAME_REQUIRED = "Enter a first or last name, or a company name."
COMPANY_NAME_REQUIRED = "Enter the company name."
EMAIL_REQUIRED_BY_DEFAULT = "An email is required when “default email” is ticked."
UNKNOWN_CATEGORY = "“{value}” is not a customer category of this dealer."
TOO_MANY_ASSIGNED = "At most two staff members can be assigned to a customer."
ASSIGNEE_NOT_STAFF = "Only staff of this dealer with a login can be assigned."
NOT_EDITABLE = "This field cannot be changed here."


def customer_snapshot(
    customer: Customer, fields: tuple[str, ...] = EDITABLE_FIELDS
) -> dict[str, Any]:
    """Return the current values of `fields` (foreign keys as their ids)."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = Customer._meta.get_field(name)
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
    """Create a customer after validating every field; record the initial values in history."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: NOT_EDITABLE for name in sorted(unknown)})
    customer = Customer(dealer=dealer, last_changed_by=by, **data)
    customer_validate(customer)
    customer.save()
    changes = diff_fields({}, customer_snapshot(customer))
    if assigned_staff:
        _assign_staff(customer, assigned_staff)
        changes["assigned_staff"] = (None, [u.pk for u in assigned_staff])
    history_record(
        entity=customer, dealer=dealer, by=by, channel=channel, changes=changes, reason=reason
    )
    search_index_customer(customer=customer)
    return customer


def customer_qs_for_update(dealer: Dealer) -> Any:
    """Return the dealer's customers locked for update, in primary-key order."""
    return Customer.for_dealer(dealer).select_for_update(of=("self",)).order_by("pk")


def stale_version_error(customer: Customer) -> StaleVersion:
    """Return the 412 refusal naming who changed the record last and when."""
    return StaleVersion(
        by=str(customer.last_changed_by or "another user"),
        at=f"{customer.updated_at:%d %b %Y %H:%M}",
        current_version=customer.version,
    )


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
    allowed_fields: tuple[str, ...] = EDITABLE_FIELDS,
) -> Customer:
    """Apply `changes` if the record is still at `expected_version`; record each changed field.

    Raises StaleVersion when someone else saved first and ValidationError for bad input;
    either way nothing is written.
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
        raise stale_version_error(locked)
    before = customer_snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    customer_validate(locked)
    diff = diff_fields(before, customer_snapshot(locked, tuple(changes)))
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
    *, customer: Customer, by: User | None, channel: Channel | str, reason: str
) -> Customer:
    """Anonymise a customer: personal data blanked here and in history; amounts kept (SPEC F3)."""
    locked = customer_qs_for_update(customer.dealer).get(pk=customer.pk)
    for name in ERASABLE_FIELDS:
        field = Customer._meta.get_field(name)
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
