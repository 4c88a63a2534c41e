"""The UI shell every page shares: navigation, who is signed in, messages, error pages, static
files through whitenoise, and the offline API docs."""

import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_show_navigation_user_dealer_and_role(client, admin_user):
    admin_user.first_name, admin_user.last_name = "Priya", "Shah"
    admin_user.save()
    client.force_login(admin_user)
    html = client.get(reverse("customers:list")).content.decode()
    for label in ("Lookup", "Customers", "Vehicles", "Exports", "Admin"):
        assert f">{label}</a>" in html
    assert 'aria-current="page" class="active">Customers<' in html
    assert "Priya Shah" in html
    assert "Northgate Motors" in html
    assert "Administrator" in html
    assert 'action="/accounts/logout/"' in html
    assert "django_htmx/htmx-2.min.js" in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert 'href="#main"' in html  # skip link for keyboard users


def test_messages_are_shown(client, sales_user):
    client.force_login(sales_user)
    page = client.post(reverse("logout"), follow=True)
    assert "You have been signed out." in page.content.decode()


def test_anonymous_visitors_see_no_navigation(client):
    html = client.get(reverse("login")).content.decode()
    assert 'class="mainnav"' not in html
    assert "Sign in" in html


def test_unknown_page_is_a_product_404_inside_the_shell(client, sales_user):
    client.force_login(sales_user)
    response = client.get(f"/customers/{uuid.uuid4()}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="mainnav"' in html
    assert "Traceback" not in html


def test_role_refusal_is_a_403_page_inside_the_shell(client, viewer_user):
    client.force_login(viewer_user)
    response = client.get(reverse("staff:admin"))
    assert response.status_code == 403
    assert "Your role does not allow this action." in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["forecourt/app.css", "forecourt/app.js", "forecourt/favicon.svg", "django_htmx/htmx-2.min.js"],
)
def test_static_files_are_served_by_whitenoise(settings, path):
    settings.WHITENOISE_USE_FINDERS = True  # no collectstatic in the test run
    response = Client().get(f"/static/{path}")  # a fresh client loads the middleware anew
    assert response.status_code == 200
    assert type(response).__name__ == "WhiteNoiseFileResponse"


def test_api_docs_load_swagger_from_our_static_files_not_a_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by us"
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is missing"
    assert not re.search(r"https?://(?!127\.0\.0\.1|localhost|testserver)", html)


@pytest.mark.parametrize("code", [400, 403, 404, 500])
def test_error_pages_render_without_a_request(code):
    # Django renders 500.html with no context at all when something has gone badly wrong.
    from django.template.loader import render_to_string

    html = render_to_string(f"{code}.html")
    assert f'aria-hidden="true">{code}<' in html
    assert "Go to the start page" in html
    assert 'class="mainnav"' not in html
