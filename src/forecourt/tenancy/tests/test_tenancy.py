"""Dealers and sites (SPEC A1): creation rules and the tenant-scoped read helper."""

import pytest
from django.core.exceptions import ValidationError

from forecourt.core.errors import CrossDealerReference
from forecourt.customers.models import Customer
from forecourt.customers.tests.factories import CustomerFactory
from forecourt.tenancy.models import Site
from forecourt.tenancy.services import dealer_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "currency", "timezone"),
    [
        ("GB", "GBP", "Europe/London"),
        ("IN", "INR", "Asia/Kolkata"),
        ("US", "USD", "America/New_York"),
        ("CA", "CAD", "America/Toronto"),
    ],
)
def test_dealer_defaults_follow_the_country(country, currency, timezone):
    dealer = dealer_create(slug=f"d-{country.lower()}", name="Dealer", country=country.lower())
    assert (dealer.country, dealer.currency, dealer.timezone) == (country, currency, timezone)
    assert list(Site.objects.filter(dealer=dealer).values_list("code", flat=True)) == ["main"]


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"country": "FR"}, "country"),
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"slug": "not a slug"}, "slug"),
    ],
)
def test_invalid_dealer_is_refused_and_nothing_is_created(fields, bad_field):
    with pytest.raises(ValidationError) as caught:
        dealer_create(**{"slug": "acme", "name": "Acme", "country": "GB", **fields})
    assert bad_field in caught.value.message_dict
    assert not Site.objects.exists()


def test_duplicate_slug_is_refused(dealer):
    with pytest.raises(ValidationError) as caught:
        dealer_create(slug=dealer.slug, name="Copy", country="GB")
    assert "slug" in caught.value.message_dict


def test_for_dealer_returns_only_that_dealers_rows(dealer, other_dealer):
    mine = CustomerFactory(dealer=dealer)
    CustomerFactory(dealer=other_dealer)
    assert list(Customer.for_dealer(dealer)) == [mine]
    assert not Customer.for_dealer(dealer).filter(dealer=other_dealer).exists()


def test_for_dealer_refuses_to_run_without_a_dealer():
    with pytest.raises(ValueError, match="dealer is required"):
        Customer.for_dealer(None)


def test_rows_of_different_dealers_cannot_be_linked(dealer, other_dealer):
    mine = CustomerFactory(dealer=dealer)
    theirs = CustomerFactory(dealer=other_dealer)
    mine.assert_same_dealer(CustomerFactory(dealer=dealer), None)
    with pytest.raises(CrossDealerReference):
        mine.assert_same_dealer(theirs)
