"""forecourt rotate_field_keys moves stored IDs to the new key; old keys can then go."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from forecourt.core import crypto
from forecourt.customers.identity import identity_value
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create
from forecourt.customers.tests.factories import AADHAARS, PANS

pytestmark = pytest.mark.django_db


def test_rotation_then_dropping_the_old_key(other_dealer, settings):
    customer = customer_create(
        dealer=other_dealer,
        by=None,
        channel="cli",
        data={"last_name": "Nair", "pan": PANS[0], "aadhaar": AADHAARS[0]},
    )
    old_keys = list(settings.FORECOURT_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.FORECOURT_FIELD_KEYS = [new_key, *old_keys]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "Re-encrypted 1 customers" in out.getvalue()
    settings.FORECOURT_FIELD_KEYS = [new_key]
    fresh = Customer.objects.get(pk=customer.pk)
    assert identity_value(fresh, "pan") == PANS[0]
    assert crypto.decrypt(fresh.aadhaar_encrypted) == AADHAARS[0]
