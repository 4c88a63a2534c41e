import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forecourt.staff.models import User
from forecourt.tenancy.models import Dealer

pytestmark = pytest.mark.django_db


def test_createdealer_and_createstaff():
    call_command("createdealer", "--slug", "acme", "--name", "Acme Cars", "--country", "CA")
    dealer = Dealer.objects.get(slug="acme")
    assert (dealer.currency, dealer.timezone) == ("CAD", "America/Toronto")
    assert dealer.sites.count() == 1
    call_command(
        "createstaff",
        "--dealer",
        "acme",
        "--username",
        "pat",
        "--password",
        "Long-Enough-Pass-77",
        "--role",
        "sales",
    )
    assert User.objects.get(username="pat").role == "sales"


def test_createstaff_rejects_unknown_dealer_and_duplicates(dealer):
    with pytest.raises(CommandError, match="No dealer"):
        call_command(
            "createstaff",
            "--dealer",
            "nope",
            "--username",
            "x",
            "--password",
            "Long-Enough-Pass-77",
            "--role",
            "sales",
        )
    call_command(
        "createstaff",
        "--dealer",
        dealer.slug,
        "--username",
        "x",
        "--password",
        "Long-Enough-Pass-77",
        "--role",
        "sales",
    )
    with pytest.raises(CommandError, match="already taken"):
        call_command(
            "createstaff",
            "--dealer",
            dealer.slug,
            "--username",
            "X",
            "--password",
            "Long-Enough-Pass-77",
            "--role",
            "sales",
        )


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (Dealer.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Dealer.objects.count(), User.objects.count()) == counts
    assert set(Dealer.objects.values_list("country", flat=True)) == {"GB", "IN"}
    for dealer in Dealer.objects.all():
        assert set(dealer.staff.values_list("role", flat=True)) == {
            "admin",
            "sales",
            "service",
            "rental",
            "viewer",
        }


def test_cli_accepts_country_and_role_in_any_case():
    call_command("createdealer", "--slug", "lakeside", "--name", "Lakeside Cars", "--country", "us")
    assert Dealer.objects.get(slug="lakeside").currency == "USD"
    call_command(
        "createstaff",
        "--dealer",
        "lakeside",
        "--username",
        "jo",
        "--password",
        "Long-Enough-Pass-77",
        "--role",
        "Viewer",
    )
    assert User.objects.get(username="jo").role == "viewer"


def test_createstaff_refuses_a_weak_password_and_creates_nothing(dealer):
    with pytest.raises(CommandError, match="password"):
        call_command(
            "createstaff",
            "--dealer",
            dealer.slug,
            "--username",
            "weak",
            "--password",
            "password",
            "--role",
            "sales",
        )
    assert not User.objects.filter(username="weak").exists()
