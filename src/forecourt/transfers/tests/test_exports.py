"""Exports: API, files, progress, escaping, tenancy, audit."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from forecourt.audit.models import AuditEvent
from forecourt.changes.models import Channel
from forecourt.customers.services import customer_create
from forecourt.transfers.models import TransferJob

pytestmark = pytest.mark.django_db


def make(dealer, **data):
    base = {"first_name": "Olivia", "last_name": "Hughes", "country": "GB"}
    return customer_create(dealer=dealer, by=None, channel=Channel.API, data={**base, **data})


@pytest.fixture
def customers(dealer):
    make(
        dealer,
        first_name="John",
        last_name="Smith",
        phone_mobile="07911 123456",
        email="john.smith@example.co.uk",
        postal_code="M3 2BW",
    )
    make(dealer, first_name="=cmd|' /C calc'!A0", last_name="Evans", postal_code="SK4 2HD")
    make(dealer, first_name="Priya", last_name="Patel", phone_mobile="07812 345678")
    return 3


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_export_csv_through_the_api(api, admin_user, customers, other_admin, client):
    response = api.post("/api/v1/exports/", {"format": "csv"}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert set(body) >= {"id", "status", "progress"}
    detail = api.get(f"/api/v1/exports/{body['id']}/").json()
    assert detail["status"] == "done"
    assert detail["progress"]["done"] == detail["progress"]["total"] == 3
    client.force_login(admin_user)
    rows = list(
        csv.DictReader(io.StringIO(_download(client, detail["download_url"]).decode("utf-8-sig")))
    )
    assert len(rows) == 3
    smith = next(r for r in rows if r["last_name"] == "Smith")
    assert smith["email"] == "john.smith@example.co.uk"
    assert smith["phone_mobile"] == "'+447911123456"
    assert smith["postal_code"] == "M3 2BW"
    evil = next(r for r in rows if r["last_name"] == "Evans")
    assert evil["first_name"] == "'=cmd|' /C calc'!A0"

    client.force_login(other_admin)
    assert client.get(detail["download_url"]).status_code == 404
    other = api.__class__()
    other.force_authenticate(other_admin)
    assert other.get(f"/api/v1/exports/{body['id']}/").status_code == 404


def test_export_applies_the_list_filters(api, admin_user, customers, client):
    response = api.post("/api/v1/exports/", {"format": "csv", "q": "smith"}, format="json")
    job = TransferJob.objects.get(pk=response.json()["id"])
    assert job.progress_done == 1
    client.force_login(admin_user)
    content = _download(client, reverse("transfers:download", args=[job.pk])).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(content)))) == 1


def test_export_xlsx(api, admin_user, customers, client):
    from openpyxl import load_workbook

    job_id = api.post("/api/v1/exports/", {"format": "xlsx"}, format="json").json()["id"]
    client.force_login(admin_user)
    content = _download(client, reverse("transfers:download", args=[job_id]))
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    first_names = {r[rows[0].index("first_name")] for r in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in first_names


def test_every_export_is_audited_without_personal_data(api, customers):
    api.post("/api/v1/exports/", {"format": "csv", "q": "Smith", "status": "active"}, format="json")
    event = AuditEvent.objects.get(action="customer.export")
    assert event.details["rows"] == 1
    assert event.details["filters"] == {"status": "active"}
    assert event.details["searched"] is True
    assert "Smith" not in str(event.details)


def test_bad_export_requests_are_refused_by_field(api):
    response = api.post("/api/v1/exports/", {"format": "pdf", "colour": "red"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"format", "colour"}


def test_viewers_may_not_export(api_client_for, viewer_user):
    assert (
        api_client_for(viewer_user).post("/api/v1/exports/", {}, format="json").status_code == 403
    )


def test_expired_files_are_not_served(api, admin_user, customers, client, time_machine):
    import datetime as dt

    job_id = api.post("/api/v1/exports/", {"format": "csv"}, format="json").json()["id"]
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25))
    client.force_login(admin_user)
    assert client.get(reverse("transfers:download", args=[job_id])).status_code == 404
    assert api.get(f"/api/v1/exports/{job_id}/").json()["download_url"] is None


def test_jobs_page_lists_jobs_and_polls_while_running(client, admin_user, customers, dealer):
    TransferJob.objects.create(dealer=dealer, kind="export", requested_by=admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("transfers:jobs"))
    assert response.status_code == 200
    assert b'hx-trigger="every 1s"' in response.content
    partial = client.get(reverse("transfers:jobs"), headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Queued" in partial.content


def test_export_from_the_list_page_keeps_its_filters(client, admin_user, customers):
    client.force_login(admin_user)
    response = client.post(
        reverse("transfers:export_start"), {"format": "csv", "filters": "q=patel&status=active"}
    )
    assert response.status_code == 302
    job = TransferJob.objects.get()
    assert job.filters["q"] == "patel" and job.status == "done" and job.progress_done == 1
