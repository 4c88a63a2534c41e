import factory

from forecourt.customers.models import Customer
from forecourt.tenancy.tests.factories import DealerFactory

# Valid UK mobiles (the 07700 900xxx drama range is not valid in phonenumbers).
GB_MOBILES = ["+447911123456", "+447812345678", "+447723456789", "+447534567890", "+447845678901"]
GB_POSTCODES = ["M3 2BW", "M14 5TQ", "SK4 2HD", "WA1 2QW", "BL1 2AL"]


class CustomerFactory(factory.django.DjangoModelFactory):
    """A GB individual; build through the service in tests that care about history."""

    class Meta:
        model = Customer

    dealer = factory.SubFactory(DealerFactory)
    title = "Mr"
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    phone_mobile = factory.Iterator(GB_MOBILES)
    email = factory.LazyAttribute(lambda o: f"{o.first_name}.{o.last_name}@example.co.uk".lower())
    address_line1 = factory.Faker("street_address", locale="en_GB")
    city = "Manchester"
    postal_code = factory.Iterator(GB_POSTCODES)
    country = "GB"


# Verhoeff-valid Aadhaar numbers and PANs whose fourth letter is a real holder type
# (P individual, C company).
AADHAARS = ["499112345677", "523412341236", "867312765433", "398745612300"]
PANS = ["ABCPE1234F", "BNZPM2501F", "AFZPK7190K", "AAKCS9876Q"]
IN_MOBILES = ["+919876543210", "+919823456789", "+917021234567", "+918888812345"]
IN_POSTCODES = ["411005", "400001", "560001", "110001"]


class IndianCustomerFactory(CustomerFactory):
    """An individual of an Indian dealer (build IDs in through the service)."""

    title = "Mr"
    first_name = factory.Faker("first_name", locale="en_IN")
    last_name = factory.Faker("last_name", locale="en_IN")
    phone_mobile = factory.Iterator(IN_MOBILES)
    city = "Pune"
    postal_code = factory.Iterator(IN_POSTCODES)
    country = "IN"
