"""Keep the search index in step with customer and vehicle writes, inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction

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


# Customer ids whose documents a search_index_deferred() block will write at its end.
_deferred: ContextVar[set[Any] | None] = ContextVar("search_deferred", default=None)


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """Write each touched customer's document once, at the end of the block, in one pass.

    For writers that touch the same customers many times in one transaction (an import
    batch: the customer, then its vehicle re-indexing the owner). Documents are built from
    the rows as they stand at the end of the block, still inside the caller's transaction,
    so the index never disagrees with committed data; rows rolled back to a savepoint
    inside the block are simply indexed as they now are.
    """
    if _deferred.get() is not None:  # nested: the outer block writes
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("search_index_deferred() must run inside a transaction")
    pending: set[Any] = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if pending:
        from forecourt.customers.models import Customer

        _write_documents(Customer.objects.filter(pk__in=pending))  # tenant-ok: ids from writes


def _write_documents(customers: Iterable[Any]) -> None:
    """Write each customer's document (or remove it, when erased or merged away).

    One vehicles query per dealer and one insert for all the new documents.
    """
    live: dict[Any, list[Any]] = {}
    gone = []
    for customer in customers:
        if customer.erased_at is not None or customer.merged_into_id is not None:
            gone.append(customer.pk)
        else:
            live.setdefault(customer.dealer_id, []).append(customer)
    if gone:
        SearchDocument.objects.filter(customer_id__in=gone).delete()
    for dealer_id, group in live.items():
        owned = vehicles_of(dealer_id=dealer_id, customer_ids=[c.pk for c in group])
        new = []
        for customer in group:
            document = customer_document(customer, owned.get(customer.pk, []))
            updated = SearchDocument.objects.filter(customer_id=customer.pk).update(
                document=document
            )
            if not updated:
                new.append(
                    SearchDocument(customer_id=customer.pk, dealer_id=dealer_id, document=document)
                )
        SearchDocument.objects.bulk_create(new)


@transaction.atomic
def search_index_customer(*, customer: Any) -> None:
    """Write (or remove, when erased or merged away) the customer's search document."""
    pending = _deferred.get()
    if pending is not None:
        pending.add(customer.pk)
        return
    _write_documents([customer])


def search_unindex_customer(*, customer_id: Any) -> None:
    """Remove a customer from the index."""
    SearchDocument.objects.filter(customer_id=customer_id).delete()


@transaction.atomic
def search_index_vehicle_owner(*, dealer: Any, customer_ids: Iterable[Any]) -> None:
    """Refresh the documents of the customers a vehicle write touched (old and new owner)."""
    from forecourt.customers.models import Customer

    touched = [c for c in customer_ids if c]
    pending = _deferred.get()
    if pending is not None:
        pending.update(touched)
        return
    _write_documents(Customer.for_dealer(dealer).filter(pk__in=touched))


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


SQLITE_INSERT_TRIGGER = "search_fts_ai"


@contextmanager
def search_bulk_load() -> Iterator[None]:
    """Index the documents inserted inside the block in one pass, not row by row.

    SQLite: the per-row FTS5 insert trigger is dropped for the block and the new rows are
    indexed with one INSERT … SELECT (six times faster), all inside the caller's
    transaction, so readers never see a document missing from the index. PostgreSQL's GIN
    index needs no help here.
    """
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("search_bulk_load() must run inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [SQLITE_INSERT_TRIGGER],
        )
        (trigger_sql,) = cursor.fetchone()
        cursor.execute("SELECT coalesce(max(id), 0) FROM search_searchdocument")
        (last_id,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {SQLITE_INSERT_TRIGGER}")
        yield
        cursor.execute(
            "INSERT INTO search_fts(rowid, document) "
            "SELECT id, document FROM search_searchdocument WHERE id > %s",
            [last_id],
        )
        cursor.execute(trigger_sql)


POSTGRES_TRIGRAM_INDEX = "searchdoc_document_trgm"
POSTGRES_TRIGRAM_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TRIGRAM_INDEX} ON search_searchdocument "
    "USING gin (document gin_trgm_ops)"
)


def search_trigram_index_ensure() -> None:
    """Create PostgreSQL's trigram index if a bulk load left it missing (no-op elsewhere)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(POSTGRES_TRIGRAM_CREATE)
        cursor.execute("RESET maintenance_work_mem")


def search_trigram_index_drop() -> None:
    """Drop PostgreSQL's trigram index before a bulk load (no-op elsewhere).

    Building a GIN index over a million documents once is several times faster than
    growing it row by row; the loader calls `search_trigram_index_ensure` afterwards, even
    when the load fails, and at its next start if it was killed.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {POSTGRES_TRIGRAM_INDEX}")


# The customer list's keyset indexes (see migration 0003): (dealer_id, column, id).
CUSTOMER_LIST_INDEXES = {
    "customer_list_created": "created_at",
    "customer_list_name": "last_name",
    "customer_list_email": "email",
    "customer_list_mobile": "phone_mobile",
    "customer_list_account": "account_number",
}


def customer_list_indexes_drop() -> None:
    """Drop the customer list's keyset indexes before a bulk load (built again after)."""
    with connection.cursor() as cursor:
        for name in CUSTOMER_LIST_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def customer_list_indexes_ensure() -> None:
    """Create any of the customer list's keyset indexes that are missing."""
    with connection.cursor() as cursor:
        for name, column in CUSTOMER_LIST_INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON customers_customer (dealer_id, {column}, id)"
            )


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
