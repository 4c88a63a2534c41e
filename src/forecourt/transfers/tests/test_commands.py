"""The export_customers and import_customers commands."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from forecourt.customers.models import Customer

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[4] / "samples" / "customers_import.csv"


def test_import_then_export_round_trip(dealer, tmp_path):
    out = StringIO()
    errors = tmp_path / "errors.csv"
    call_command(
        "import_customers",
        "--dealer",
        "northgate",
        str(SAMPLE),
        "--errors",
        str(errors),
        stdout=out,
    )
    assert "4 created, 0 updated, 0 unchanged, 3 refused (of 7 rows)." in out.getvalue()
    assert len(errors.read_text().splitlines()) == 4
    call_command("import_customers", "--dealer", "northgate", str(SAMPLE), stdout=StringIO())
    assert Customer.for_dealer(dealer).count() == 4

    target = tmp_path / "customers.csv"
    out = StringIO()
    call_command(
        "export_customers",
        "--dealer",
        "northgate",
        "--format",
        "csv",
        "-o",
        str(target),
        "--q",
        "rahman",
        stdout=out,
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert [r["last_name"] for r in rows] == ["Rahman"]
    assert "Exported 1 customer to" in out.getvalue()


def test_unknown_dealer_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No dealer"):
        call_command("export_customers", "--dealer", "nobody", "-o", str(tmp_path / "x.csv"))
