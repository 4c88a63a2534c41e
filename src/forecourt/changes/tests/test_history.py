"""The history chain: append-only, tamper-evident, erasable without breaking."""

import pytest
from django.core.management import call_command

from forecourt.changes.history import history_for, history_verify
from forecourt.changes.models import Channel, FieldChange
from forecourt.customers.services import customer_create, customer_erase, customer_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(dealer, sales_user):
    return customer_create(
        dealer=dealer,
        by=sales_user,
        channel=Channel.UI,
        data={"first_name": "Jack", "last_name": "Davies", "phone_mobile": "07956 789012"},
    )


def test_update_records_old_and_new_with_who_and_why(customer, sales_user):
    customer_update(
        customer=customer,
        by=sales_user,
        channel=Channel.API,
        changes={"phone_mobile": "07911 123456"},
        expected_version=1,
        reason="Customer changed number",
    )
    row = history_for(customer).first()
    assert (row.field, row.old_value, row.new_value) == (
        "phone_mobile",
        "+447956789012",
        "+447911123456",
    )
    assert (row.actor, row.reason, row.channel) == (sales_user, "Customer changed number", "api")


def test_chain_verifies_and_detects_tampering(customer, sales_user):
    customer_update(
        customer=customer,
        by=sales_user,
        channel=Channel.UI,
        changes={"last_name": "Davis"},
        expected_version=1,
    )
    assert history_verify() == []
    FieldChange.objects.filter(field="last_name", new_value="Davis").update(new_value="Hacked")
    problems = history_verify()
    assert problems and problems[0].problem == "value altered"


def test_deleted_row_breaks_the_chain(customer):
    FieldChange.objects.order_by("sequence").first().delete()
    assert {p.problem for p in history_verify()} & {"missing row", "hash mismatch"}


def test_erasure_blanks_values_but_chain_still_verifies(customer, admin_user):
    customer_erase(customer=customer, by=admin_user, channel=Channel.UI, reason="Customer request")
    values = set(
        FieldChange.objects.filter(entity_id=customer.pk).values_list("new_value", flat=True)
    )
    assert "Jack" not in values and "+447956789012" not in values
    assert history_verify() == []


def test_verify_history_command(customer, capsys):
    call_command("verify_history")
    assert "intact" in capsys.readouterr().out
