"""Tenant-scoped base model and manager that every dealer-owned model uses."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

if TYPE_CHECKING:
    from forecourt.tenancy.models import Dealer


_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    """A queryset that knows how to narrow itself to one dealer."""

    def for_dealer(self, dealer: Dealer) -> Self:
        """Return only rows owned by `dealer`."""
        if dealer is None:
            raise ValueError("A dealer is required to query tenant-owned rows.")
        return self.filter(dealer=dealer)


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class TenantModel(models.Model):
    """A row owned by exactly one dealer, addressed by a UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dealer = models.ForeignKey("tenancy.Dealer", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        abstract = True

    @classmethod
    def for_dealer(cls, dealer: Dealer) -> TenantQuerySet[Self]:
        """Return this model's rows owned by `dealer`: the entry point for every tenant read."""
        return cast("TenantQuerySet[Self]", cls.objects.for_dealer(dealer))

    def assert_same_dealer(self, *others: Any) -> None:
        """Refuse to link rows that belong to different dealers."""
        from forecourt.core.errors import CrossDealerReference

        for other in others:
            if other is not None and getattr(other, "dealer_id", None) != self.dealer_id:
                raise CrossDealerReference()


class StaffNote(TenantModel):
    """A note staff keep about a record, separate from its change history (SPEC B9).

    Concrete notes add the foreign key to what they are about.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    pinned = models.BooleanField(default=False)

    class Meta:
        abstract = True
        ordering = ["-pinned", "-created_at"]

    def __str__(self) -> str:
        return self.body[:40]


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """Return `model`'s field `name`, for names of fields on its table (not reverse relations)."""
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


# URL keyword arguments that name a tenant-owned row (`/customers/<uuid:customer_id>/…`). A view
# refusing a role checks these first, so another dealer's id answers 404, never 403 (SPEC A1).
URL_ROW_KWARGS: dict[str, str] = {
    "customer_id": "customers.Customer",
    "vehicle_id": "vehicles.Vehicle",
}


def url_names_missing_row(dealer: Dealer, kwargs: dict[str, Any]) -> bool:
    """Return True when a URL's kwargs name a row that `dealer` does not own (or that is absent)."""
    for name, value in kwargs.items():
        label = URL_ROW_KWARGS.get(name)
        if label is None:
            continue
        model = apps.get_model(label)
        try:
            if not model.for_dealer(dealer).filter(pk=value).exists():
                return True
        except (ValidationError, ValueError):
            return True
    return False
