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
    assert second["number"] == "SW-000002"


@pytest.mark.django_db
def test_visits_of_another_dealers_vehicle_are_404(api_client_for, other_admin, vehicle):
    ServiceVisitFactory(vehicle=vehicle, amount=Decimal("10"))
    response = api_client_for(other_admin).get(f"/api/v1/vehicles/{vehicle.pk}/visits/")
    assert response.status_code == 404
