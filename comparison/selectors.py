"""Reads of the comparison app: the rows a comparison or a version diff is built from.

Only queries here; the building is in ``comparison.builders`` (pure, no database) and the shapes
in ``comparison.types``. ``comparison_inputs`` runs a fixed number of queries (companies,
versions, clauses, findings: four, whatever the clause count).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast

from contract.clause_fields import LIST_ATTRIBUTES
from policies.models import Clause, Company, Finding, PolicyVersion
from policies.selectors import latest_version_subquery
from review.selectors import review_overlay

MIN_COMPANIES = 2
MAX_COMPANIES = 6

# The clause fields a comparison shows (with their evidence offsets); nothing else is loaded.
CLAUSE_FIELDS = (
    "id", "version_id", "order", "start", "end", "text", "practice", "negated", "modality",
    *LIST_ATTRIBUTES,  # the clause list attributes (contract.clause_fields)
    "retention_duration", "retention_days", "retention_qualifier", "children_age",
    "confidence", "scope", "dnt_stance", "section_id",
)


class ComparisonClause:
    """One clause as a comparison reads it: the ``CLAUSE_FIELDS`` of its row, its headed
    section's key (``section_key``) and, once ``review_overlay`` ran, its ``review_state``.

    Not a model instance: a 5 MB policy has some 34,000 clauses, and instantiating as many
    ``Clause`` objects (with their ``Section``) took most of its comparison's time. The
    attributes the builders, ``review.values.apply_decision`` and ``policies.values`` read are
    the model's own names, so the same code handles either."""

    __slots__ = (*CLAUSE_FIELDS, "section_key", "review_state")

    def __init__(self, row: tuple, section_key: str | None) -> None:
        for name, value in zip(CLAUSE_FIELDS, row, strict=True):
            setattr(self, name, value)
        self.section_key = section_key
        self.review_state = None

    @property
    def pk(self) -> int:
        return self.id  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<ComparisonClause {self.pk}>"


@dataclass
class ComparisonInputs:
    """What ``comparison.builders.comparison_from_inputs`` builds a comparison from."""

    companies: list[Company]  # annotated with ``latest_version_id``, in the order asked for
    versions: dict[int, PolicyVersion]
    # ``ComparisonClause`` rows (``Clause`` instances work too: same attribute names)
    clauses_by_version: dict[int, list[ComparisonClause]] = field(default_factory=dict)
    findings_by_version: dict[int, list[Finding]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    # The settled/disputed review marks per clause id (excluded clauses too): what the
    # checklist's overlay needs, without reading the reviews again.
    review_marks: dict[int, list] = field(default_factory=dict)


def clean_slugs(slugs: list[str]) -> list[str]:
    """Requested slugs, stripped and de-duplicated, order kept."""
    return list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))


def comparison_inputs(*, slugs: list[str]) -> ComparisonInputs:
    """The rows a comparison of these companies' latest versions is built from, in five
    queries; clauses are ``ComparisonClause`` rows of ``CLAUSE_FIELDS``, reviewed
    values applied (``review.selectors.review_overlay``; clauses reviewers judged no
    statement of practice left out)."""
    slugs = clean_slugs(slugs)
    found = {
        c.slug: c
        for c in Company.objects.filter(slug__in=slugs).annotate(
            latest_version_id=latest_version_subquery()
        )
    }
    companies = [found[s] for s in slugs if s in found]
    missing = [s for s in slugs if s not in found]
    version_ids = [c.latest_version_id for c in companies if c.latest_version_id]
    versions = {
        v.pk: v
        for v in PolicyVersion.objects.filter(pk__in=version_ids).only(
            "id", "policy_id", "last_updated", "ingested_at", "word_count"
        )
    }
    clauses_by_version: dict[int, list[ComparisonClause]] = defaultdict(list)
    clauses = [
        ComparisonClause(row[:-1], row[-1])
        for row in _clause_rows(version_ids)
    ]
    # Reviewed values win: settled reviews are applied to the instances (one query); each
    # reviewed clause carries ``review_state`` for the builders to mark who and when.
    states = review_overlay(clauses)
    for clause in clauses:
        state = states.get(clause.pk)
        clause.review_state = state
        if state is None or not state.excluded:
            clauses_by_version[clause.version_id].append(clause)
    findings_by_version: dict[int, list[Finding]] = defaultdict(list)
    for finding in Finding.objects.filter(version_id__in=version_ids).order_by("pk"):
        findings_by_version[finding.version_id].append(finding)
    return ComparisonInputs(companies, versions, clauses_by_version, findings_by_version,
                            missing, {pk: state.marks for pk, state in states.items()})


def _clause_rows(version_ids: list[int]):
    """The ``CLAUSE_FIELDS`` (then the section key) of these versions' clauses, in order.

    The list attributes are read as their JSON text and decoded once per distinct text (as
    tuples, shared between clauses: nothing changes them in place; reviews replace them): most
    are "[]" or a few recurring values, and Django's per-value ``json.loads`` of a 5 MB
    policy's 240,000 of them cost more than the query."""
    columns = [
        Cast(name, TextField()) if name in LIST_ATTRIBUTES else name for name in CLAUSE_FIELDS
    ]
    positions = [i for i, name in enumerate(CLAUSE_FIELDS) if name in LIST_ATTRIBUTES]
    decoded: dict[str | None, tuple | None] = {None: None}
    rows = (
        Clause.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "order")
        .values_list(*columns, "section__key")
    )
    for row in rows:
        row = list(row)
        for i in positions:
            text = row[i]
            value = decoded.get(text)
            if value is None and text is not None:
                value = decoded[text] = tuple(json.loads(text))
            row[i] = value
        yield row


def version_clauses(version: PolicyVersion) -> list[Clause]:
    """All clauses of one version, in reading order, with their section."""
    return list(
        Clause.objects.filter(version=version).select_related("section").order_by("order")
    )
