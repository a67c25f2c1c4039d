"""Full-text search over clauses (the search page and the API's ``?q=``), on both databases.

PostgreSQL: full-text search with the English configuration over each clause's search document
(its text, section labels and typed values: ``policies.values.clause_search_document``),
ranked by ts_rank; SQLite: the FTS5 table ``policies_clause_fts`` with the porter stemmer,
ranked by bm25. Reads only.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

from policies.models import Clause, ClauseValue, Company
from policies.selectors import latest_version_subquery
from policies.values import SECTION_LABELS

_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(q: str) -> str:
    """The words of ``q`` as an FTS5 query: each a quoted term, all required; a quoted
    phrase in ``q`` stays a phrase; ``OR`` between words keeps its meaning."""
    out: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
        if phrase:
            words = _FTS_WORD.findall(phrase)
            if words:
                out.append('"' + " ".join(words) + '"')
        elif word == "OR" and out and out[-1] != "OR":
            out.append("OR")
        else:
            out.extend(f'"{w}"' for w in _FTS_WORD.findall(word))
    while out and out[-1] == "OR":
        out.pop()
    return " ".join(out)


def clause_search(
    *, q: str, latest_only: bool = True, section: str = "", company: str = ""
) -> QuerySet[Clause]:
    """Clauses matching ``q``, best first, over their search document (text, section labels,
    typed values: policies.values.clause_search_document). PostgreSQL: full-text search with
    the English configuration (stemmed, ranked by ts_rank); SQLite: FTS5 with the porter
    stemmer (ranked by bm25). ``latest_only`` keeps each company's latest version only;
    ``section`` and ``company`` (a slug) narrow it (the facets)."""
    qs = Clause.objects.select_related("version__policy__company", "section")
    if latest_only:
        qs = qs.filter(
            version_id__in=Company.objects.annotate(v=latest_version_subquery()).values("v")
        )
    if section:
        qs = qs.filter(values__field=ClauseValue.Field.SECTION, values__value=section)
    if company:
        qs = qs.filter(version__policy__company__slug=company)
    q = q.strip()
    if not q:
        return qs.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(q, search_type="websearch", config="english")
        vector = SearchVector("search_document", config="english")
        return (
            qs.annotate(rank=SearchRank(vector, query))
            .annotate(document=vector)
            .filter(document=query)
            .order_by("-rank", "version__policy__company__name", "order")
        )
    match = fts5_query(q)
    if not match:
        return qs.none()
    # bm25: lower is better. The MATCH subquery gives the ids; the rank is read per row.
    ids = fts_matching_ids(match)
    rank = RawSQL(
        "SELECT bm25(policies_clause_fts) FROM policies_clause_fts "
        "WHERE policies_clause_fts MATCH %s AND rowid = policies_clause.id", [match]
    )
    return qs.filter(pk__in=ids).annotate(rank=rank).order_by(
        "rank", "version__policy__company__name", "order"
    )


def clause_text_match(qs: QuerySet[Clause], q: str) -> QuerySet[Clause]:
    """``qs`` narrowed to clauses whose search document matches ``q`` (the API's ``?q=``):
    the same engines as ``clause_search``, without its ranking."""
    q = (q or "").strip()
    if not q:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return qs.alias(_search=SearchVector("search_document", config="english")).filter(
            _search=SearchQuery(q, config="english", search_type="websearch")
        )
    match = fts5_query(q)
    if not match:
        return qs.none()
    return qs.filter(pk__in=fts_matching_ids(match))


def fts_matching_ids(match: str) -> RawSQL:
    """SQLite: the ids of the clauses whose search document matches an FTS5 query."""
    return RawSQL(
        "SELECT rowid FROM policies_clause_fts WHERE policies_clause_fts MATCH %s", [match]
    )


def search_facets(*, results: QuerySet[Clause]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts of the matching clauses by section and by company: ``{"section": [(key,
    label, n)], "company": [(slug, name, n)]}``, largest first."""
    ids = results.order_by().values("pk")
    sections = (
        ClauseValue.objects.filter(field=ClauseValue.Field.SECTION, clause_id__in=ids)
        .values("value").annotate(n=Count("clause_id", distinct=True)).order_by("-n", "value")
    )
    companies = (
        Clause.objects.filter(pk__in=ids)
        .values("version__policy__company__slug", "version__policy__company__name")
        .annotate(n=Count("pk")).order_by("-n", "version__policy__company__name")
    )
    return {
        "section": [(r["value"], SECTION_LABELS.get(r["value"], r["value"]), r["n"])
                    for r in sections],
        "company": [(r["version__policy__company__slug"], r["version__policy__company__name"],
                     r["n"]) for r in companies],
    }
