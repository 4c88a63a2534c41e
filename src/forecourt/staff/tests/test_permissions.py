"""The whole role × action matrix, written out so a change to the table is a visible diff."""

import pytest

from forecourt.core.errors import ActionNotAllowed
from forecourt.staff.permissions import Action, Role, can, require
from forecourt.staff.tests.factories import StaffFactory

A = Action
ALLOWED = {
    Role.ADMIN: set(Action),
    Role.SALES: {
        A.CUSTOMER_VIEW,
        A.VEHICLE_VIEW,
        A.BOOKING_VIEW,
        A.HISTORY_VIEW,
        A.CUSTOMER_CREATE,
        A.CUSTOMER_EDIT,
        A.CUSTOMER_VERIFY_INFO,
        A.CHANGE_REQUEST,
        A.VEHICLE_CREATE,
        A.VEHICLE_EDIT,
        A.BOOKING_MANAGE,
        A.BOOKING_INVOICE,
        A.EXPORT,
        A.NOTE_ADD,
    },
    Role.SERVICE: {
        A.CUSTOMER_VIEW,
        A.VEHICLE_VIEW,
        A.BOOKING_VIEW,
        A.HISTORY_VIEW,
        A.CUSTOMER_CREATE,
        A.CUSTOMER_VERIFY_INFO,
        A.CHANGE_REQUEST,
        A.VEHICLE_CREATE,
        A.VEHICLE_EDIT,
        A.SERVICE_MANAGE,
        A.NOTE_ADD,
    },
    Role.RENTAL: {
        A.CUSTOMER_VIEW,
        A.VEHICLE_VIEW,
        A.BOOKING_VIEW,
        A.HISTORY_VIEW,
        A.CUSTOMER_CREATE,
        A.RENTAL_MANAGE,
        A.NOTE_ADD,
    },
    Role.VIEWER: {A.CUSTOMER_VIEW, A.VEHICLE_VIEW, A.BOOKING_VIEW, A.HISTORY_VIEW},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_role_action_matrix(role, action):
    user = StaffFactory.build(role=role, dealer=None)
    user.dealer_id = "00000000-0000-0000-0000-000000000001"
    expected = action in ALLOWED[role]
    assert can(user, action) is expected
    if expected:
        require(user, action)
    else:
        with pytest.raises(ActionNotAllowed):
            require(user, action)


@pytest.mark.django_db
def test_staff_without_dealer_or_inactive_can_do_nothing(dealer):
    orphan = StaffFactory(role=Role.ADMIN, dealer=None, username="orphan")
    disabled = StaffFactory(role=Role.ADMIN, dealer=dealer, username="gone", is_active=False)
    assert not any(can(orphan, a) for a in Action)
    assert not any(can(disabled, a) for a in Action)
