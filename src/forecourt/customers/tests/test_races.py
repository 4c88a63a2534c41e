"""Optimistic locking (SPEC D5): two writers racing never lose a field.

Each race: both writers read the same version; the first save wins, the second is refused
as stale (412 / StaleVersion), reloads and saves again. Whatever either wrote must be there.
"""

import random
import threading
from decimal import Decimal

import pytest
from django.db import connection

from forecourt.core.errors import StaleVersion
from forecourt.customers.models import Customer
from forecourt.customers.services import customer_create, customer_update

RACES = 1000

# Unprotected fields and the values writers pick from.
CHOICES = {
    "language": ["en", "cy", "gd", "hi", "mr", "pa"],
    "social_handle": ["@ava", "@ava_w", "@wilson.ava", ""],
    "day_night": ["any", "day", "night"],
    "contact_phone": [True, False],
    "contact_sms": [True, False],
    "contact_email": [True, False],
    "contact_post": [True, False],
    "fleet": [True, False],
    "on_stop": [True, False],
    "payment_terms": ["cash", "30_days", "60_days", ""],
    "account_number": ["ACC-1001", "ACC-2002", "ACC-3003"],
    "credit_limit": [Decimal("1000.00"), Decimal("2500.00"), None],
    "gender": ["female", "male", "undisclosed", ""],
}


def _writes(rng: random.Random) -> dict:
    fields = rng.sample(sorted(CHOICES), rng.randint(1, 4))
    return {name: rng.choice(CHOICES[name]) for name in fields}


def _save_with_retry(customer_id, dealer, by, changes, seen_version):
    """Save as a real client would: on a stale refusal, reload and apply the same edit."""
    try:
        customer = Customer.objects.get(pk=customer_id)
        return customer_update(
            customer=customer, by=by, channel="api", changes=changes, expected_version=seen_version
        ), False
    except StaleVersion:
        fresh = Customer.objects.get(pk=customer_id)
        return customer_update(
            customer=fresh, by=by, channel="api", changes=changes, expected_version=fresh.version
        ), True


def _race_writer(customer, by, edits, index, seen, barrier, retried):
    barrier.wait()
    try:
        changes = edits[index]
        retried[index] = _save_with_retry(customer.pk, customer.dealer, by, changes, seen)[1]
    finally:
        connection.close()


def _assert_no_field_lost(customer_id, first, second):
    final = Customer.objects.get(pk=customer_id)
    for name, value in {**first, **second}.items():
        assert getattr(final, name) == value, (name, first, second)


@pytest.mark.django_db
def test_a_thousand_randomised_two_writer_races_lose_no_field(dealer, sales_user, admin_user):
    rng = random.Random(20261125)
    customer = customer_create(
        dealer=dealer,
        by=sales_user,
        channel="api",
        data={"first_name": "Ava", "last_name": "Wilson"},
    )
    refusals = 0
    for _ in range(RACES):
        seen = Customer.objects.get(pk=customer.pk).version
        first, second = _writes(rng), _writes(rng)
        _, retried_first = _save_with_retry(customer.pk, dealer, sales_user, first, seen)
        _, retried_second = _save_with_retry(customer.pk, dealer, admin_user, second, seen)
        assert not retried_first
        refusals += retried_second
        _assert_no_field_lost(customer.pk, first, second)
    # Every race whose first writer changed something made the second writer reload.
    assert refusals > RACES * 0.8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql(dealer, sales_user, admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent transactions need PostgreSQL (SQLite tests run in memory).")
    rng = random.Random(7)
    customer = customer_create(
        dealer=dealer,
        by=sales_user,
        channel="api",
        data={"first_name": "Ava", "last_name": "Wilson"},
    )
    for _ in range(25):
        seen = Customer.objects.get(pk=customer.pk).version
        edits = [_writes(rng), _writes(rng)]
        barrier = threading.Barrier(2)
        retried: dict[int, bool] = {}

        threads = [
            threading.Thread(
                target=_race_writer, args=(customer, by, edits, i, seen, barrier, retried)
            )
            for i, by in enumerate((sales_user, admin_user))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(retried) == 2 and not all(retried.values())
        final = Customer.objects.get(pk=customer.pk)
        if any(retried.values()):
            # The refused writer reloaded and saved last: all of its fields are there, and the
            # winner's fields are there unless the later writer set the same field.
            later = edits[1] if retried[1] else edits[0]
            earlier = edits[0] if retried[1] else edits[1]
            _assert_no_field_lost(customer.pk, earlier, later)
        else:
            # One writer changed nothing, so nobody was stale; every value came from a writer.
            for name in {*edits[0], *edits[1]}:
                assert getattr(final, name) in (edits[0].get(name), edits[1].get(name))
