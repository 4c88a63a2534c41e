"""The customer list (SPEC E1): timeframe, status, search, sorting, keyset pages; API filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from forecourt.changes.models import Channel
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def make(dealer, days_ago=0, **data):
    base = {"first_name": "Olivia", "last_name": "Hughes", "country": "GB"}
    customer = customer_create(dealer=dealer, by=None, channel=Channel.UI, data={**base, **data})
    Customer.objects.filter(pk=customer.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return customer


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def roster(dealer, frozen):
    return {
        "recent": make(
            dealer, 2, first_name="John", last_name="Smith", phone_mobile="07911 123456"
        ),
        "month": make(dealer, 20, first_name="Aisha", last_name="Rahman"),
        "quarter": make(dealer, 60, first_name="Tom", last_name="Hargreaves"),
        "old": make(dealer, 400, first_name="Mei", last_name="Chen"),
    }


def names(response):
    return [c.last_name for c in response.context["customers"]]


def test_default_shows_the_last_30_days(client, admin_user, roster):
    client.force_login(admin_user)
    response = client.get(reverse("customers:list"))
    assert names(response) == ["Smith", "Rahman"]
    assert response.context["count"] == 2


@pytest.mark.parametrize(
    ("timeframe", "expected"),
    [
        ("7", ["Smith"]),
        ("90", ["Smith", "Rahman", "Hargreaves"]),
        ("all", ["Smith", "Rahman", "Hargreaves", "Chen"]),
    ],
)
def test_timeframes(client, admin_user, roster, timeframe, expected):
    client.force_login(admin_user)
    assert names(client.get(reverse("customers:list"), {"range": timeframe})) == expected


def test_custom_dates_and_status(client, admin_user, roster):
    Customer.objects.filter(pk=roster["month"].pk).update(status="inactive")
    client.force_login(admin_user)
    url = reverse("customers:list")
    custom = {"range": "custom", "from": "2026-09-01", "to": "2026-11-01"}
    assert names(client.get(url, custom)) == ["Rahman", "Hargreaves"]
    assert names(client.get(url, {**custom, "status": "inactive"})) == ["Rahman"]


def test_search_looks_at_all_time_and_highlights(client, admin_user, roster):
    client.force_login(admin_user)
    response = client.get(reverse("customers:list"), {"q": "chen"})
    assert names(response) == ["Chen"]
    assert b"<mark>Chen</mark>" in response.content
    response = client.get(reverse("customers:list"), {"q": "+44 7911 123456"})
    assert names(response) == ["Smith"]


def test_htmx_gets_only_the_results(client, admin_user, roster):
    client.force_login(admin_user)
    response = client.get(reverse("customers:list"), {"q": "smith"}, headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"<mark>Smith</mark>" in response.content


def test_sorting_by_name(client, admin_user, roster):
    client.force_login(admin_user)
    response = client.get(reverse("customers:list"), {"range": "all", "sort": "name"})
    assert names(response) == ["Chen", "Hargreaves", "Rahman", "Smith"]


def test_keyset_pages_forwards_backwards_and_last(client, admin_user, dealer, frozen):
    for n in range(60):
        make(dealer, days_ago=n % 28, last_name=f"Walsh{n:02d}")
    client.force_login(admin_user)
    url = reverse("customers:list")
    first = client.get(url)
    assert len(first.context["customers"]) == 25 and first.context["count"] == 60
    second = client.get(url + first.context["next_url"])
    third = client.get(url + second.context["next_url"])
    assert len(third.context["customers"]) == 10 and third.context["keyset"].at_end
    seen = names(first) + names(second) + names(third)
    assert len(set(seen)) == 60
    last = client.get(url + first.context["last_url"])
    assert names(last)[-10:] == names(third)
    back = client.get(url + second.context["prev_url"])
    assert names(back) == names(first)


def test_api_filters_and_bounded_count(api, roster, frozen):
    body = api.get("/api/v1/customers/").json()
    assert body["count"] == 4 and body["count_capped"] is False
    body = api.get("/api/v1/customers/", {"registered_after": "2026-10-01"}).json()
    assert [c["last_name"] for c in body["results"]] == ["Smith", "Rahman"]
    body = api.get(
        "/api/v1/customers/", {"registered_before": "2026-10-01", "ordering": "last_name"}
    ).json()
    assert [c["last_name"] for c in body["results"]] == ["Chen", "Hargreaves"]
    body = api.get("/api/v1/customers/", {"q": "Smyth"}).json()
    assert [c["last_name"] for c in body["results"]] == ["Smith"]
    assert api.get("/api/v1/customers/", {"status": "asleep"}).status_code == 400


def test_a_date_window_is_counted_along_the_registration_index(dealer, roster, frozen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forecourt.customers.listing import CustomerFilter, bounded_count, customer_filtered

    window, _ = customer_filtered(
        dealer=dealer, flt=CustomerFilter(registered_after=dt.date(2026, 10, 1))
    )
    everyone, _ = customer_filtered(dealer=dealer, flt=CustomerFilter())
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(window) == (2, False)
        assert bounded_count(everyone, cap=3) == (3, True)
    windowed, unfiltered = (q["sql"] for q in queries)
    assert "ORDER BY" in windowed and "created_at" in windowed.split("ORDER BY")[1]
    assert "ORDER BY" not in unfiltered


def test_api_never_lists_another_dealers_customers(api_client_for, other_admin, roster):
    body = api_client_for(other_admin).get("/api/v1/customers/", {"q": "smith"}).json()
    assert body["count"] == 0


def test_search_results_page_in_rank_order_reading_only_the_shown_rows(
    client, admin_user, api, dealer, frozen, django_assert_max_num_queries
):
    for n in range(30):
        make(dealer, days_ago=n, first_name=f"Ann{n:02d}", last_name="Smithson")
    exact = make(dealer, days_ago=40, first_name="Ann", last_name="Smith")
    client.force_login(admin_user)
    url = reverse("customers:list")
    first = client.get(url, {"q": "smith"})
    assert first.context["customers"][0] == exact
    assert first.context["count"] == 31 and len(first.context["customers"]) == 25
    second = client.get(url, {"q": "smith", "page": 2})
    assert len(second.context["customers"]) == 6
    shown = {c.pk for c in first.context["customers"]} | {c.pk for c in second.context["customers"]}
    assert len(shown) == 31
    with django_assert_max_num_queries(12):
        client.get(url, {"q": "smith"}, headers={"HX-Request": "true"})
    body = api.get("/api/v1/customers/", {"q": "smith", "page_size": 10}).json()
    assert body["count"] == 31 and body["results"][0]["id"] == str(exact.pk)
    page_4 = api.get("/api/v1/customers/", {"q": "smith", "page_size": 10, "page": 4}).json()
    assert len(page_4["results"]) == 1 and page_4["next"] is None
    inactive = api.get("/api/v1/customers/", {"q": "smith", "status": "inactive"}).json()
    assert inactive["count"] == 0


def test_the_export_and_create_buttons_only_for_roles_that_may_use_them(
    client, admin_user, viewer_user
):
    client.force_login(admin_user)
    page = client.get(reverse("customers:list")).content
    assert b"Export this list" in page
    assert b"New customer" in page
    assert b"Capture a vehicle" in client.get(reverse("vehicles:list")).content
    client.force_login(viewer_user)
    page = client.get(reverse("customers:list")).content
    assert b"Export this list" not in page
    assert b"New customer" not in page
    assert b"Capture a vehicle" not in client.get(reverse("vehicles:list")).content


def test_keyset_pages_have_an_index_ending_with_the_id(dealer, roster):
    """Every sortable column has a (dealer, column, id) index, so a page is an index walk."""
    from django.db import connection

    from forecourt.customers.listing import ORDERINGS, CustomerFilter, customer_filtered
    from forecourt.search.services import CUSTOMER_LIST_INDEXES

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "customers_customer")
    for name, column in CUSTOMER_LIST_INDEXES.items():
        assert found[name]["columns"] == ["dealer_id", column, "id"], name
    assert {c for c, _ in ORDERINGS.values()} == set(CUSTOMER_LIST_INDEXES.values())
    if connection.vendor == "sqlite":
        queryset, _ = customer_filtered(dealer=dealer, flt=CustomerFilter())
        plan = queryset.order_by("-created_at", "-pk")[:26].explain()
        assert "customer_list_created" in plan and "TEMP B-TREE" not in plan, plan
