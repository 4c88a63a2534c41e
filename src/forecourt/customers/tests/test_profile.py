"""The 360° profile (SPEC B13): content, bounded queries, its API, notes and associations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecourt.changes.models import Channel
from forecourt.customers.relations import customer_associate, customer_note_add
from forecourt.customers.tests.factories import CustomerFactory
from forecourt.service import services as workshop
from forecourt.service.tests.factories import ServiceVisitFactory, VisitLineFactory
from forecourt.vehicles import services as vehicles

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(dealer):
    return CustomerFactory(
        dealer=dealer,
        first_name="Oliver",
        last_name="Smith",
        phone_mobile="+447911123456",
        postal_code="M3 2BW",
        language="en",
    )


def _vehicle(dealer, user, **data):
    return vehicles.vehicle_create(dealer=dealer, by=user, channel=Channel.UI, data=data)


def _visits(vehicle, count):
    for index in range(count):
        visit = ServiceVisitFactory(
            vehicle=vehicle,
            visited_on=dt.date(2026, 10, 1) - dt.timedelta(days=20 * index),
            mileage=78000 - 100 * index,
            invoice_ref=f"NG-INV-{index:05d}",
        )
        VisitLineFactory.create_batch(2, visit=visit)


@pytest.fixture
def full_profile(dealer, admin_user, service_user, owner):
    """A customer with two current vehicles, a sold one, notes, links, due dates and jobs."""
    focus = _vehicle(
        dealer,
        admin_user,
        registration="AB12 CDE",
        vin="WF0AXXGC7C8R12345",
        make="Ford",
        model="Focus",
        year=2012,
        mileage=78450,
        customer=owner,
    )
    jaguar = _vehicle(dealer, admin_user, registration="BD67 XKP", make="Jaguar", customer=owner)
    buyer = CustomerFactory(dealer=dealer, first_name="Mia", last_name="Evans")
    golf = _vehicle(dealer, admin_user, registration="YK17 RTV", make="Volkswagen", customer=owner)
    vehicles.vehicle_transfer(
        vehicle=golf, to_customer=buyer, by=admin_user, channel=Channel.UI, reason="Sold"
    )
    vehicles.vehicle_update(
        vehicle=jaguar,
        by=admin_user,
        channel=Channel.UI,
        changes={"registration": "K1 NGS"},
        expected_version=1,
    )
    workshop.service_due_set(
        vehicle=focus,
        changes={"next_service_date": dt.date(2020, 1, 1), "next_mot_date": dt.date(2099, 1, 1)},
    )
    workshop.recommendation_add(
        vehicle=focus, text="Rear brake discs corroded", severity="urgent", estimate=Decimal("210")
    )
    workshop.job_create(
        dealer=dealer, by=service_user, kind="service_wip", customer=owner, vehicle=focus
    )
    customer_note_add(
        customer=owner, by=service_user, body="Prefers a text before 5pm", pinned=True
    )
    customer_associate(
        customer=owner, related=CustomerFactory(dealer=dealer, last_name="Holt"), kind="employer"
    )
    return {"focus": focus, "jaguar": jaguar, "golf": golf, "buyer": buyer}


def test_profile_shows_everything_on_one_screen(client, service_user, owner, full_profile):
    _visits(full_profile["focus"], 3)
    client.force_login(service_user)
    page = client.get(f"{owner.get_absolute_url()}?vehicle={full_profile['focus'].pk}")
    page = page.content.decode()
    for text in (
        "Mr Oliver Smith",
        "07911 123456",
        "M3 2BW",
        "English",
        "AB12 CDE",
        "K1 NGS",
        "YK17 RTV",  # sold: shown as a past ownership
        "past",
        "78,450 miles",
        "Service overdue",
        "Rear brake discs corroded",
        "SW-000001",
        "Prefers a text before 5pm",
        "Employer:",
        "NG-INV-00000",
        "Send a communication",
    ):
        assert text in page, text


def test_profile_opens_a_past_vehicle_without_its_new_owners_preferences(
    client, service_user, owner, full_profile
):
    client.force_login(service_user)
    golf = full_profile["golf"]
    page = client.get(f"{owner.get_absolute_url()}?vehicle={golf.pk}").content.decode()
    assert "YK17 RTV" in page
    assert "Messages about this vehicle" not in page
    page = client.get(f"{owner.get_absolute_url()}?vehicle={full_profile['focus'].pk}")
    assert "Messages about this vehicle" in page.content.decode()


def test_profile_service_history_tab_is_paginated(client, service_user, owner, full_profile):
    focus = full_profile["focus"]
    _visits(focus, 25)
    client.force_login(service_user)
    url = f"{owner.get_absolute_url()}?vehicle={focus.pk}&tab=history"
    page = client.get(url).content.decode()
    assert "25 visits, newest first · page 1 of 3" in page
    assert "NG-INV-00000" in page and "NG-INV-00010" not in page
    page = client.get(f"{url}&page=3").content.decode()
    assert "NG-INV-00024" in page and "NG-INV-00000" not in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("tab", ["overview", "history", "owners", "notes"])
def test_profile_query_count_does_not_grow_with_history(
    client, service_user, owner, full_profile, tab
):
    """The page reads the same number of queries with 1 visit as with 200 (NetBox baseline)."""
    focus = full_profile["focus"]
    client.force_login(service_user)
    url = f"{owner.get_absolute_url()}?vehicle={focus.pk}&tab={tab}"
    _visits(focus, 1)
    with_one = _queries(client, url)
    _visits(focus, 199)
    for index in range(20):
        customer_note_add(customer=owner, by=service_user, body=f"Note {index}")
    assert _queries(client, url) == with_one
    assert with_one <= 40


def test_profile_api_query_count_does_not_grow_with_history(api, owner, full_profile):
    focus = full_profile["focus"]
    url = f"/api/v1/customers/{owner.pk}/profile/?vehicle={focus.pk}"
    _visits(focus, 1)
    with_one = _queries(api, url)
    _visits(focus, 199)
    assert _queries(api, url) == with_one


def test_profile_api_answers_the_same_facts(api, owner, full_profile):
    focus = full_profile["focus"]
    _visits(focus, 12)
    body = api.get(f"/api/v1/customers/{owner.pk}/profile/", {"vehicle": focus.pk}).json()
    assert body["customer"]["display_name"] == "Mr Oliver Smith"
    assert sorted(v["registration"] for v in body["vehicles"]) == ["AB12 CDE", "K1 NGS"]
    assert [p["registration"] for p in body["past_ownerships"]] == ["YK17 RTV"]
    selected = body["selected"]
    assert selected["vehicle"]["registration"] == "AB12 CDE"
    assert (selected["visits_count"], selected["visits_pages"], len(selected["visits"])) == (
        12,
        2,
        10,
    )
    assert {d["label"]: d["overdue"] for d in selected["due"]} == {"Service": True, "MOT": False}
    assert body["recommendations"][0]["text"] == "Rear brake discs corroded"
    assert body["open_jobs"][0]["number"] == "SW-000001"
    assert body["notes"][0]["pinned"] is True
    assert body["associations"][0]["label"] == "Employer"
    second = api.get(f"/api/v1/customers/{owner.pk}/profile/", {"vehicle": focus.pk, "page": 2})
    assert len(second.json()["selected"]["visits"]) == 2


def test_profile_api_is_404_for_another_dealer(api_client_for, other_admin, owner):
    response = api_client_for(other_admin).get(f"/api/v1/customers/{owner.pk}/profile/")
    assert response.status_code == 404


def test_notes_api_adds_and_pins(api, owner):
    url = f"/api/v1/customers/{owner.pk}/notes/"
    assert api.post(url, {"body": "   "}, format="json").status_code == 400
    note = api.post(url, {"body": "Called about the MOT"}, format="json").json()
    pinned = api.patch(f"{url}{note['id']}/", {"pinned": True}, format="json").json()
    assert pinned["pinned"] is True
    assert [n["body"] for n in api.get(url).json()] == ["Called about the MOT"]


def test_associations_api_links_both_ways(api, dealer, owner):
    employer = CustomerFactory(dealer=dealer, kind="company", company_name="Pennine Logistics Ltd")
    url = f"/api/v1/customers/{owner.pk}/associations/"
    created = api.post(url, {"related": str(employer.pk), "kind": "employer"}, format="json")
    assert created.status_code == 201
    assert created.json()[0]["customer_name"] == "Pennine Logistics Ltd"
    again = api.post(url, {"related": str(employer.pk), "kind": "employer"}, format="json")
    assert again.status_code == 400
    seen_from_employer = api.get(f"/api/v1/customers/{employer.pk}/associations/").json()
    assert seen_from_employer[0]["label"] == "Employee"
    assert (
        api.post(url, {"related": str(owner.pk), "kind": "spouse"}, format="json").status_code
        == 400
    )


def test_send_a_communication_is_an_honest_entry_point(client, service_user, owner):
    client.force_login(service_user)
    page = client.get(owner.get_absolute_url()).content.decode()
    assert f"/profile/{owner.pk}/communicate/" in page
    page = client.get(f"/profile/{owner.pk}/communicate/").content.decode()
    assert "not available yet" in page
    assert "Nothing is sent from this page" in page
    assert "07911 123456" in page
    assert "<form" not in page.split('id="main"')[1].split("</main>")[0]
