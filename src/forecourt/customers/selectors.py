"""Reads of customers, with the joins their callers need."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from forecourt.customers.models import Customer
from forecourt.tenancy.models import Dealer


def customer_list(*, dealer: Dealer) -> QuerySet[Customer]:
    """Return the dealer's live customers (not erased, not merged away), newest first."""
    return Customer.for_dealer(dealer).filter(erased_at__isnull=True, merged_into__isnull=True)


def customer_get(*, dealer: Dealer, customer_id: Any) -> Customer:
    """Return one of the dealer's customers with what its pages show; DoesNotExist otherwise."""
    return (
        Customer.for_dealer(dealer)
        .select_related("dealer", "preferred_advisor", "last_verified_by", "last_changed_by")
        .prefetch_related("assigned_staff")
        .get(pk=customer_id)
    )
