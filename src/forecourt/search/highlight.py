"""Wrap the parts of a shown value that matched the search terms in <mark>."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forecourt.search.documents import fold

_GAP = r"[\s\-()+.]?"


def _pattern(term: str) -> str:
    # Compact terms (digits, postcodes, registrations) may be shown with spaces or dashes.
    return (
        _GAP.join(re.escape(ch) for ch in term)
        if any(c.isdigit() for c in term)
        else re.escape(term)
    )


def highlight(value: object, terms: list[str]) -> SafeString:
    """Return `value` HTML-escaped with each case- and accent-insensitive match in <mark>."""
    text = "" if value is None else str(value)
    usable = [t for t in terms if t]
    if not text or not usable:
        return escape(text)
    # Match against the folded text; fold() keeps one character per character for plain text.
    folded = fold(text) if len(fold(text)) == len(text) else text.lower()
    regex = re.compile("|".join(_pattern(t) for t in sorted(usable, key=len, reverse=True)))
    out: list[str] = []
    last = 0
    for match in regex.finditer(folded):
        if match.end() == match.start():
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
