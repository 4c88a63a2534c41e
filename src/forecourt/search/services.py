"""Keep the search index in step with customer and vehicle writes, inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from forecourt.search.documents import customer_document
from forecourt.search.models import SearchDocument


def vehicles_of(
    *, dealer_id: Any, customer_ids: Iterable[Any]
) -> Mapping[Any, list[tuple[str, str]]]:
    """Return {customer_id: [(registration, vin), …]} for the vehicles these customers own."""
    from forecourt.vehicles.models import Vehicle

    found: dict[Any, list[tuple[str, str]]] = {}
    owned = Vehicle.objects.filter(dealer_id=dealer_id)  # tenant-ok: scoped by dealer_id
    rows = owned.filter(customer_id__in=list(customer_ids)).values_list(
        "customer_id", "registration", "vin"
    )
    for customer_id, registration, vin in rows:
        found.setdefault(customer_id, []).append((registration or "", vin or ""))
    return found


@transaction.atomic
def search_index_customer(*, customer: Any) -> None:
    """Write (or remove, when erased or merged away) the customer's search document."""
    if customer.erased_at is not None or customer.merged_into_id is not None:
        SearchDocument.objects.filter(customer_id=customer.pk).delete()
        return
    owned = vehicles_of(dealer_id=customer.dealer_id, customer_ids=[customer.pk])
    document = customer_document(customer, owned.get(customer.pk, []))
    updated = SearchDocument.objects.filter(customer_id=customer.pk).update(document=document)
    if not updated:
        SearchDocument.objects.create(
            customer_id=customer.pk, dealer_id=customer.dealer_id, document=document
        )


def search_unindex_customer(*, customer_id: Any) -> None:
    """Remove a customer from the index."""
    SearchDocument.objects.filter(customer_id=customer_id).delete()


def search_index_vehicle_owner(*, dealer: Any, customer_ids: Iterable[Any]) -> None:
    """Refresh the documents of the customers a vehicle write touched (old and new owner)."""
    from forecourt.customers.models import Customer

    for customer in Customer.for_dealer(dealer).filter(pk__in=[c for c in customer_ids if c]):
        search_index_customer(customer=customer)


def search_index_bulk(*, customers: Iterable[Any], batch_size: int = 5000) -> int:
    """Insert documents for many new customers at once (data generation, bulk loads)."""
    batch: list[SearchDocument] = []
    total = 0
    customers = list(customers)
    if not customers:
        return 0
    vehicles = vehicles_of(dealer_id=customers[0].dealer_id, customer_ids=[c.pk for c in customers])
    for customer in customers:
        if customer.erased_at is not None or customer.merged_into_id is not None:
            continue
        document = customer_document(customer, vehicles.get(customer.pk, []))
        batch.append(
            SearchDocument(customer_id=customer.pk, dealer_id=customer.dealer_id, document=document)
        )
        if len(batch) >= batch_size:
            SearchDocument.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        SearchDocument.objects.bulk_create(batch)
        total += len(batch)
    return total


def search_rebuild(*, dealer: Any) -> int:
    """Rebuild the dealer's whole index from the customer table."""
    from forecourt.customers.models import Customer

    SearchDocument.objects.filter(dealer=dealer).delete()
    live = Customer.for_dealer(dealer).filter(erased_at__isnull=True, merged_into__isnull=True)
    total = 0
    chunk: list[Any] = []
    for customer in live.iterator(chunk_size=5000):
        chunk.append(customer)
        if len(chunk) == 5000:
            total += search_index_bulk(customers=chunk)
            chunk = []
    return total + search_index_bulk(customers=chunk)
