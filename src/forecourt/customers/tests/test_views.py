"""Staff UI for customers: list, detail, create, edit, tenancy."""

import pytest
from django.urls import reverse

from forecourt.customers.models import Customer
from forecourt.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_list_and_detail(client, sales_user, dealer):
    customer = CustomerFactory(
        dealer=dealer, first_name="Oliver", last_name="Smith", phone_mobile="+447911123456"
    )
    client.force_login(sales_user)
    page = client.get(reverse("customers:list")).content.decode()
    assert "Oliver Smith" in page
    detail = client.get(customer.get_absolute_url()).content.decode()
    assert "07911 123456" in detail


def test_empty_list_has_a_friendly_state(client, sales_user):
    client.force_login(sales_user)
    assert "No customers yet" in client.get(reverse("customers:list")).content.decode()


def test_other_dealers_customer_pages_are_404(client, admin_user, other_dealer):
    foreign = CustomerFactory(
        dealer=other_dealer, country="IN", postal_code="411005", phone_mobile="+919876543210"
    )
    client.force_login(admin_user)
    for name in ("customers:detail", "customers:edit"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert (
        client.post(
            reverse("customers:erase", args=[foreign.pk]), {"reason": "x", "confirm": "yes"}
        ).status_code
        == 404
    )
    assert foreign.display_name not in client.get(reverse("customers:list")).content.decode()


def test_create_shows_field_errors_and_saves_nothing(client, sales_user):
    client.force_login(sales_user)
    response = client.post(
        reverse("customers:create"),
        {
            "kind": "individual",
            "category": "end_user",
            "last_name": "Smith",
            "phone_mobile": "123",
            "day_night": "any",
        },
    )
    assert response.status_code == 200
    assert "Enter a valid phone number" in response.content.decode()
    assert Customer.objects.count() == 0


def test_create_then_edit_with_stale_version(client, sales_user, dealer):
    client.force_login(sales_user)
    form = {
        "kind": "individual",
        "category": "end_user",
        "first_name": "Ava",
        "last_name": "Wilson",
        "phone_mobile": "07845 678901",
        "day_night": "any",
        "balance": "0",
        "country": "GB",
    }
    response = client.post(reverse("customers:create"), form)
    customer = Customer.objects.get()
    assert response.status_code == 302 and customer.phone_mobile == "+447845678901"
    edit_url = reverse("customers:edit", args=[customer.pk])
    ok = client.post(edit_url, {**form, "language": "cy", "version": 1})
    assert ok.status_code == 302 and ok["Location"] == customer.get_absolute_url()
    stale = client.post(edit_url, {**form, "language": "gd", "version": 1})
    assert stale.status_code == 409
    assert "was changed by" in stale.content.decode()
    customer.refresh_from_db()
    assert customer.language == "cy"


def test_viewer_cannot_open_create_page(client, viewer_user):
    client.force_login(viewer_user)
    assert client.get(reverse("customers:create")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("customers:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_edit_form_keeps_the_birth_date_for_the_date_picker(client, sales_user, dealer):
    import datetime

    customer = Customer.objects.create(
        dealer=dealer, last_name="Patel", birth_date=datetime.date(1987, 9, 14)
    )
    client.force_login(sales_user)
    page = client.get(reverse("customers:edit", args=[customer.pk])).content.decode()
    assert 'value="1987-09-14"' in page


def test_delete_asks_for_confirmation_and_a_reason(client, admin_user, sales_user, dealer):
    customer = Customer.objects.create(dealer=dealer, first_name="Noah", last_name="Clarke")
    url = reverse("customers:erase", args=[customer.pk])
    client.force_login(sales_user)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    refused = client.post(url, {"reason": "Customer asked"})
    assert refused.status_code == 400
    customer.refresh_from_db()
    assert customer.erased_at is None
    done = client.post(url, {"reason": "Customer asked", "confirm": "yes"})
    assert done.status_code == 302
    customer.refresh_from_db()
    assert customer.erased_at is not None and customer.first_name == ""


def test_delete_without_a_reason_over_the_api_records_a_default(api, dealer):
    customer = Customer.objects.create(dealer=dealer, last_name="Hughes")
    assert api.delete(f"/api/v1/customers/{customer.pk}/").status_code == 204
    from forecourt.changes.models import FieldChange

    row = FieldChange.objects.get(entity_id=customer.pk, field="erased_at")
    assert "no reason given" in row.reason
