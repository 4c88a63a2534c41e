"""The search service on the embedded (FTS5) or PostgreSQL (pg_trgm) backend: same tests."""

from __future__ import annotations

import pytest
from django.db import connection

from forecourt.changes.models import Channel
from forecourt.customers.services import customer_create, customer_erase, customer_update
from forecourt.search.highlight import highlight
from forecourt.search.models import SearchDocument
from forecourt.search.selectors import customer_search

pytestmark = pytest.mark.django_db


def make(dealer, **data):
    base = {"first_name": "Olivia", "last_name": "Hughes", "country": "GB"}
    return customer_create(dealer=dealer, by=None, channel=Channel.UI, data={**base, **data})


def found(dealer, query):
    return customer_search(dealer=dealer, query=query).ids


@pytest.fixture
def smith(dealer):
    return make(
        dealer,
        first_name="John",
        last_name="Smith",
        company_name="",
        phone_mobile="07911 123456",
        email="john.smith@example.co.uk",
        postal_code="M3 2BW",
        account_number="NGT-004512",
    )


@pytest.mark.parametrize(
    "query",
    [
        "Smith",
        "smith",
        "John Smith",
        "mit",  # substring
        "07911 123456",
        "+44 7911 123456",
        "7911123456",
        "07911123456",
        "john.smith@example.co.uk",
        "SMITH@EXAMPLE",
        "M3 2BW",
        "m32bw",
        "NGT-004512",
        "004512",
    ],
)
def test_finds_a_customer_by_every_field_in_every_format(dealer, smith, query):
    make(dealer, first_name="Priya", last_name="Patel", phone_mobile="07812 345678")
    assert found(dealer, query)[0] == smith.pk


def test_company_name_is_searchable(dealer):
    company = make(dealer, kind="company", company_name="Pennine Plant Hire Ltd")
    assert found(dealer, "pennine plant") == [company.pk]


def test_a_typo_finds_the_sound_alike_ranked_below_the_exact_match(dealer, smith):
    smyth = make(dealer, first_name="Anna", last_name="Smyth")
    make(dealer, first_name="Anna", last_name="Jones")
    ids = found(dealer, "Smyth")
    assert ids == [smyth.pk, smith.pk]
    assert found(dealer, "Smith")[0] == smith.pk


def test_exact_word_ranks_above_a_longer_name_containing_it(dealer):
    longer = make(dealer, last_name="Smithson")
    exact = make(dealer, last_name="Smith")
    assert found(dealer, "smith")[:2] == [exact.pk, longer.pk]


def test_never_returns_another_dealers_customers(dealer, other_dealer, smith):
    make(other_dealer, first_name="John", last_name="Smith", country="IN", aadhaar="499112345677")
    assert found(dealer, "smith") == [smith.pk]
    assert len(found(other_dealer, "smith")) == 1
    assert smith.pk not in found(other_dealer, "smith")


def test_an_edit_is_searchable_at_once_and_the_old_value_is_gone(dealer, smith):
    customer_update(
        customer=smith,
        by=None,
        channel=Channel.UI,
        changes={"last_name": "Brennan", "email": "jb@brennan.ie"},
        expected_version=smith.version,
    )
    assert found(dealer, "Brennan") == [smith.pk]
    assert smith.pk not in found(dealer, "Smith")


def test_erased_customers_vanish_from_the_index(dealer, smith):
    customer_erase(customer=smith, by=None, channel=Channel.UI, reason="Customer asked (GDPR)")
    assert found(dealer, "Smith") == []
    assert not SearchDocument.objects.filter(customer_id=smith.pk).exists()


def test_merged_away_customers_vanish_when_reindexed(dealer, smith):
    from forecourt.search.services import search_index_customer

    survivor = make(dealer, last_name="Smith", first_name="Jon")
    smith.merged_into = survivor
    smith.save(update_fields=["merged_into"])
    search_index_customer(customer=smith)
    assert found(dealer, "Smith") == [survivor.pk]


def test_vehicle_registration_and_vin_find_the_owner(dealer, smith):
    from forecourt.vehicles.services import vehicle_create

    vehicle_create(
        dealer=dealer,
        by=None,
        channel=Channel.UI,
        data={"registration": "MA19 XKT", "vin": "1HGCM82633A004352", "customer": smith},
    )
    assert found(dealer, "MA19 XKT") == [smith.pk]
    assert found(dealer, "ma19xkt") == [smith.pk]
    assert found(dealer, "1HGCM82633A004352") == [smith.pk]
    assert found(dealer, "A004352") == [smith.pk]


