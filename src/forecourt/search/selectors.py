"""The one search service: candidates from the vendor's text index, ranked in Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from rapidfuzz import fuzz

from forecourt.search.documents import FIELD_SEPARATOR, fold, query_terms, sound_keys

# Candidates read per query and kind (exact, sounds-alike): bounds the work and the count.
CANDIDATE_LIMIT = 500
MIN_INDEXED = 3  # trigram indexes serve substrings of three characters or more

EXACT_WORD, EXACT_SUBSTRING, SOUNDS_ALIKE = 3, 2, 1


@dataclass
class SearchResult:
    """Ranked customer ids (best first), the bounded hit count and the terms to highlight."""

    ids: list[uuid.UUID] = field(default_factory=list)
    count: int = 0
    capped: bool = False
    terms: list[str] = field(default_factory=list)


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_candidates(dealer_id: Any, terms: list[str]) -> list[tuple[str, str]]:
    indexed = [t for t in terms if len(t) >= MIN_INDEXED]
    short = [t for t in terms if len(t) < MIN_INDEXED]
    short_sql = "".join(" AND instr(d.document, %s) > 0" for _ in short)
    if indexed:
        sql = (
            "SELECT d.customer_id, d.document FROM search_fts f "
            "JOIN search_searchdocument d ON d.id = f.rowid "
            f"WHERE search_fts MATCH %s AND d.dealer_id = %s{short_sql} LIMIT %s"
        )
        params = [" AND ".join(_fts_phrase(t) for t in indexed), dealer_id, *short]
    else:
        sql = (
            "SELECT d.customer_id, d.document FROM search_searchdocument d "
            f"WHERE d.dealer_id = %s{short_sql} LIMIT %s"
        )
        params = [dealer_id, *short]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, CANDIDATE_LIMIT])
        return cursor.fetchall()


def postgres_candidate_query(dealer_id: Any, terms: list[str]) -> tuple[str, list[Any]]:
    """Return the SQL and parameters of the PostgreSQL candidate query.

    A MATERIALIZED CTE without LIMIT makes the planner use the GIN trigram index (a bitmap
    scan, as for count(*)); with LIMIT inline it picks a sequential scan at 1M rows.
    """
    likes = " AND ".join("document LIKE %s" for _ in terms)
    sql = (
        "WITH hits AS MATERIALIZED (SELECT customer_id, document, dealer_id "
        f"FROM search_searchdocument WHERE {likes}) "
        "SELECT customer_id, document FROM hits WHERE dealer_id = %s LIMIT %s"
    )
    params = [f"%{_like_escape(t)}%" for t in terms]
    return sql, [*params, dealer_id, CANDIDATE_LIMIT]


def _postgres_candidates(dealer_id: Any, terms: list[str]) -> list[tuple[str, str]]:
    sql, params = postgres_candidate_query(dealer_id, terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def search_candidates_sql(dealer_id: Any, terms: list[str]) -> list[tuple[str, str]]:
    """Return up to CANDIDATE_LIMIT (customer_id, document) rows containing every term."""
    if connection.vendor == "postgresql":
        return _postgres_candidates(dealer_id, terms)
    return _sqlite_candidates(dealer_id, terms)


def _tier(document: str, terms: list[str], exact: bool) -> int:
    if not exact:
        return SOUNDS_ALIKE
    words = set(document.replace(FIELD_SEPARATOR, " ").split(" "))
    return EXACT_WORD if all(t in words for t in terms) else EXACT_SUBSTRING


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
    scored: dict[str, tuple[int, float]] = {}
    folded = fold(query)
    for customer_id, document in exact:
        name = document.split(FIELD_SEPARATOR, 1)[0]
        scored[customer_id] = (_tier(document, terms, True), fuzz.WRatio(folded, name))
    keys = list(dict.fromkeys(sound_keys(query))) if not capped else []
    if keys and not any(ch.isdigit() for ch in folded):
        for customer_id, document in search_candidates_sql(dealer_id, keys):
            if customer_id not in scored:
                name = document.split(FIELD_SEPARATOR, 1)[0]
                scored[customer_id] = (SOUNDS_ALIKE, fuzz.WRatio(folded, name))
    ranked = sorted(scored.items(), key=lambda item: (-item[1][0], -item[1][1]))
    return SearchResult(
        ids=[uuid.UUID(str(customer_id)) for customer_id, _ in ranked],
        count=len(ranked),
        capped=capped,
        terms=terms,
    )
