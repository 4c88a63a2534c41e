import factory

from forecourt.staff.models import User
from forecourt.tenancy.tests.factories import DealerFactory

STAFF_PASSWORD = "Correct-Horse-Battery-9"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    dealer = factory.SubFactory(DealerFactory)
    role = "admin"
    password = factory.PostGenerationMethodCall("set_password", STAFF_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
