"""No OTP, PAN or Aadhaar reaches a log line, stdout/stderr or an SQL statement."""

import logging
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecourt.customers.tests.factories import AADHAARS, PANS
from forecourt.messaging.tests.outbox import latest_otp
from forecourt.staff.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_secrets_stay_out_of_logs_and_sql(api_client_for, other_dealer, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    admin = StaffFactory(dealer=other_dealer, role="admin", username="sahyadri-admin")
    api = api_client_for(admin)
    otps = []
    with CaptureQueriesContext(connection) as queries:
        created = api.post(
            "/api/v1/customers/",
            {"last_name": "Joshi", "phone_mobile": "98765 43210", "aadhaar": AADHAARS[0]},
            format="json",
        ).json()
        base = f"/api/v1/customers/{created['id']}/change-requests/"
        request = api.post(
            base, {"changes": {"pan": PANS[0]}, "reason": "PAN for invoice"}, format="json"
        ).json()
        otps.append(latest_otp())
        wrong = f"{(int(otps[0]) + 1) % 1_000_000:06d}"
        api.post(f"{base}{request['id']}/verify/", {"otp": wrong}, format="json")
        api.post(f"{base}{request['id']}/resend/")
        otps.append(latest_otp())
        api.post(f"{base}{request['id']}/verify/", {"otp": otps[-1]}, format="json")
        api.post(f"{base}{request['id']}/apply/")
        api.get(f"/api/v1/customers/{created['id']}/history/")
        api.post(f"/api/v1/customers/{created['id']}/reveal/", {"field": "pan"}, format="json")
    captured = capsys.readouterr()
    output = "\n".join([caplog.text, captured.out, captured.err])
    assert caplog.records, "the flow should have logged something (e.g. 4xx warnings)"
    for secret in (PANS[0], AADHAARS[0], "4991 1234 5677"):
        assert secret not in output
        assert all(secret not in q["sql"] for q in queries.captured_queries)
    for otp in otps:
        assert not re.search(rf"(?<![\d.:]){otp}(?!\d)", output)
        assert all(f"'{otp}'" not in q["sql"] for q in queries.captured_queries)
