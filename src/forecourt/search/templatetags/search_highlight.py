from django import template

from forecourt.search.highlight import highlight

register = template.Library()


@register.filter(name="highlight")
def highlight_filter(value: object, terms: list[str] | None) -> str:
    """`{{ customer.email|highlight:terms }}`: mark the search terms in a shown value."""
    return highlight(value, terms or [])
