"""Show amounts the way the dealer's staff read them: £24,495.00 or ₹11,85,000.00."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

SYMBOLS = {"GBP": "£", "INR": "₹", "USD": "$", "CAD": "CA$", "EUR": "€"}


def _group(whole: str, currency: str) -> str:
    if currency != "INR" or len(whole) <= 3:
        return f"{int(whole):,}"
    # Indian grouping: the last three digits, then pairs (lakh, crore).
    head, tail = whole[:-3], whole[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail]) if head else ",".join([*pairs, tail])


@register.filter
def money(value: Decimal | int | float | None, currency: str = "") -> str:
    """Return `value` with its currency symbol and digit grouping, two decimals."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, fraction = f"{abs(amount):.2f}".split(".")
    symbol = SYMBOLS.get(currency, f"{currency} " if currency else "")
    return f"{sign}{symbol}{_group(whole, currency)}.{fraction}"
