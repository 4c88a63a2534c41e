"""Template filters for showing contact points the way staff read them."""

from django import template

from forecourt.customers.contact import phone_display

register = template.Library()


@register.filter
def national_phone(e164: str, region: str) -> str:
    """Show an E.164 phone in the national format of `region` (international if foreign)."""
    return phone_display(e164, region=region)
