"""SPEC A1 acceptance: staff of dealer A get 404 for every URL naming dealer B's customer or
vehicle (UI and API, any method, any role) and never see B's rows in a list.

The URLs are read from the URL map, so a page or endpoint added later under a customer or
vehicle id is walked too without touching this test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from forecourt.changes.models import Channel
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.staff.permissions import Role
from forecourt.staff.tests.factories import StaffFactory
from forecourt.vehicles.models import Vehicle
from forecourt.vehicles.services import vehicle_create

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "patch", "delete")
ROW_KWARGS = {"customer_id": "customer", "vehicle_id": "vehicle"}
API_ROUTE_PREFIXES = {"customers/": "customer", "vehicles/": "vehicle"}


def _walk(
    patterns: list, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str, list[str]]]:
    """Yield (url name, route text, kwarg names) for every named URL."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route, list(entry.pattern.regex.groupindex)


def _row_urls(rows: dict[str, object]) -> list[tuple[str, str]]:
    """Return (label, url) for every URL that names a customer or vehicle, filled with `rows`."""
    urls = []
    for name, route, kwargs in _walk(get_resolver().url_patterns):
        if "format" in kwargs or name.startswith("admin:"):
            continue
        values: dict[str, object] = {}
        for kwarg in kwargs:
            if kwarg in ROW_KWARGS:
                values[kwarg] = rows[ROW_KWARGS[kwarg]]
            elif kwarg == "pk" and route.startswith("api/v1/"):
                api_route = route.removeprefix("api/v1/").lstrip("^")
                kind = next(
                    (k for p, k in API_ROUTE_PREFIXES.items() if api_route.startswith(p)), None
                )
                if kind is None:
                    break
                values[kwarg] = rows[kind]
            else:
                values[kwarg] = uuid.uuid4()  # a nested id (note, recommendation…) of nobody
        else:
            if any(kind in ROW_KWARGS.values() for kind in _kinds(values, rows)):
                urls.append((f"{name} {route}", reverse(name, kwargs=values)))
    return urls


def _kinds(values: dict[str, object], rows: dict[str, object]) -> list[str]:
    return [kind for kind, row_id in rows.items() if row_id in values.values()]


@pytest.fixture
def foreign_rows(other_dealer) -> dict[str, object]:
    """Dealer B's customer and vehicle, created through the services so search indexes them."""
    customer = customer_create(
        dealer=other_dealer,
        by=None,
        channel=Channel.API,
        data={
            "first_name": "Zebedee",
            "last_name": "Quartermaine",
            "country": "IN",
            "postal_code": "411005",
            "phone_mobile": "+919876543210",
            "email": "zebedee@example.in",
            "aadhaar": "499112345677",
        },
    )
    vehicle = vehicle_create(
        dealer=other_dealer,
        by=None,
        channel=Channel.API,
        data={"registration": "MH12 ZQ 4321", "customer": customer},
    )
    return {"customer": customer.pk, "vehicle": vehicle.pk}


def test_the_walk_finds_the_customer_pages_and_endpoints(foreign_rows):
    urls = [url for _, url in _row_urls(foreign_rows)]
    customer_id = foreign_rows["customer"]
    assert f"/customers/{customer_id}/" in urls
    assert f"/customers/{customer_id}/edit/" in urls
    assert f"/customers/{customer_id}/delete/" in urls
    assert f"/api/v1/customers/{customer_id}/" in urls


@pytest.mark.parametrize("role", list(Role))
def test_every_url_naming_another_dealers_row_is_404(role, dealer, foreign_rows):
    user = StaffFactory(dealer=dealer, role=role, username=f"a-{role}")
    web = APIClient(enforce_csrf_checks=False)
    web.force_login(user)
    token_client = APIClient()
    token_client.force_authenticate(user=user)
    before = Customer.objects.values().get(pk=foreign_rows["customer"])
    body = {"reason": "test", "text": "x", "first_name": "Hacked", "confirm": "yes"}
    failures = []
    for label, url in _row_urls(foreign_rows):
        client = token_client if url.startswith("/api/") else web
        answered_404 = False
        for method in METHODS:
            response = getattr(client, method)(
                url, body, format="json" if url.startswith("/api/") else None, HTTP_IF_MATCH='"1"'
            )
            # 405 comes from the method guard before any lookup, so it says nothing about the id.
            if response.status_code not in (404, 405):
                failures.append(f"{method.upper()} {label}: {response.status_code}")
            answered_404 |= response.status_code == 404
        if not answered_404:
            failures.append(f"{label}: no method answered 404")
    assert not failures, "\n".join(failures)
    assert Customer.objects.values().get(pk=foreign_rows["customer"]) == before
    assert Vehicle.objects.filter(pk=foreign_rows["vehicle"], registration="MH12 ZQ 4321").exists()


def _leaks(text: str, query: str, customer_id: object) -> list[str]:
    """Return the foreign customer's markers found in `text` that the query did not echo."""
    markers = [str(customer_id), "Quartermaine", "zebedee@example.in", "MH12 ZQ", "MH12ZQ"]
    return [m for m in markers if m in text and m.lower() not in query.lower()]


@pytest.mark.parametrize("role", list(Role))
def test_lists_and_search_never_show_another_dealers_rows(role, dealer, foreign_rows):
    customer_create(
        dealer=dealer,
        by=None,
        channel=Channel.API,
        data={"first_name": "Zebedee", "last_name": "Smith"},
    )
    user = StaffFactory(dealer=dealer, role=role, username=f"a-{role}")
    web = APIClient()
    web.force_login(user)
    api = APIClient()
    api.force_authenticate(user=user)
    searches = ["Quartermaine", "zebedee@example.in", "9876543210", "MH12ZQ4321", "411005"]
    pages = ["/customers/?range=all", "/vehicles/", "/api/v1/customers/", "/api/v1/vehicles/"]
    pages += [f"/customers/?range=all&q={q}" for q in searches]
    pages += [f"/vehicles/?q={q}" for q in searches]
    pages += [f"/api/v1/customers/?q={q}" for q in searches]
    for url in pages:
        response = (api if url.startswith("/api/") else web).get(url)
        assert response.status_code == 200, url
        assert not _leaks(response.content.decode(), url, foreign_rows["customer"]), url
        if url.startswith("/api/v1/customers/?q="):
            assert response.json()["count"] == 0, url
    assert api.get("/api/v1/lookup/?registration=MH12ZQ4321").status_code == 404
    assert api.get("/api/v1/customers/?q=Zebedee").json()["count"] == 1
