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


def test_api_clients_download_with_their_token_and_each_download_is_audited(
    api, customers, other_admin
):
    job_id = api.post("/api/v1/exports/", {"format": "csv"}, format="json").json()["id"]
    url = api.get(f"/api/v1/exports/{job_id}/").json()["download_url"]
    assert url.endswith(f"/api/v1/exports/{job_id}/download/")
    response = api.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="customers-')
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(body)))) == 3
    event = AuditEvent.objects.get(action="customer.export.download")
    assert event.target_id == job_id and event.details == {"format": "csv"}

    other = api.__class__()
    other.force_authenticate(other_admin)
    assert other.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="customer.export.download").count() == 1


def test_a_running_export_has_no_file_yet(api, dealer, admin_user):
    job = TransferJob.objects.create(dealer=dealer, kind="export", requested_by=admin_user)
    body = api.get(f"/api/v1/exports/{job.pk}/").json()
    assert (body["status"], body["download_url"]) == ("queued", None)
    assert api.get(f"/api/v1/exports/{job.pk}/download/").status_code == 404
    assert api.get("/api/v1/exports/not-a-uuid/").status_code == 404


def test_expired_and_failed_files_are_purged(api, customers, dealer, time_machine):
    import datetime as dt
    from pathlib import Path

    from forecourt.transfers.services import export_dir, transfers_purge_expired

    job_id = api.post("/api/v1/exports/", {"format": "csv"}, format="json").json()["id"]
    done = TransferJob.objects.get(pk=job_id)
    failed = TransferJob.objects.create(dealer=dealer, kind="export", status="failed")
    partial = export_dir() / f"{failed.pk}.csv"
    partial.write_text("id\n")
    TransferJob.objects.filter(pk=failed.pk).update(
        file_path=str(partial), expires_at=done.expires_at
    )
    assert transfers_purge_expired() == 0
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25))
    assert transfers_purge_expired() == 2
    assert not Path(done.file_path).exists() and not partial.exists()
    assert set(TransferJob.objects.values_list("file_path", flat=True)) == {""}


@pytest.mark.django_db(transaction=True)
def test_progress_is_saved_while_others_write_during_an_export(dealer, monkeypatch):
    """On SQLite the export's reading connection cannot write once others have committed:
    progress goes through a connection of its own (PostgreSQL writes it in place)."""
    import threading

    from forecourt.audit.services import audit_record
    from forecourt.transfers import exporting, services

    for n in range(7):
        make(dealer, last_name=f"Walsh{n}")
    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 2)
    job = services.export_request(
        dealer=dealer, by=None, file_format="csv", filters={}, enqueue=False
    )
    seen = []

    def elsewhere(fn):
        thread = threading.Thread(target=fn)
        thread.start()
        thread.join()

    def on_progress(done, total):
        def look_and_write():
            from django.db import connection

            seen.append(TransferJob.objects.get(pk=job.pk).progress_done)
            audit_record(action="test.concurrent_write", dealer=dealer)
            connection.close()

        elsewhere(look_and_write)

    services.export_run(job_id=job.pk, on_progress=on_progress)
    job.refresh_from_db()
    assert (job.status, job.progress_done) == ("done", 7)
    assert seen == [2, 4, 6, 7]
    assert AuditEvent.objects.filter(action="test.concurrent_write").count() == 4