def test_deferred_indexing_writes_each_document_once_at_the_end_of_the_block(dealer, smith):
    from django.db import transaction

    from forecourt.search.services import search_index_deferred
    from forecourt.vehicles.services import vehicle_create

    with transaction.atomic(), search_index_deferred():
        patel = make(dealer, first_name="Priya", last_name="Patel")
        vehicle_create(
            dealer=dealer,
            by=None,
            channel=Channel.IMPORT,
            data={"registration": "MA19 XKT", "customer": patel},
        )
        customer_erase(customer=smith, by=None, channel=Channel.UI, reason="Customer asked")
        assert not SearchDocument.objects.filter(customer_id=patel.pk).exists()  # not yet
    assert found(dealer, "Patel") == [patel.pk]
    assert found(dealer, "MA19 XKT") == [patel.pk]
    assert found(dealer, "Smith") == []
    assert SearchDocument.objects.filter(customer_id=patel.pk).count() == 1


def test_short_and_empty_queries(dealer, smith):
    assert found(dealer, "") == []
    assert found(dealer, "   ") == []
    assert smith.pk in found(dealer, "jo")


def test_quotes_and_like_wildcards_are_literal(dealer, smith):
    obrien = make(dealer, first_name="Siobhan", last_name="O'Brien")
    assert found(dealer, "o'brien") == [obrien.pk]
    assert found(dealer, '"') == []
    assert found(dealer, "%") == []
    assert found(dealer, "sm_th") == []


def test_highlight_marks_matches_and_escapes_html():
    assert highlight("John Smith", ["smith"]) == "John <mark>Smith</mark>"
    assert highlight("07911 123456", ["7911123456"]) == "0<mark>7911 123456</mark>"
    assert highlight("<b>Smith</b>", ["smith"]) == "&lt;b&gt;<mark>Smith</mark>&lt;/b&gt;"


@pytest.fixture
def twenty_thousand(dealer):
    """20,000 indexed customers, eight surnames; the planner statistics up to date."""
    from forecourt.customers.models import Customer
    from forecourt.search.documents import customer_document

    surnames = ["Hughes", "Patel", "Khan", "Evans", "Walsh", "Murphy", "Clarke", "Singh"]
    customers = Customer.objects.bulk_create(
        Customer(
            dealer=dealer,
            first_name=f"Name{n}",
            last_name=surnames[n % 8],
            phone_mobile=f"+4479{n:08d}",
            email=f"user{n}@example.co.uk",
        )
        for n in range(20_000)
    )
    SearchDocument.objects.bulk_create(
        SearchDocument(dealer=dealer, customer=c, document=customer_document(c)) for c in customers
    )
    with connection.cursor() as cursor:
        # Rows just written sit in GIN's pending list until cleaned (vacuum does it in production).
        cursor.execute("SELECT gin_clean_pending_list('searchdoc_document_trgm'::regclass)")
        cursor.execute("ANALYZE search_searchdocument")
    return customers


def _plan(sql, params, analyze=False):
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN (ANALYZE, FORMAT JSON) " if analyze else "EXPLAIN ") + sql, params)
        rows = cursor.fetchall()
    return rows[0][0][0] if analyze else "\n".join(row[0] for row in rows)


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN shape is PostgreSQL's"
)


@postgres_only
@pytest.mark.parametrize(
    "terms",
    [["user1234@example.co.uk"], ["447900012345"], ["name1234", "hughes"], ["#h220"]],
)
def test_postgres_index_query_uses_the_trigram_index(dealer, twenty_thousand, terms):
    from forecourt.search.selectors import postgres_candidate_query

    sql, params = postgres_candidate_query(dealer.pk, terms)
    plan = _plan(sql, params)
    assert "Bitmap Index Scan on searchdoc_document_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan


@postgres_only
def test_postgres_scan_query_stops_at_the_limit_for_a_common_word(dealer, twenty_thousand):
    from forecourt.search.selectors import postgres_scan_query

    sql, params = postgres_scan_query(dealer.pk, ["hughes"], limit=200, window=20_000)
    plan = _plan(sql, params, analyze=True)["Plan"]
    read = max(node.get("Actual Rows", 0) for node in _nodes(plan) if "Scan" in node["Node Type"])
    assert plan["Actual Rows"] == 200
    assert read < 2_000, plan  # one in eight is a Hughes: ~1,600 rows read, not 20,000


@postgres_only
def test_postgres_search_finds_rare_and_common_terms(dealer, twenty_thousand):
    target = twenty_thousand[1232]
    assert target.last_name == "Hughes"
    for query in ["user1232@example.co.uk", "07900 001232", "Name1232 Hughes", "hughes"]:
        result = customer_search(dealer=dealer, query=query)
        assert target.pk in result.ids or (query == "hughes" and result.capped), query
    assert customer_search(dealer=dealer, query="Hughes").capped
    assert customer_search(dealer=dealer, query="Name1232 Hughes").ids[0] == target.pk
