"""Reads of the clause lists: clauses as rows (no model instances), completed per page."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast

from policies.models import Clause
from policies.selectors import version_companies

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
