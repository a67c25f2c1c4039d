"""Side-by-side comparison of 2–6 companies: pure reads returning plain frozen dataclasses.

``comparison_build(slugs=[...])`` is the one entry point. It runs a fixed number of queries
(companies, versions, clauses, findings: four, whatever the clause count) and returns::

    Comparison
      columns: tuple[Column, ...]        one per company, in the order asked for
        Column(index, company_id, slug, name, version_id, version_date, last_updated,
               ingested_at, version_url, clause_count, extracted)
      rows: tuple[SectionRow, ...]       one per key of values.SECTION_ORDER
        SectionRow(key, label, differs, cells, groups)
          cells: tuple[Cell, ...]        one per column
            Cell(column, gap, gap_kind, gap_reason, clause_count)
              gap: True when the company says nothing on this section (no clause),
              gap_kind: "missing_section" | "empty_section" | "not_extracted" | "no_clause"
          groups: tuple[PracticeGroup, ...]   similar clauses aligned across columns
            PracticeGroup(practice, label, differs, cells, lines, more)
              clauses of one practice (collect, share, ...) across the columns;
              cells: tuple[tuple[ClauseRef, ...], ...]  all of them, one tuple per column
                     (clauses sharing values with other columns first);
              lines: tuple[tuple[ClauseRef | None, ...], ...]  the clauses with values,
                     aligned: one clause (or None) per column on each line, a clause placed
                     on the line whose values overlap its own most (Jaccard), lines stated by
                     the most columns first;
              more:  tuple[tuple[ClauseRef, ...], ...]  per column, the clauses with no
                     extracted value (shown folded)
      missing: tuple[str, ...]           requested slugs that match no company
      matrices: see comparison.matrices.Matrices (built from the same clauses)

    ClauseRef(id, version_id, column, order, text, practice, negated, modality, url, values)
      url: the clause's sentence on the version page ("/companies/<slug>/versions/<id>/
           #clause-<id>"), values: tuple[Value, ...]
    Value(field, value, label, distinct)
      field: data_type | recipient | recipient_category | purpose | right | country |
             retention | children_age; value: the machine value ("P18M", "Mixpanel");
      label: human text ("18 months"); distinct: True when no other column that covers this
      section states the same (field, value) in it (a difference to highlight).

``Comparison.to_dict()`` gives the JSON shape; ``comparison.export.comparison_rows`` the flat
rows (company, version date, section, field, value, evidence sentence) of the CSV/JSON export.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.urls import reverse

from policies.models import Clause, Company, Finding, PolicyVersion
from policies.selectors import latest_version_subquery
from policies.values import (
    SECTION_LABELS,
    SECTION_ORDER,
    clause_section_keys,
    clause_values,
)

MIN_COMPANIES = 2
MAX_COMPANIES = 6

PRACTICE_ORDER: tuple[str, ...] = (
    "collect", "use", "track", "share", "sell", "transfer", "retain", "protect", "grant",
    "notify", "",
)
PRACTICE_LABELS: dict[str, str] = {
    "collect": "Collects", "use": "Uses", "track": "Tracks", "share": "Shares",
    "sell": "Sells", "transfer": "Transfers", "retain": "Retains", "protect": "Protects",
    "grant": "Grants", "notify": "Notifies", "": "Other statements",
}
CLAUSE_FIELDS = (
    "id", "version_id", "order", "start", "end", "text", "sections", "practice", "negated",
    "modality", "data_types", "purposes", "recipient_names", "recipient_categories", "rights",
    "countries", "retention_duration", "retention_days", "retention_qualifier", "children_age",
    "section__key",
)


@dataclass(frozen=True)
class Value:
    field: str
    value: str
    label: str
    distinct: bool = False


@dataclass(frozen=True)
class ClauseRef:
    id: int
    version_id: int
    column: int
    order: int
    text: str
    practice: str
    negated: bool
    modality: str
    url: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Column:
    index: int
    company_id: int
    slug: str
    name: str
    version_id: int | None
    version_date: date | None
    last_updated: date | None
    ingested_at: datetime | None
    version_url: str
    clause_count: int
    extracted: bool


@dataclass(frozen=True)
class Cell:
    column: int
    gap: bool
    gap_kind: str
    gap_reason: str
    clause_count: int


@dataclass(frozen=True)
class PracticeGroup:
    practice: str
    label: str
    differs: bool
    cells: tuple[tuple[ClauseRef, ...], ...]
    lines: tuple[tuple[ClauseRef | None, ...], ...] = ()
    more: tuple[tuple[ClauseRef, ...], ...] = ()


@dataclass(frozen=True)
class SectionRow:
    key: str
    label: str
    differs: bool
    cells: tuple[Cell, ...]
    groups: tuple[PracticeGroup, ...]


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    rows: tuple[SectionRow, ...]
    missing: tuple[str, ...]
    matrices: object  # comparison.matrices.Matrices (typed there to avoid a cycle)

    def to_dict(self) -> dict:
        """JSON-ready dict (dates as ISO strings)."""
        return _jsonable(asdict(self))


def _jsonable(obj):
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, date | datetime):
        return obj.isoformat()
    return obj


def version_url(slug: str, version_id: int) -> str:
    return reverse("policies:version-detail", args=[slug, version_id])


def clause_url(base_url: str, clause_id: int) -> str:
    return f"{base_url}#clause-{clause_id}"


def clean_slugs(slugs: list[str]) -> list[str]:
    """Requested slugs, stripped and de-duplicated, order kept."""
    return list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))


def comparison_inputs(*, slugs: list[str]):
    """The rows a comparison is built from, in four queries.

    Returns ``(companies_in_order, versions_by_id, clauses_by_version, findings_by_version,
    missing_slugs)``; clauses are ``Clause`` instances with only the displayed fields loaded.
    """
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
    clauses_by_version: dict[int, list[Clause]] = defaultdict(list)
    for clause in (
        Clause.objects.filter(version_id__in=version_ids)
        .select_related("section")
        .only(*CLAUSE_FIELDS)
        .order_by("version_id", "order")
    ):
        clauses_by_version[clause.version_id].append(clause)
    findings_by_version: dict[int, list[Finding]] = defaultdict(list)
    for finding in Finding.objects.filter(version_id__in=version_ids).order_by("pk"):
        findings_by_version[finding.version_id].append(finding)
    return companies, versions, clauses_by_version, findings_by_version, missing


def comparison_build(*, slugs: list[str]) -> Comparison:
    """Compare the latest privacy-policy versions of the companies with these slugs."""
    from comparison.matrices import matrices_build

    companies, versions, clauses_by_version, findings_by_version, missing = comparison_inputs(
        slugs=slugs
    )
    columns: list[Column] = []
    # Per column: section key -> clauses of that section.
    by_section: list[dict[str, list[Clause]]] = []
    base_urls: list[str] = []
    for index, company in enumerate(companies):
        version = versions.get(company.latest_version_id)
        clauses = clauses_by_version.get(version.pk, []) if version else []
        base = version_url(company.slug, version.pk) if version else ""
        base_urls.append(base)
        columns.append(
            Column(
                index=index,
                company_id=company.pk,
                slug=company.slug,
                name=company.name,
                version_id=version.pk if version else None,
                version_date=(version.last_updated or version.ingested_at.date())
                if version
                else None,
                last_updated=version.last_updated if version else None,
                ingested_at=version.ingested_at if version else None,
                version_url=base,
                clause_count=len(clauses),
                extracted=bool(clauses),
            )
        )
        sections: dict[str, list[Clause]] = defaultdict(list)
        for clause in clauses:
            fallback = clause.section.key if clause.section_id else None
            for key in clause_section_keys(clause, fallback):
                sections[key].append(clause)
        by_section.append(sections)

    facts = {
        clause.pk: clause_values(clause)
        for clauses in clauses_by_version.values()
        for clause in clauses
    }
    rows = tuple(
        _section_row(key, columns, by_section, base_urls, findings_by_version, facts)
        for key in SECTION_ORDER
    )
    matrices = matrices_build(columns=columns, clauses_by_version=clauses_by_version,
                              base_urls=base_urls)
    return Comparison(tuple(columns), rows, tuple(missing), matrices)


def _gap(column: Column, key: str, findings: list[Finding]) -> tuple[str, str]:
    if not column.extracted:
        if column.version_id is None:
            return "not_extracted", "No policy has been ingested for this company."
        return "not_extracted", "This version has not been extracted yet."
    for kind in (Finding.Kind.MISSING_SECTION, Finding.Kind.EMPTY_SECTION):
        for finding in findings:
            if finding.kind == kind and finding.section_key == key:
                return kind, finding.message
    label = SECTION_LABELS.get(key, key).lower()
    return "no_clause", f"Says nothing about {label}."


def _section_row(
    key, columns, by_section, base_urls, findings_by_version, facts_of
) -> SectionRow:
    present = [bool(by_section[c.index].get(key)) for c in columns]
    # (field, value) facts each covering column states in this section.
    facts: list[set[tuple[str, str]]] = []
    for column in columns:
        col_facts: set[tuple[str, str]] = set()
        for clause in by_section[column.index].get(key, ()):
            col_facts.update((f, v) for f, v, _ in facts_of[clause.pk])
        facts.append(col_facts)
    covering = [c.index for c in columns if present[c.index]]
    # How many covering columns state each fact: a fact only one column states is distinct.
    stated_by: dict[tuple[str, str], int] = defaultdict(int)
    for i in covering:
        for fact in facts[i]:
            stated_by[fact] += 1
    multi = len(covering) > 1

    cells = []
    for column in columns:
        clauses = by_section[column.index].get(key, [])
        if clauses:
            cells.append(Cell(column.index, False, "", "", len(clauses)))
        else:
            kind, reason = _gap(column, key, findings_by_version.get(column.version_id, []))
            cells.append(Cell(column.index, True, kind, reason, 0))

    grouped: dict[str, list[list[ClauseRef]]] = {}
    for column in columns:
        for clause in by_section[column.index].get(key, ()):
            practice = clause.practice or ""
            values = tuple(
                Value(field, value, label, distinct=multi and stated_by[field, value] == 1)
                for field, value, label in facts_of[clause.pk]
            )
            ref = ClauseRef(
                id=clause.pk,
                version_id=clause.version_id,
                column=column.index,
                order=clause.order,
                text=clause.text,
                practice=practice,
                negated=clause.negated,
                modality=clause.modality or "",
                url=clause_url(base_urls[column.index], clause.pk),
                values=values,
            )
            grouped.setdefault(practice, [[] for _ in columns])[column.index].append(ref)

    groups = []
    for practice in sorted(grouped, key=_practice_rank):
        per_column = grouped[practice]
        ordered = tuple(tuple(sorted(refs, key=_shared_first)) for refs in per_column)
        differs = multi and (
            any(v.distinct for refs in ordered for ref in refs for v in ref.values)
            or any(not refs for i, refs in enumerate(ordered) if present[i])
        )
        valued = [[r for r in refs if r.values or r.negated] for refs in ordered]
        more = tuple(tuple(r for r in refs if not (r.values or r.negated)) for refs in ordered)
        groups.append(
            PracticeGroup(practice, PRACTICE_LABELS.get(practice, practice), differs, ordered,
                          align(valued), more)
        )
    differs = len(set(present)) > 1 or any(g.differs for g in groups)
    return SectionRow(key, SECTION_LABELS.get(key, key), differs, tuple(cells), tuple(groups))


def _practice_rank(practice: str) -> int:
    return PRACTICE_ORDER.index(practice) if practice in PRACTICE_ORDER else len(PRACTICE_ORDER)


def _shared_first(ref: ClauseRef) -> tuple[int, int, int]:
    shared = sum(1 for v in ref.values if not v.distinct)
    return (-shared, -len(ref.values), ref.order)


def align(per_column: list[list[ClauseRef]]) -> tuple[tuple[ClauseRef | None, ...], ...]:
    """Lines of at most one clause per column, similar clauses (shared values) on one line."""
    n = len(per_column)
    lines: list[list[ClauseRef | None]] = []
    signatures: list[set[tuple[str, str]]] = []
    for column, refs in enumerate(per_column):
        for ref in refs:
            facts = {(v.field, v.value) for v in ref.values} or {("negated", ref.practice)}
            best, best_score = None, 0.0
            for i, line in enumerate(lines):
                if line[column] is not None:
                    continue
                shared = len(facts & signatures[i])
                if shared:
                    score = shared / len(facts | signatures[i])
                    if score > best_score:
                        best, best_score = i, score
            if best is None:
                lines.append([None] * n)
                signatures.append(set())
                best = len(lines) - 1
            lines[best][column] = ref
            signatures[best] |= facts
    order = sorted(range(len(lines)), key=lambda i: -sum(1 for r in lines[i] if r is not None))
    return tuple(tuple(lines[i]) for i in order)
