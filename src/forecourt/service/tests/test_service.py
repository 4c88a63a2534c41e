import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from forecourt.service import services
from forecourt.service.selectors import due_items
from forecourt.service.tests.factories import RecommendationFactory, ServiceVisitFactory
from forecourt.vehicles.tests.factories import VehicleFactory


@pytest.fixture
def vehicle(dealer):
    return VehicleFactory(dealer=dealer, registration="AB12 CDE", mileage=42000)


@pytest.mark.django_db
def test_visit_amount_is_sum_of_lines_and_history_newest_first(
    api, vehicle, service_user, api_client_for
):
    client = api_client_for(service_user)
    for day, summary in [(dt.date(2025, 3, 1), "MOT test"), (dt.date(2026, 3, 1), "Full service")]:
        response = client.post(
            f"/api/v1/vehicles/{vehicle.pk}/visits/",
            {
                "visited_on": day.isoformat(),
                "mileage": 41000,
                "summary": summary,
                "invoice_ref": f"NG-INV-{day.year}",
                "lines": [
                    {"kind": "labour", "description": "Labour", "amount": "95.00"},
                    {"kind": "part", "description": "Oil filter", "amount": "12.50"},
                ],
                "recommendations": [{"text": "Wiper blades smearing", "severity": "info"}],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["amount"] == "107.50"
    listed = api.get(f"/api/v1/vehicles/{vehicle.pk}/visits/").json()
    assert [v["summary"] for v in listed["results"]] == ["Full service", "MOT test"]
    assert len(listed["results"][0]["lines"]) == 2
    assert listed["results"][0]["advisor_name"] == service_user.get_full_name()


@pytest.mark.django_db
def test_sales_cannot_record_visits(api_client_for, sales_user, vehicle):
    response = api_client_for(sales_user).post(
        f"/api/v1/vehicles/{vehicle.pk}/visits/", {"visited_on": "2026-01-01"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_odometer_running_backwards_is_refused_unless_replaced(
    api_client_for, service_user, vehicle
):
    client = api_client_for(service_user)
    url = f"/api/v1/vehicles/{vehicle.pk}/visits/"
    first = client.post(url, {"visited_on": "2026-03-01", "mileage": 45000}, format="json")
    assert first.status_code == 201

    backwards = client.post(url, {"visited_on": "2026-06-01", "mileage": 4500}, format="json")
    assert backwards.status_code == 400
    assert "45,000 on 1 Mar 2026" in backwards.json()["mileage"][0]
    earlier_but_higher = client.post(
        url, {"visited_on": "2026-01-01", "mileage": 46000}, format="json"
    )
    assert earlier_but_higher.status_code == 400
    assert vehicle.visits.count() == 1

    replaced = client.post(
        url, {"visited_on": "2026-06-01", "mileage": 4500, "odometer_replaced": True}, format="json"
    )
    assert replaced.status_code == 201, replaced.json()
    vehicle.refresh_from_db()
    assert (vehicle.mileage, vehicle.mileage_date) == (4500, dt.date(2026, 6, 1))


@pytest.mark.django_db
def test_visit_in_future_refused(vehicle):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.visit_record(vehicle=vehicle, visited_on=dt.date(2999, 1, 1))


@pytest.mark.django_db
def test_recommendations_outstanding_until_done_or_declined(api, vehicle):
    rec = RecommendationFactory(vehicle=vehicle)
    RecommendationFactory(vehicle=vehicle, text="Rear discs corroded", severity="urgent")
    url = f"/api/v1/vehicles/{vehicle.pk}/recommendations/"
    outstanding = api.get(url, {"status": "outstanding"}).json()
    assert [r["severity"] for r in outstanding] == ["urgent", "advisory"]
    response = api.patch(f"{url}{rec.pk}/", {"status": "declined"}, format="json")
    assert response.json()["status"] == "declined"
    assert len(api.get(url, {"status": "outstanding"}).json()) == 1


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False)
def test_due_flags(api, vehicle):
    url = f"/api/v1/vehicles/{vehicle.pk}/due/"
    response = api.patch(
        url,
        {
            "next_service_date": "2026-12-10",
            "next_service_mileage": 50000,
            "next_mot_date": "2026-11-20",
        },
        format="json",
    )
    flags = {f["label"]: f for f in response.json()["flags"]}
    assert flags["Service"]["due_soon"] and not flags["Service"]["overdue"]
    assert flags["MOT"]["overdue"]
    vehicle.mileage = 50100
    due = vehicle.service_due
    assert due_items(vehicle=vehicle, due=due)[0].overdue


@pytest.mark.django_db
def test_job_links_customer_and_vehicle(api_client_for, service_user, dealer):
    from forecourt.customers.tests.factories import CustomerFactory

    owner = CustomerFactory(dealer=dealer)
    vehicle = VehicleFactory(dealer=dealer, customer=owner)
    client = api_client_for(service_user)
    response = client.post(
        "/api/v1/jobs/", {"kind": "parts_wip", "vehicle": str(vehicle.pk)}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "PW-000001"
    assert body["customer"] == str(owner.pk)
    second = client.post(
        "/api/v1/jobs/", {"kind": "service_wip", "customer": str(owner.pk)}, format="json"
    ).json()
    assert second["number"] == "SW-000001"


@pytest.mark.django_db
def test_visits_of_another_dealers_vehicle_are_404(api_client_for, other_admin, vehicle):
    ServiceVisitFactory(vehicle=vehicle, amount=Decimal("10"))
    response = api_client_for(other_admin).get(f"/api/v1/vehicles/{vehicle.pk}/visits/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_job_numbers_run_per_kind_without_clashing(dealer, service_user):
    from forecourt.customers.tests.factories import CustomerFactory

    owner = CustomerFactory(dealer=dealer)
    numbers = [
        services.job_create(dealer=dealer, by=service_user, kind=kind, customer=owner).number
        for kind in ["service_wip", "parts_wip", "parts_wip", "service_wip", "parts_wip"]
    ]
    assert numbers == ["SW-000001", "PW-000001", "PW-000002", "SW-000002", "PW-000003"]


@pytest.mark.django_db
def test_job_refuses_a_vehicle_the_customer_does_not_have(api_client_for, service_user, dealer):
    from forecourt.customers.tests.factories import CustomerFactory

    owner, stranger = CustomerFactory.create_batch(2, dealer=dealer)
    vehicle = VehicleFactory(dealer=dealer, customer=owner)
    response = api_client_for(service_user).post(
        "/api/v1/jobs/",
        {"kind": "service_wip", "customer": str(stranger.pk), "vehicle": str(vehicle.pk)},
        format="json",
    )
    assert response.status_code == 400
    assert "not currently linked" in response.json()["vehicle"][0]
    from forecourt.service.models import Job

    assert not Job.objects.exists()


@pytest.mark.django_db
def test_visit_with_higher_reading_updates_the_vehicle_mileage(vehicle, service_user):
    from forecourt.changes.history import history_for

    services.visit_record(
        vehicle=vehicle, visited_on=dt.date(2026, 11, 1), mileage=43100, by=service_user
    )
    vehicle.refresh_from_db()
    assert (vehicle.mileage, vehicle.mileage_date) == (43100, dt.date(2026, 11, 1))
    assert history_for(vehicle).filter(field="mileage").exists()
    services.visit_record(vehicle=vehicle, visited_on=dt.date(2025, 1, 1), mileage=30000)
    vehicle.refresh_from_db()
    assert vehicle.mileage == 43100


@pytest.mark.django_db
def test_visit_detail_and_bad_lines(api, vehicle):
    url = f"/api/v1/vehicles/{vehicle.pk}/visits/"
    created = api.post(
        url,
        {"visited_on": "2026-03-01", "summary": "MOT test", "invoice_ref": "NG-INV-2603001"},
        format="json",
    ).json()
    detail = api.get(f"{url}{created['id']}/").json()
    assert (detail["registration"], detail["invoice_ref"]) == ("AB12 CDE", "NG-INV-2603001")
    bad = api.post(
        url,
        {"visited_on": "2026-03-01", "lines": [{"kind": "labour", "description": ""}]},
        format="json",
    )
    assert bad.status_code == 400
    assert "lines" in bad.json()
    assert api.get(url).json()["count"] == 1


@pytest.mark.django_db
def test_recommendation_list_puts_outstanding_first_and_stamps_who(
    api_client_for, service_user, vehicle
):
    declined = RecommendationFactory(vehicle=vehicle, text="Rear discs corroded", severity="urgent")
    RecommendationFactory(vehicle=vehicle, severity="info", text="Wiper blades smearing")
    client = api_client_for(service_user)
    url = f"/api/v1/vehicles/{vehicle.pk}/recommendations/"
    body = client.patch(f"{url}{declined.pk}/", {"status": "declined"}, format="json").json()
    assert body["resolved_by"] == str(service_user)
    listed = client.get(url).json()
    assert [r["status"] for r in listed] == ["outstanding", "declined"]


@pytest.mark.django_db
def test_history_and_invoices_pages_paginate(client, service_user, dealer):
    from forecourt.customers.tests.factories import CustomerFactory

    owner = CustomerFactory(dealer=dealer, first_name="Oliver", last_name="Smith")
    vehicle = VehicleFactory(dealer=dealer, customer=owner, registration="AB12 CDE")
    for days in range(45):
        ServiceVisitFactory(
            vehicle=vehicle,
            visited_on=dt.date(2026, 10, 1) - dt.timedelta(days=30 * days),
            invoice_ref=f"NG-INV-{days:05d}",
        )
    client.force_login(service_user)
    page = client.get(f"/vehicles/{vehicle.pk}/history/").content.decode()
    assert "45 visits, newest first · page 1 of 3" in page
    assert "NG-INV-00000" in page and "NG-INV-00044" not in page
    last = client.get(f"/vehicles/{vehicle.pk}/history/", {"page": 3}).content.decode()
    assert "NG-INV-00044" in last and "NG-INV-00000" not in last
    invoices = client.get(f"/profile/{owner.pk}/invoices/").content.decode()
    assert "45 invoices" in invoices
    assert "total £6,547.50" in invoices
    empty = CustomerFactory(dealer=dealer)
    assert "No workshop invoices" in client.get(f"/profile/{empty.pk}/invoices/").content.decode()


@pytest.mark.django_db
def test_job_form_offers_the_customers_vehicles(client, service_user, dealer):
    from forecourt.customers.tests.factories import CustomerFactory
    from forecourt.service.models import Job

    owner = CustomerFactory(dealer=dealer)
    vehicle = VehicleFactory(dealer=dealer, customer=owner, registration="MA19 BMW")
    client.force_login(service_user)
    form = client.get("/jobs/new/", {"customer": owner.pk}).content.decode()
    assert "MA19 BMW" in form and "No vehicle (counter sale)" in form
    response = client.post(
        f"/jobs/new/?customer={owner.pk}",
        {"customer": owner.pk, "kind": "service_wip", "vehicle_choice": str(vehicle.pk)},
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.customer, job.vehicle, job.number) == (owner, vehicle, "SW-000001")
    response = client.post("/jobs/new/", {"kind": "service_wip"})
    assert response.status_code == 302
    assert Job.objects.count() == 1
