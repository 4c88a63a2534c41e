"""Audit events (SPEC A3): who, when, what, from where — and never personal data."""

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory

from forecourt.audit.models import AuditEvent
from forecourt.audit.services import audit_record
from forecourt.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_an_event_records_who_when_what_and_where_by_id(admin_user, dealer):
    customer = CustomerFactory(dealer=dealer, first_name="Oliver", last_name="Smith")
    with time_machine.travel("2026-03-02 09:15:00+00:00", tick=False):
        event = audit_record(
            action="customer.export", actor=admin_user, target=customer, ip="192.0.2.10"
        )
    event.refresh_from_db()
    assert event.dealer == dealer  # taken from the actor
    assert event.actor == admin_user
    assert (event.target_type, event.target_id) == ("customers.customer", str(customer.pk))
    assert event.ip == "192.0.2.10"
    assert event.at.isoformat() == "2026-03-02T09:15:00+00:00"
    stored = f"{event.details} {event.target_id} {event}"
    assert "Oliver" not in stored and "Smith" not in stored and customer.email not in stored


def test_anonymous_events_have_no_actor():
    event = audit_record(action="login.failed", ip="192.0.2.11")
    assert event.actor is None and event.dealer is None


def test_audit_events_cannot_be_changed_or_deleted_in_the_admin(admin_user):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
