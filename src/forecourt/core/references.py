"""API fields that accept a reference to a row of the caller's own dealer only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.UUID)
class DealerRecordField(serializers.PrimaryKeyRelatedField):
    """A tenant-owned record of the requesting staff member's dealer, given by id.

    Another dealer's id reads as "does not exist", exactly like an unknown one.
    """

    def __init__(self, model: Any = None, **kwargs: Any) -> None:
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        dealer = getattr(getattr(request, "user", None), "dealer", None)
        if dealer is None or self.model is None:
            return self.model.objects.none() if self.model is not None else None
        return self.model.for_dealer(dealer)


@extend_schema_field(OpenApiTypes.UUID)
class DealerStaffField(serializers.PrimaryKeyRelatedField):
    """An active staff user of the requesting staff member's dealer, given by id."""

    def get_queryset(self) -> Any:
        from forecourt.staff.models import User

        request = self.context.get("request")
        dealer = getattr(getattr(request, "user", None), "dealer", None)
        return User.objects.filter(dealer=dealer, is_active=True) if dealer else User.objects.none()
