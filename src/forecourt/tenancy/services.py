"""Writes for dealers and sites."""

from decimal import Decimal

from django.db import transaction

from forecourt.tenancy.models import DEFAULT_CURRENCY, DEFAULT_TIMEZONE, Dealer, Site


@transaction.atomic
def dealer_create(
    *,
    slug: str,
    name: str,
    country: str,
    currency: str = "",
    timezone: str = "",
    pan_required_above: Decimal | None = None,
) -> Dealer:
    """Create a dealer with its main site; currency and time zone default from the country."""
    country = country.upper()
    dealer = Dealer(
        slug=slug,
        name=name,
        country=country,
        currency=(currency or DEFAULT_CURRENCY.get(country, "")).upper(),
        timezone=timezone or DEFAULT_TIMEZONE.get(country, "UTC"),
        pan_required_above=pan_required_above,
    )
    dealer.full_clean()
    dealer.save()
    site = Site(dealer=dealer, code="main", name=name)
    site.full_clean()
    site.save()
    return dealer
