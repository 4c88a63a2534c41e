"""The main navigation shows only the pages the user's role can open."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav_labels(client) -> list[str]:
    response = client.get(reverse("customers:list"))
    return [item["label"] for item in response.context["nav_items"]]


def test_admin_sees_the_admin_pages(client, admin_user):
    client.force_login(admin_user)
    assert "Admin" in _nav_labels(client)


@pytest.mark.parametrize("role_fixture", ["sales_user", "service_user", "viewer_user"])
def test_other_roles_are_not_offered_admin(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    labels = _nav_labels(client)
    assert "Admin" not in labels
    assert {"Lookup", "Customers", "Vehicles", "Exports"} <= set(labels)
