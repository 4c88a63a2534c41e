"""Write, erase and verify the field-level history. The only code that touches FieldChange."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction

from forecourt.changes.models import Channel, FieldChange, HistoryChainHead, HistorySubjectKey
from forecourt.core import clock

if TYPE_CHECKING:
    from forecourt.staff.models import User
    from forecourt.tenancy.models import Dealer

ERASED = "[erased]"

# Values of these fields are stored masked in history; their digests still prove the chain.
MASKED_FIELDS = {"pan", "aadhaar", "licence_number", "card_token"}


def history_value(value: Any) -> str | None:
    """Return the text form history stores for a field value."""
    if value is None or value == "":
        return None if value is None else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(history_value(v)) for v in value))
    return str(value)


def mask_value(value: str | None) -> str | None:
    """Return a value with all but its last four characters hidden."""
    if not value:
        return value
    return "•" * max(len(value) - 4, 0) + value[-4:]


def _subject_salt(entity_type: str, entity_id: Any) -> str:
    key, _ = HistorySubjectKey.objects.get_or_create(
        entity_type=entity_type, entity_id=entity_id, defaults={"salt": secrets.token_hex(16)}
    )
    return key.salt


def _digest(salt: str, value: str | None) -> str:
    message = f"{salt}|{'' if value is None else value}|{value is None}".encode()
    return hmac.new(settings.FORECOURT_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def _row_hash(row: FieldChange) -> str:
    parts = [
        row.prev_hash,
        str(row.dealer_id),
        str(row.sequence),
        row.entity_type,
        str(row.entity_id),
        row.field,
        row.old_digest,
        row.new_digest,
        str(row.actor_id or ""),
        row.at.isoformat(),
        row.reason,
        row.channel,
        str(row.booking_id or ""),
        str(row.change_request_id or ""),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def entity_type_of(entity: models.Model) -> str:
    """Return the label history files a record under (e.g. 'customers.customer')."""
    return entity._meta.label_lower


def diff_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Return {field: (old, new)} for the fields whose history values differ."""
    return {
        name: (before.get(name), after[name])
        for name in after
        if history_value(before.get(name)) != history_value(after[name])
    }


@transaction.atomic
def history_record(
    *,
    entity: models.Model,
    dealer: Dealer,
    by: User | None,
    channel: Channel | str,
    changes: Mapping[str, tuple[Any, Any]],
    reason: str = "",
    booking_id: Any = None,
    change_request_id: Any = None,
) -> list[FieldChange]:
    """Append one history row per changed field, linked into the dealer's hash chain."""
    if not changes:
        return []
    entity_type = entity_type_of(entity)
    salt = _subject_salt(entity_type, entity.pk)
    head, _ = HistoryChainHead.objects.get_or_create(dealer=dealer)
    head = HistoryChainHead.objects.select_for_update().get(pk=head.pk)
    at = clock.now()
    rows = []
    for field, (old, new) in changes.items():
        old_text, new_text = history_value(old), history_value(new)
        masked = field in MASKED_FIELDS
        row = FieldChange(
            dealer=dealer,
            sequence=head.sequence + 1,
            entity_type=entity_type,
            entity_id=entity.pk,
            field=field,
            old_value=mask_value(old_text) if masked else old_text,
            new_value=mask_value(new_text) if masked else new_text,
            old_digest=_digest(salt, old_text),
            new_digest=_digest(salt, new_text),
            masked=masked,
            actor=by if by is not None and by.is_authenticated else None,
            actor_name=(str(by) if by is not None and by.is_authenticated else "system")[:150],
            at=at,
            reason=reason,
            channel=channel,
            booking_id=booking_id,
            change_request_id=change_request_id,
            prev_hash=head.row_hash,
        )
        row.row_hash = _row_hash(row)
        head.sequence, head.row_hash = row.sequence, row.row_hash
        rows.append(row)
    FieldChange.objects.bulk_create(rows)
    head.save(update_fields=["sequence", "row_hash"])
    return rows


# History keeps links to staff as ids (stable); people read them as names.
STAFF_FIELDS = {"assigned_staff", "preferred_advisor", "last_verified_by", "salesperson"}


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def history_with_display(*, dealer: Dealer, changes: Iterable[FieldChange]) -> list[FieldChange]:
    """Set `old_display`/`new_display` on each row: staff ids become the dealer's staff names.

    One query for the whole page, whatever its length.
    """
    from forecourt.staff.models import User

    changes = list(changes)
    ids = {
        found
        for change in changes
        if change.field in STAFF_FIELDS
        for value in (change.old_value, change.new_value)
        if value
        for part in value.split(",")
        if (found := _uuid_or_none(part.strip()))
    }
    names = (
        {str(user.pk): str(user) for user in User.objects.filter(dealer=dealer, pk__in=ids)}
        if ids
        else {}
    )
    for change in changes:
        for attr in ("old_value", "new_value"):
            value = getattr(change, attr)
            if value and change.field in STAFF_FIELDS:
                value = ", ".join(names.get(p.strip(), p.strip()) for p in value.split(","))
            setattr(change, attr.replace("_value", "_display"), value)
    return changes


def history_for(entity: models.Model) -> models.QuerySet[FieldChange]:
    """Return the history rows of one record, most recent first."""
    return (
        FieldChange.objects.filter(entity_type=entity_type_of(entity), entity_id=entity.pk)
        .select_related("actor")
        .order_by("-sequence")
    )


@transaction.atomic
def history_erase_values(*, entity_type: str, entity_id: Any) -> int:
    """Blank a record's values in history and destroy its salt; the chain still verifies."""
    HistorySubjectKey.objects.filter(entity_type=entity_type, entity_id=entity_id).delete()
    return FieldChange.objects.filter(entity_type=entity_type, entity_id=entity_id).update(
        old_value=ERASED, new_value=ERASED
    )


@dataclass(frozen=True)
class ChainProblem:
    """Where and why a dealer's history chain failed verification."""

    dealer_id: Any
    sequence: int
    problem: str


def history_verify(*, dealer_ids: Iterable[Any] | None = None) -> list[ChainProblem]:
    """Walk each dealer's chain and return every broken link or altered value found."""
    heads = HistoryChainHead.objects.all()
    if dealer_ids is not None:
        heads = heads.filter(dealer_id__in=list(dealer_ids))
    salts = {
        (k.entity_type, str(k.entity_id)): k.salt for k in HistorySubjectKey.objects.iterator()
    }
    problems: list[ChainProblem] = []
    for head in heads:
        prev_hash, expected_sequence = "0" * 64, 1
        rows = FieldChange.objects.filter(dealer_id=head.dealer_id).order_by("sequence")
        for row in rows.iterator(chunk_size=2000):
            if row.sequence != expected_sequence:
                problems.append(ChainProblem(head.dealer_id, expected_sequence, "missing row"))
            if row.prev_hash != prev_hash or _row_hash(row) != row.row_hash:
                problems.append(ChainProblem(head.dealer_id, row.sequence, "hash mismatch"))
            salt = salts.get((row.entity_type, str(row.entity_id)))
            values_present = not row.masked and row.old_value != ERASED
            if (
                salt
                and values_present
                and (
                    _digest(salt, row.old_value) != row.old_digest
                    or _digest(salt, row.new_value) != row.new_digest
                )
            ):
                problems.append(ChainProblem(head.dealer_id, row.sequence, "value altered"))
            prev_hash, expected_sequence = row.row_hash, row.sequence + 1
        if expected_sequence - 1 != head.sequence or prev_hash != head.row_hash:
            problems.append(ChainProblem(head.dealer_id, head.sequence, "truncated chain"))
    return problems
