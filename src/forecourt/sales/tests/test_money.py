from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecourt.sales.templatetags.money import money


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (Decimal("1185000"), "INR", "₹11,85,000.00"),
        (Decimal("182000.5"), "INR", "₹1,82,000.50"),
        (Decimal("123456789"), "INR", "₹12,34,56,789.00"),
        (Decimal("999"), "INR", "₹999.00"),
        (Decimal("24495"), "GBP", "£24,495.00"),
        (Decimal("-12.3"), "USD", "-$12.30"),
        (None, "GBP", "—"),
    ],
)
def test_money(value, currency, shown):
    assert money(value, currency) == shown


@given(st.decimals(min_value=0, max_value=10**12, places=2))
def test_grouping_never_changes_the_digits(value):
    for currency in ("INR", "GBP"):
        shown = money(value, currency)
        assert Decimal(shown[1:].replace(",", "")) == value
