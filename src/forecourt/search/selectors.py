"""The one search service: candidates from the vendor's text index, ranked in Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from rapidfuzz import fuzz

from forecourt.search.documents import (
    FIELD_SEPARATOR,
    SOUND_MARK,
    fold,
    query_terms,
    sound_keys,
)

# Candidates read per query: bounds the work and the count the list shows ("More than 100"):
# four pages of ranked hits; past that, staff narrow the search. Every candidate is a row
# read, and on PostgreSQL a common surname's scan costs in proportion (200: p95 ~12 ms).
CANDIDATE_LIMIT = 100
# Sounds-alike names (`Smyth` → `Smith`) are looked for only when exact hits are this few:
# they rank below every exact hit, so with a full first page they would never be seen.
SOUNDS_ALIKE_BELOW = 50
SOUNDS_ALIKE_LIMIT = 100
MIN_INDEXED = 3  # trigram indexes serve substrings of three characters or more
# Long terms are looked up in the index by their most telling part and checked in full on
# the candidates: phones all start `447`, VINs share a maker prefix (`WF0XXGCD`) and emails a
# domain, and trigrams that every document has make the index read every document.
PROBE_LENGTH = 8
# PostgreSQL: documents scanned for a word before the trigram index is asked instead. A term
# in more than CANDIDATE_LIMIT / SCAN_WINDOW (0.5%) of documents is cheaper to scan for.
SCAN_WINDOW = 20_000
SAMPLE_WINDOW = 2_000
COMMON_IN_SAMPLE = 10  # 0.5% of the sample: common enough that scanning beats the index

EXACT_WORD, EXACT_SUBSTRING, SOUNDS_ALIKE = 3, 2, 1


@dataclass
class SearchResult:
    """Ranked customer ids (best first), the bounded hit count and the terms to highlight."""

    ids: list[uuid.UUID] = field(default_factory=list)
    count: int = 0
    capped: bool = False
    terms: list[str] = field(default_factory=list)


def probe(term: str) -> str:
    """Return the part of `term` the index is asked for (the whole term when short).

    Codes with digits are told apart by their end (the subscriber number, the VIN serial),
    emails by the end of their local part (`…whitworth`, `…lewis1984`); words are kept whole.
    """
    if len(term) <= PROBE_LENGTH:
        return term
    if "@" in term:
        local = term.split("@", 1)[0]
        return local[-PROBE_LENGTH:] if len(local) >= MIN_INDEXED else term[:PROBE_LENGTH]
    if any(ch.isdigit() for ch in term):
        return term[-PROBE_LENGTH:]
    return term


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_candidates(dealer_id: Any, terms: list[str], limit: int) -> list[tuple[str, str]]:
    probes = [probe(t) for t in terms]
    indexed = [p for p in probes if len(p) >= MIN_INDEXED]
    checked = [t for t, p in zip(terms, probes, strict=True) if p != t or len(p) < MIN_INDEXED]
    checks = "".join(" AND instr(d.document, %s) > 0" for _ in checked)
    if indexed:
        # CROSS JOIN fixes the join order and `+` keeps the dealer index out: otherwise the
        # planner may walk the dealer's million documents probing FTS for each (seconds).
        sql = (
            "SELECT d.customer_id, d.document FROM search_fts f "
            "CROSS JOIN search_searchdocument d ON d.id = f.rowid "
            f"WHERE search_fts MATCH %s AND +d.dealer_id = %s{checks} LIMIT %s"
        )
        params = [" AND ".join(_fts_phrase(p) for p in dict.fromkeys(indexed)), dealer_id]
    else:
        sql = (
            "SELECT d.customer_id, d.document FROM search_searchdocument d "
            f"WHERE d.dealer_id = %s{checks} LIMIT %s"
        )
        params = [dealer_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *checked, limit])
        return cursor.fetchall()


def _postgres_filters(terms: list[str]) -> tuple[list[str], str, list[Any]]:
    """Return (probes, SQL conditions, their parameters) for the terms of a query."""
    probes = [probe(t) for t in terms]
    checked = [t for t, p in zip(terms, probes, strict=True) if p != t]
    conditions = " AND ".join(
        ["document LIKE %s"] * len(probes) + ["strpos(document, %s) > 0"] * len(checked)
    )
    params = [f"%{_like_escape(p)}%" for p in probes]
    return probes, conditions, [*params, *checked]


def postgres_candidate_query(
    dealer_id: Any, terms: list[str], limit: int = CANDIDATE_LIMIT
) -> tuple[str, list[Any]]:
    """Return the index query: every document with the terms, found through the trigram index.

    A MATERIALIZED CTE without LIMIT makes the planner use the GIN trigram index (a bitmap
    scan, as for count(*)): with the LIMIT inline, PostgreSQL 15 bets on finding enough rows
    early in a sequential scan, and for a rare term reads the whole table. Its cost grows
    with the number of hits, so it serves rare terms (see `postgres_scan_query`).
    """
    _, conditions, params = _postgres_filters(terms)
    sql = (
        "WITH hits AS MATERIALIZED (SELECT customer_id, document, dealer_id "
        f"FROM search_searchdocument WHERE {conditions}) "
        "SELECT customer_id, document FROM hits WHERE dealer_id = %s LIMIT %s"
    )
    return sql, [*params, dealer_id, limit]


def postgres_scan_query(
    dealer_id: Any, terms: list[str], limit: int, window: int | None
) -> tuple[str, list[Any]]:
    """Return the scan query: the first `limit` hits among the dealer's first `window` documents.

    It stops as soon as it has `limit` hits, so a common term (a surname, three letters
    typed) costs a few thousand rows, where the index would read every one of its hits.
    """
    _, conditions, params = _postgres_filters(terms)
    if window is None:
        sql = (
            "SELECT customer_id, document FROM search_searchdocument "
            f"WHERE dealer_id = %s AND {conditions} LIMIT %s"
        )
        return sql, [dealer_id, *params, limit]
    sql = (
        "SELECT customer_id, document FROM (SELECT customer_id, document "
        "FROM search_searchdocument WHERE dealer_id = %s LIMIT %s) w "
        f"WHERE {conditions} LIMIT %s"
    )
    return sql, [dealer_id, window, *params, limit]


def _fetch(sql: str, params: list[Any]) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _postgres_candidates(dealer_id: Any, terms: list[str], limit: int) -> list[tuple[str, str]]:
    """Pick the plan by what the terms are likely to be, without trusting the planner.

    Codes (digits, emails) and several words together are rare: the index answers them in
    a millisecond or two. A single word may be common (a surname, letters being typed): a
    look at the first SAMPLE_WINDOW documents tells; a common word is scanned for (up to
    SCAN_WINDOW documents), a rare one, or one too thin in the scan, goes to the index.
    Terms shorter than a trigram cannot use the index: an unbounded scan that stops at
    `limit`.
    """
    probes = [probe(t) for t in terms]
    if not any(len(p) >= MIN_INDEXED for p in probes):
        return _fetch(*postgres_scan_query(dealer_id, terms, limit, window=None))
    if len(terms) == 1 and not _looks_like_code(probes[0]):
        sample = _fetch(*postgres_scan_query(dealer_id, terms, limit, window=SAMPLE_WINDOW))
        if len(sample) >= limit:
            return sample
        if len(sample) >= COMMON_IN_SAMPLE:
            found = _fetch(*postgres_scan_query(dealer_id, terms, limit, window=SCAN_WINDOW))
            if len(found) >= limit:
                return found
    return _fetch(*postgres_candidate_query(dealer_id, terms, limit))


def _looks_like_code(term: str) -> bool:
    """Phones, postcodes, plates, VINs, accounts and emails: rare, unlike sound keys (`#s530`)."""
    return not term.startswith(SOUND_MARK) and any(ch.isdigit() or ch == "@" for ch in term)


def search_candidates_sql(
    dealer_id: Any, terms: list[str], limit: int = CANDIDATE_LIMIT
) -> list[tuple[str, str]]:
    """Return up to `limit` (customer_id, document) rows containing every term."""
    if connection.vendor == "postgresql":
        return _postgres_candidates(dealer_id, terms, limit)
    return _sqlite_candidates(dealer_id, terms, limit)


def _tier(document: str, terms: list[str]) -> int:
    words = set(document.split())
    return EXACT_WORD if all(t in words for t in terms) else EXACT_SUBSTRING


def _uuid(value: Any) -> uuid.UUID:
    # PostgreSQL hands back UUIDs; SQLite their hex.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def _name(document: str) -> str:
    return document.split(FIELD_SEPARATOR, 1)[0]


def customer_search(*, dealer: Any, query: str) -> SearchResult:
    """Search the dealer's live customers by name, company, phone, email, postcode, account,
    registration or VIN: substring hits first, then sounds-alike names (`Smyth` → `Smith`).
    """
    terms = query_terms(query)
    if not terms:
        return SearchResult()
    dealer_id = dealer.pk.hex if connection.vendor == "sqlite" else dealer.pk
    exact = search_candidates_sql(dealer_id, terms)
    capped = len(exact) >= CANDIDATE_LIMIT
    folded = fold(query)
    scored: dict[str, tuple[int, float]] = {
        customer_id: (_tier(document, terms), fuzz.WRatio(folded, _name(document)))
        for customer_id, document in exact
    }
    keys = list(dict.fromkeys(sound_keys(query)))
    if keys and len(exact) < SOUNDS_ALIKE_BELOW and not any(ch.isdigit() for ch in folded):
        for customer_id, document in search_candidates_sql(dealer_id, keys, SOUNDS_ALIKE_LIMIT):
            if customer_id not in scored:
                scored[customer_id] = (SOUNDS_ALIKE, fuzz.WRatio(folded, _name(document)))
    ranked = sorted(scored.items(), key=lambda item: (-item[1][0], -item[1][1]))
    return SearchResult(
        ids=[_uuid(customer_id) for customer_id, _ in ranked],
        count=len(ranked),
        capped=capped,
        terms=terms,
    )
