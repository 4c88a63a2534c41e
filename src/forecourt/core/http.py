"""The request type of staff pages, for annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from forecourt.staff.models import User
    from forecourt.tenancy.models import Dealer


class StaffRequest(HttpRequest):
    """A request as views behind `staff_view` see it: signed-in staff of a dealer.

    Only for annotations (django-stubs' pattern for authenticated requests); no request is
    ever of this class. `staff_view` turns away anonymous users and users without a dealer,
    and CurrentDealerMiddleware sets `dealer` to the user's dealer.
    """

    user: User
    dealer: Dealer
