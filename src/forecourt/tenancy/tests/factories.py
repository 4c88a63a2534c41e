import factory

from forecourt.tenancy.models import DEFAULT_CURRENCY, DEFAULT_TIMEZONE, Dealer, Site


class DealerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dealer
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"dealer-{n}")
    name = factory.Sequence(lambda n: f"Dealer {n} Motors")
    country = "GB"
    currency = factory.LazyAttribute(lambda o: DEFAULT_CURRENCY[o.country])
    timezone = factory.LazyAttribute(lambda o: DEFAULT_TIMEZONE[o.country])


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    dealer = factory.SubFactory(DealerFactory)
    code = factory.Sequence(lambda n: f"site-{n}")
    name = factory.Sequence(lambda n: f"Branch {n}")
