"""API fields that accept a reference to a row of the caller's own dealer only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

NO_SUCH_RECORD = "There is no {label} with id “{{pk_value}}” in your dealer's records."


def _caller_dealer(field: serializers.Field) -> Any:
    request = field.context.get("request")
    return getattr(getattr(request, "user", None), "dealer", None)


@extend_schema_field(OpenApiTypes.UUID)
class DealerRecordField(serializers.PrimaryKeyRelatedField):
    """A record of the requesting staff member's dealer, given by id.

    `rows(dealer)` narrows what may be named (default: every row of `model` the dealer owns).
    Another dealer's id reads as "no such record", exactly like an unknown one.
    """

    def __init__(
        self,
        model: type[Model],
        *,
        rows: Callable[[Any], QuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.model = model
        self.rows = rows or model.for_dealer  # type: ignore[attr-defined]
        super().__init__(**kwargs)
        label = str(model._meta.verbose_name)
        self.error_messages["does_not_exist"] = NO_SUCH_RECORD.format(label=label)

    def get_queryset(self) -> QuerySet[Any]:
        dealer = _caller_dealer(self)
        return self.rows(dealer) if dealer is not None else self.model._default_manager.none()


def _active_staff(dealer: Any) -> QuerySet[Any]:
    from forecourt.staff.models import User

    return User.objects.filter(dealer=dealer, is_active=True)


@extend_schema_field(OpenApiTypes.UUID)
class DealerStaffField(DealerRecordField):
    """An active staff user of the requesting staff member's dealer, given by id."""

    def __init__(self, **kwargs: Any) -> None:
        from forecourt.staff.models import User

        super().__init__(User, rows=_active_staff, **kwargs)
        self.error_messages["does_not_exist"] = (
            "There is no active staff member with id “{pk_value}” at your dealer."
        )
