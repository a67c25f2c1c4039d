"""The section-by-section grid of a comparison, built from rows already read (no query)."""

from __future__ import annotations

from collections import defaultdict

from comparison.builders.links import (
    clause_url,
    review_machine_label,
    review_rejections,
    review_summary,
    version_url,
)
from comparison.builders.matrices import matrices_build
from comparison.selectors import ComparisonInputs
from comparison.types import (
    Cell,
    ClauseRef,
    Column,
    Comparison,
    PracticeGroup,
    SectionRow,
    Value,
)
from policies.models import Clause, Finding
from policies.values import (
    SECTION_LABELS,
    SECTION_ORDER,
    clause_section_keys,
    clause_values,
)

PRACTICE_ORDER: tuple[str, ...] = (
    "collect", "use", "track", "share", "sell", "transfer", "retain", "protect", "grant",
    "notify", "",
)
PRACTICE_LABELS: dict[str, str] = {
    "collect": "Collects", "use": "Uses", "track": "Tracks", "share": "Shares",
    "sell": "Sells", "transfer": "Transfers", "retain": "Retains", "protect": "Protects",
    "grant": "Grants", "notify": "Notifies", "": "Other statements",
}


def comparison_from_inputs(inputs: ComparisonInputs) -> Comparison:
    """The comparison of ``inputs`` (see ``comparison.types`` for its shape)."""
    columns: list[Column] = []
    # Per column: section key -> clauses of that section.
    by_section: list[dict[str, list[Clause]]] = []
    base_urls: list[str] = []
    for index, company in enumerate(inputs.companies):
        version = inputs.versions.get(company.latest_version_id)
        clauses = inputs.clauses_by_version.get(version.pk, []) if version else []
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
            fallback = _section_key(clause)
            for key in clause_section_keys(clause, fallback):
                sections[key].append(clause)
        by_section.append(sections)

    facts = {
        clause.pk: clause_values(clause)
        for clauses in inputs.clauses_by_version.values()
        for clause in clauses
    }
    rows = tuple(
        _section_row(key, columns, by_section, base_urls, inputs.findings_by_version, facts)
        for key in SECTION_ORDER
    )
    matrices = matrices_build(columns=columns, clauses_by_version=inputs.clauses_by_version,
                              base_urls=base_urls)
    return Comparison(tuple(columns), rows, tuple(inputs.missing), matrices)


def _section_key(clause) -> str | None:
    """The key of the clause's headed section (a ``ComparisonClause``, or a ``Clause``)."""
    if not clause.section_id:
        return None
    key = getattr(clause, "section_key", None)
    return key if key is not None else clause.section.key


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
    # Unreviewed values are the same immutable Value wherever they recur (a huge policy
    # repeats a few hundred facts across thousands of clauses).
    plain: dict[tuple[str, str, str], Value] = {}

    def value_of(clause, field: str, value: str, label: str) -> Value:
        distinct = multi and stated_by[field, value] == 1
        if getattr(clause, "review_state", None) is not None:
            return Value(field, value, label, distinct=distinct,
                         review=review_summary(clause, field, value),
                         machine=review_machine_label(clause, field, value))
        shared = plain.get((field, value, label))
        if shared is None:
            shared = plain[field, value, label] = Value(field, value, label, distinct=distinct)
        return shared

    for column in columns:
        for clause in by_section[column.index].get(key, ()):
            practice = clause.practice or ""
            values = tuple(
                value_of(clause, field, value, label)
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
                start=clause.start,
                end=clause.end,
                confidence=clause.confidence,
                scope=clause.scope or "",
                rejected=tuple(Value(m.field, m.value, m.machine_label, review=m.summary)
                               for m in review_rejections(clause)),
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
        valued = [[r for r in refs if r.values or r.negated or r.rejected] for refs in ordered]
        more = tuple(tuple(r for r in refs if not (r.values or r.negated or r.rejected))
                     for refs in ordered)
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
    """Lines of at most one clause per column, similar clauses (shared values) on one line.

    Each clause goes to the line whose values it shares most (Jaccard overlap; the earliest
    line on a tie) among the lines still free in its column, else to a new line. Only the lines
    sharing a value can win, so they are found through an index value -> lines free in this
    column, not by scanning every line: a 5 MB policy has thousands of clauses per section."""
    n = len(per_column)
    lines: list[list[ClauseRef | None]] = []
    signatures: list[set[tuple[str, str]]] = []
    for column, refs in enumerate(per_column):
        # Lines made before this column's turn are free in it until one of its clauses takes
        # them; the lines it makes itself are taken.
        free: dict[tuple[str, str], set[int]] = defaultdict(set)
        for i, signature in enumerate(signatures):
            for fact in signature:
                free[fact].add(i)
        for ref in refs:
            facts = {(v.field, v.value) for v in ref.values} or {("negated", ref.practice)}
            candidates: set[int] = set()
            for fact in facts:
                candidates.update(free.get(fact, ()))
            best, best_score = None, 0.0
            for i in sorted(candidates):
                shared = len(facts & signatures[i])
                score = shared / len(facts | signatures[i])
                if score > best_score:
                    best, best_score = i, score
            if best is None:
                lines.append([None] * n)
                signatures.append(set())
                best = len(lines) - 1
            else:
                for fact in signatures[best]:
                    free[fact].discard(best)
            lines[best][column] = ref
            signatures[best] |= facts
    order = sorted(range(len(lines)), key=lambda i: -sum(1 for r in lines[i] if r is not None))
    return tuple(tuple(lines[i]) for i in order)
