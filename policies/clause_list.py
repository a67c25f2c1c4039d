"""Reads of the clause lists: the plan of a list (how to count it and read its pages) and the
clauses as rows (no model instances), completed per page.

The fast path of a filtered clause list is explicit: ``clause_list_plan`` returns a
``ClauseListPlan`` with the rows' query, and, when only value filters narrowed the list, a
cheaper count from the ``ClauseValue`` index and (one value, list order) the ordered ids of
any page from that index alone (for the API's rows, ``one_value_page``: the page's ids, clauses
and companies in one query); ``config.api.pagination.PlanPaginator`` pages a plan. The
index's copies of each clause's list position (``ClauseValue.sort_version``/``sort_order``) are
written by the results service (``extraction.services.results``) with the clauses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.functions import Cast

from policies.models import Clause, ClauseValue, Company, Policy, PolicyVersion
from policies.selectors import version_companies

# The clause lists' default order (the view's queryset; ``ordering`` replaces it).
LIST_ORDER = ("version_id", "order")


def value_count_query(matched: list[tuple[str, list[str]]]) -> QuerySet:
    """A query over the ``ClauseValue`` index on ``(field, value, ..., clause)`` alone, counting
    the clauses that have, for every ``(field, values)``, a row with that field and one of the
    values.

    Every ``ClauseValue`` row belongs to an existing clause (foreign key) and a clause has at
    most one row per ``(field, value)`` (unique constraint), so one field with one value counts
    its rows; several values count distinct clauses; several fields intersect those sets. The
    exact same number as ``COUNT(*)`` over the clauses with one ``EXISTS`` per filter, without
    one clause lookup per match (on 133k clauses, 6.8k of them in ``retention``: about a
    tenth of the time).
    """
    parts = [
        ClauseValue.objects.filter(field=field, value__in=values) for field, values in matched
    ]
    if len(parts) == 1 and len(matched[0][1]) == 1:
        return parts[0]
    ids = [part.values("clause_id") for part in parts]
    if len(ids) == 1:
        return ids[0].distinct()
    return ids[0].intersection(*ids[1:])


def value_ordered_ids(matched: list[tuple[str, list[str]]]) -> QuerySet | None:
    """The ids of the clauses with this one ``(field, [value])`` in ``LIST_ORDER``, from the
    ``(field, value, sort_version, sort_order, clause)`` index alone: a page at any depth costs
    its own rows, where walking the clauses in order and probing each for the value costs
    every clause before the page. None for several values or several filters."""
    if len(matched) != 1 or len(matched[0][1]) != 1:
        return None
    ((field, (value,)),) = matched
    return (
        ClauseValue.objects.filter(field=field, value=value)
        .order_by("sort_version", "sort_order")
        .values_list("clause_id", flat=True)
    )


@dataclass(frozen=True)
class ClauseListPlan:
    """How to read one clause list. ``query`` gives its rows in list order; ``count_query``,
    when set, counts exactly the same clauses more cheaply; ``ordered_ids``, when set, gives
    the ids of the same clauses in the same order, so a page is read by id."""

    query: QuerySet
    count_query: QuerySet | None = None
    ordered_ids: QuerySet | None = None
    #: ``(field, value)`` when the list is exactly the clauses with that one value, in list
    #: order: a page is then one query (``one_value_page``) and the count reads the index.
    one_value: tuple[str, str] | None = None

    def count(self) -> int:
        if self.one_value is not None:
            return one_value_count(*self.one_value)
        return (self.count_query if self.count_query is not None else self.query).count()

    def page(self, start: int, stop: int) -> list[Any]:
        """The rows ``start:stop`` of the list."""
        if self.one_value is not None:
            return one_value_page(*self.one_value, start=start, stop=stop)
        if self.ordered_ids is None:
            return list(self.query[start:stop])
        ids = list(self.ordered_ids[start:stop])
        return list(self.query.filter(pk__in=ids)) if ids else []


def clause_list_plan(
    *, query: QuerySet, matched: list[tuple[str, list[str]]], exact_count_needed: bool
) -> ClauseListPlan:
    """The plan for clauses ``query`` (already filtered). ``matched`` are the value filters
    applied (``(ClauseValue.field, values)``); ``exact_count_needed`` says another condition
    narrowed the list too: then the clauses count and page themselves."""
    if not matched or exact_count_needed:
        return ClauseListPlan(query)
    in_list_order = tuple(query.query.order_by) == LIST_ORDER
    ordered_ids = value_ordered_ids(matched) if in_list_order else None
    one_value = None
    if ordered_ids is not None and _plain_clause_rows(query):
        ((field, (value,)),) = matched
        one_value = (field, value)
    return ClauseListPlan(query, value_count_query(matched), ordered_ids, one_value)


def _plain_clause_rows(query: QuerySet) -> bool:
    """The query is ``clause_rows`` of the clauses (plus the value filters): a one-value page
    can then be read with ``one_value_page``, which returns the same rows."""
    return query.model is Clause and tuple(query.query.values_select) == CLAUSE_ROW_COLUMNS and (
        set(query.query.annotation_select) == {f"{n}_json" for n in CLAUSE_JSON_COLUMNS}
    )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _one_value_sql() -> tuple[str, str]:
    """The count and page SQL of a one-value list (built once from the models' metadata)."""
    cv, cl = ClauseValue._meta.db_table, Clause._meta.db_table
    pv, po, co = PolicyVersion._meta.db_table, Policy._meta.db_table, Company._meta.db_table
    fields = {f.attname: f.column for f in Clause._meta.concrete_fields}
    columns = [f"c.{_q(fields[name])}" for name in CLAUSE_ROW_COLUMNS]
    columns += [f"CAST(c.{_q(fields[name])} AS TEXT)" for name in CLAUSE_JSON_COLUMNS]
    columns += [f"p.{_q('id')}", f"co.{_q('slug')}", f"co.{_q('name')}"]
    where = f"{_q('field')} = %s AND {_q('value')} = %s"
    count = f"SELECT COUNT(*) FROM {_q(cv)} WHERE {where}"  # noqa: S608 (names from _meta)
    page = (
        f"SELECT {', '.join(columns)} FROM ("  # noqa: S608 (names from _meta, values bound)
        f"SELECT {_q('clause_id')}, {_q('sort_version')}, {_q('sort_order')} FROM {_q(cv)} "
        f"WHERE {where} ORDER BY {_q('sort_version')}, {_q('sort_order')} LIMIT %s OFFSET %s"
        f") AS v INNER JOIN {_q(cl)} c ON c.{_q('id')} = v.{_q('clause_id')} "
        f"INNER JOIN {_q(pv)} pv ON pv.{_q('id')} = c.{_q(fields['version_id'])} "
        f"INNER JOIN {_q(po)} p ON p.{_q('id')} = pv.{_q('policy_id')} "
        f"INNER JOIN {_q(co)} co ON co.{_q('id')} = p.{_q('company_id')} "
        f"ORDER BY v.{_q('sort_version')}, v.{_q('sort_order')}"
    )
    return count, page


def one_value_count(field: str, value: str) -> int:
    """How many clauses have this one value (the covering index alone)."""
    with connection.cursor() as cursor:
        cursor.execute(_one_value_sql()[0], [field, value])
        return cursor.fetchone()[0]


def one_value_page(field: str, value: str, *, start: int, stop: int) -> list[dict[str, Any]]:
    """Rows ``start:stop`` of the clauses with this one value, in list order, with their
    companies: one query (the page's ids from the covering index, joined to their clauses,
    versions, policies and companies). The rows of ``clause_rows`` plus ``policy_id``,
    ``company_slug`` and ``company_name``, so ``complete_clause_rows`` has no lookup left."""
    if stop <= start:
        return []
    names = [*CLAUSE_ROW_COLUMNS, *(f"{n}_json" for n in CLAUSE_JSON_COLUMNS),
             "policy_id", "company_slug", "company_name"]
    with connection.cursor() as cursor:
        cursor.execute(_one_value_sql()[1], [field, value, stop - start, start])
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# A clause as the views read it: a row of ``clause_rows(queryset)`` (the columns by attribute
# name: ``version_id``, ``section_id``), completed by ``complete_clause_rows``: the JSON
# columns decoded, and ``policy_id``, ``company_slug`` and ``company_name`` of its version
# added (selectors.version_companies). No model instances, and no join of four tables to plan
# for every page.
CLAUSE_JSON_COLUMNS = tuple(
    f.attname for f in Clause._meta.concrete_fields if isinstance(f, models.JSONField)
)
CLAUSE_ROW_COLUMNS = tuple(
    f.attname for f in Clause._meta.concrete_fields if f.attname not in CLAUSE_JSON_COLUMNS
)


def clause_rows(queryset: QuerySet[Clause]) -> QuerySet:
    """The rows of these clauses, their JSON columns as undecoded text (``<name>_json``)."""
    return queryset.values(
        *CLAUSE_ROW_COLUMNS,
        **{f"{name}_json": Cast(name, models.TextField()) for name in CLAUSE_JSON_COLUMNS},
    )


def complete_clause_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Decode the rows' JSON columns (all of them with one ``json.loads``: 8 per clause, one
    by one, cost about 0.6 ms a page) and add their companies; a row whose version is gone by
    now (deleted meanwhile) is dropped."""
    if not rows:
        return rows
    texts = [row.pop(f"{name}_json") for row in rows for name in CLAUSE_JSON_COLUMNS]
    decoded = iter(json.loads("[" + ",".join(texts) + "]"))
    if "company_slug" in rows[0]:  # read with their companies (one_value_page)
        for row in rows:
            for name in CLAUSE_JSON_COLUMNS:
                row[name] = next(decoded)
        return rows
    companies = version_companies(version_ids=(row["version_id"] for row in rows))
    out = []
    for row in rows:
        for name in CLAUSE_JSON_COLUMNS:
            row[name] = next(decoded)
        company = companies.get(row["version_id"])
        if company is not None:
            row["policy_id"], row["company_slug"], row["company_name"] = company
            out.append(row)
    return out
