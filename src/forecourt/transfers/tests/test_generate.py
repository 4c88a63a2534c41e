"""`forecourt generate_data`: bulk test data that search and lookup serve like any other."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from forecourt.customers.models import Customer
from forecourt.search.models import SearchDocument
from forecourt.search.selectors import customer_search
from forecourt.transfers import generate as generate_module
from forecourt.vehicles.lookup import vehicle_lookup
from forecourt.vehicles.models import Vehicle

pytestmark = pytest.mark.django_db(transaction=True)


def _index_names(model):
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


@pytest.mark.parametrize("chunk", [10_000, 100])
def test_generated_customers_are_searchable_and_their_vehicles_found(dealer, monkeypatch, chunk):
    # A chunk of 100 takes the bulk path: rows built in a second process, indexes deferred.
    monkeypatch.setattr(generate_module, "CHUNK", chunk)
    before = {m: _index_names(m) for m in (Customer, Vehicle, SearchDocument)}
    out = StringIO()
    call_command(
        "generate_data",
        "--dealer",
        "northgate",
        "--customers",
        "300",
        "--vehicles",
        "450",
        stdout=out,
    )
    assert "Generated in" in out.getvalue()
    assert Customer.for_dealer(dealer).count() == 300
    assert Vehicle.for_dealer(dealer).count() == 450
    assert SearchDocument.objects.filter(dealer=dealer).count() == 300
    assert {m: _index_names(m) for m in before} == before  # deferred indexes are back

    customer = Customer.for_dealer(dealer).get(account_number="ACC-0000123")
    vehicle = Vehicle.for_dealer(dealer).filter(customer=customer).first()
    national = "0" + customer.phone_mobile[3:]
    for query in [customer.email, national, vehicle.registration.lower(), vehicle.vin[-6:]]:
        assert customer.pk in customer_search(dealer=dealer, query=query).ids, query
    found = vehicle_lookup(dealer=dealer, registration=vehicle.registration.replace(" ", ""))
    assert found.vehicle == vehicle and found.vehicle.customer == customer

    # A second run adds to the first without clashing keys, plates or accounts.
    call_command(
        "generate_data",
        "--dealer",
        "northgate",
        "--customers",
        "50",
        "--vehicles",
        "50",
        stdout=StringIO(),
    )
    assert Customer.for_dealer(dealer).count() == 350
    assert Customer.for_dealer(dealer).filter(account_number="ACC-0000350").exists()
