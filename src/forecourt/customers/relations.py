"""Customer notes and customer-to-customer associations (SPEC B9, B10)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forecourt.customers.models import (
    ASSOCIATION_INVERSE_LABELS,
    AssociationType,
    Customer,
    CustomerAssociation,
    CustomerNote,
)
from forecourt.staff.models import User

NOTE_REQUIRED = "Write the note first."
ASSOCIATE_SELF = "A customer cannot be associated with themselves."
ASSOCIATION_EXISTS = "These customers are already linked that way."
UNKNOWN_ASSOCIATION = "Choose a type of link."


def customer_note_add(
    *, customer: Customer, by: User | None, body: str, pinned: bool = False
) -> CustomerNote:
    """Add a note (optionally pinned) to a customer."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": NOTE_REQUIRED})
    return CustomerNote.objects.create(
        dealer=customer.dealer, customer=customer, author=by, body=body, pinned=pinned
    )


def customer_note_pin(*, note: CustomerNote, pinned: bool) -> CustomerNote:
    """Pin a note to the top of the profile, or unpin it."""
    note.pinned = pinned
    note.save(update_fields=["pinned", "updated_at"])
    return note


def customer_associate(*, customer: Customer, related: Customer, kind: str) -> CustomerAssociation:
    """Link `customer` to `related` with `kind` (e.g. related is customer's employer)."""
    if kind not in AssociationType.values:
        raise ValidationError({"kind": UNKNOWN_ASSOCIATION})
    if customer.pk == related.pk:
        raise ValidationError({"related": ASSOCIATE_SELF})
    customer.assert_same_dealer(related)
    try:
        with transaction.atomic():
            return CustomerAssociation.objects.create(
                dealer=customer.dealer, customer=customer, related=related, kind=kind
            )
    except IntegrityError as exc:
        raise ValidationError({"related": ASSOCIATION_EXISTS}) from exc


@dataclass(frozen=True)
class Link:
    """An association as seen from one customer's profile."""

    id: object
    label: str
    other: Customer


def associations_of(customer: Customer) -> list[Link]:
    """Return the customer's links both ways, labelled from this customer's side (2 queries)."""
    links = [
        Link(a.pk, a.get_kind_display(), a.related)
        for a in CustomerAssociation.for_dealer(customer.dealer)
        .filter(customer=customer)
        .select_related("related")
    ]
    links += [
        Link(a.pk, ASSOCIATION_INVERSE_LABELS[AssociationType(a.kind)], a.customer)
        for a in CustomerAssociation.for_dealer(customer.dealer)
        .filter(related=customer)
        .select_related("customer")
    ]
    return sorted(links, key=lambda link: (link.label, link.other.display_name))
