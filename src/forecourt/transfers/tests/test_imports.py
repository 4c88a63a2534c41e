"""Imports: idempotent by external_id, bad rows reported, good rows kept, history channel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forecourt.changes.models import FieldChange
from forecourt.customers.models import Customer
from forecourt.transfers.models import TransferJob

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[4] / "samples" / "customers_import.csv"


def upload(api, content: bytes, name="feed.csv"):
    return api.post(
        "/api/v1/imports/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )


def test_sample_imports_good_rows_and_reports_each_bad_one(api, dealer, admin_user, client):
    response = upload(api, SAMPLE.read_bytes())
    assert response.status_code == 202
    job = api.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert job["status"] == "done"
    assert (job["created_count"], job["error_count"]) == (4, 3)
    assert Customer.for_dealer(dealer).count() == 4
    refused = {(row, column) for row, column, _ in job["errors"]}
    assert refused == {(6, "email"), (7, "phone_mobile"), (8, "external_id")}

    client.force_login(admin_user)
    report = b"".join(client.get(job["download_url"]).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(report)))
    assert rows[0] == ["row", "column", "message"] and len(rows) == 4

    whitworth = Customer.for_dealer(dealer).get(external_id="DMS-100231")
    assert whitworth.phone_mobile == "+447911123456"
    change = FieldChange.objects.filter(entity_id=str(whitworth.pk)).first()
    assert change is not None and change.channel == "import"


def test_reimporting_the_same_file_never_duplicates(api, dealer):
    upload(api, SAMPLE.read_bytes())
    second = upload(api, SAMPLE.read_bytes()).json()
    job = TransferJob.objects.get(pk=second["id"])
    assert Customer.for_dealer(dealer).count() == 4
    assert job.created_count == 0 and job.error_count == 3


def test_reimport_updates_changed_fields(api, dealer):
    upload(api, SAMPLE.read_bytes())
    changed = SAMPLE.read_text().replace("james.whitworth@btinternet.com", "jw@whitworth.me")
    job = TransferJob.objects.get(pk=upload(api, changed.encode()).json()["id"])
    assert job.updated_count == 1
    assert Customer.for_dealer(dealer).get(external_id="DMS-100231").email == "jw@whitworth.me"


def test_vehicles_in_the_feed_belong_to_the_row_customer(api, dealer):
    from forecourt.vehicles.models import Vehicle

    upload(api, SAMPLE.read_bytes())
    vehicle = Vehicle.for_dealer(dealer).get(registration_normalised="MA19XKT")
    assert vehicle.customer.external_id == "DMS-100231"
    assert Vehicle.for_dealer(dealer).count() == 3
    upload(api, SAMPLE.read_bytes())
    assert Vehicle.for_dealer(dealer).count() == 3


def test_xlsx_feed(api, dealer):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "first_name", "last_name", "phone_mobile", "postal_code"])
    sheet.append(["DMS-9", "Harriet", "Lowe", "07911 123456", "M3 2BW"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(api, buffer.getvalue(), name="feed.xlsx")
    assert Customer.for_dealer(dealer).get(external_id="DMS-9").last_name == "Lowe"


def test_imports_are_refused_to_roles_without_the_action(api_client_for, sales_user):
    client = api_client_for(sales_user)
    response = client.post(
        "/api/v1/imports/", {"file": SimpleUploadedFile("f.csv", b"x")}, format="multipart"
    )
    assert response.status_code == 403


def test_only_csv_or_xlsx(api):
    response = upload(api, b"%PDF", name="feed.pdf")
    assert response.status_code == 400 and "file" in response.json()


def test_upload_form_on_the_jobs_page(client, admin_user, dealer):
    client.force_login(admin_user)
    response = client.post(
        reverse("transfers:import_start"),
        {"file": SimpleUploadedFile("feed.csv", SAMPLE.read_bytes())},
    )
    assert response.status_code == 302
    assert Customer.for_dealer(dealer).count() == 4


def test_suppressed_contact_points_are_not_brought_back(api, dealer, monkeypatch):
    asked = []

    def suppressed(dealer_, values):
        asked.append(list(values))
        return {"james.whitworth@btinternet.com", "+447911123456"}

    monkeypatch.setattr("forecourt.transfers.importing.suppressed_contact_points", suppressed)
    job = api.get(f"/api/v1/imports/{upload(api, SAMPLE.read_bytes()).json()['id']}/").json()
    whitworth = Customer.for_dealer(dealer).get(external_id="DMS-100231")
    assert (whitworth.email, whitworth.phone_mobile) == ("", "")
    assert whitworth.phone_home == "+441614960123" and whitworth.last_name == "Whitworth"
    assert ["james.whitworth@btinternet.com", "+447911123456", "+441614960123"] in asked
    notes = [(row, column) for row, column, message in job["errors"] if "request" in message]
    assert notes == [(2, "email"), (2, "phone_mobile")]
    assert job["created_count"] == 4


def test_the_jobs_page_documents_the_columns(client, admin_user):
    client.force_login(admin_user)
    content = client.get(reverse("transfers:jobs")).content.decode()
    for column in ("external_id", "phone_mobile", "registration", "vin"):
        assert f"<code>{column}</code>" in content


def test_a_long_import_refreshes_planner_statistics_on_postgresql(api, dealer, monkeypatch):
    """A dealer's first big feed must not be planned with statistics that say it is empty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forecourt.transfers import importing

    monkeypatch.setattr(importing, "FIRST_ANALYZE_AFTER", 1)
    monkeypatch.setattr(importing, "BATCH_ROWS", 2)
    with CaptureQueriesContext(connection) as queries:
        upload(api, SAMPLE.read_bytes())
    analyzed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        # after the first batch (2 rows ≥ 1) and again at 4 rows (≥ 1 × 4); not at 6 or 7
        assert analyzed == [f"ANALYZE {t}" for t in importing.IMPORT_TABLES] * 2
    else:
        assert analyzed == []
    assert Customer.for_dealer(dealer).count() == 4
