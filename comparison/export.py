"""Flat rows of a comparison and its matrices, for CSV and JSON exports (HTML and API alike).

Every row is a dict with the keys of ``EXPORT_FIELDS``: the company, its version and date, the
table it comes from ("comparison" or a matrix key), the section, the field and value (machine
value and human label), the clause's practice and negation, the evidence sentence (the clause
text, exactly as stored), the link to that sentence on the version page, its confidence and
scope. A matrix row is one verdict per (company, question, value): ``field`` is the question
(collected, shared, shared_with, shared_for, offered, transfer, do_not_track), ``status`` the
verdict (stated / denied / conflicting / not_stated), and a conflict carries the denial in
``conflicting_evidence`` / ``conflicting_clause_id`` / ``conflicting_url``. Values are the
reviewed ones where reviewers settled them (review app): ``reviewed`` says what, who (the
reviewer's name) and when; ``machine_value`` keeps the machine's label beside a correction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from comparison.builders.verdicts import CONFLICTING, DENIED, NOT_STATED
from comparison.types import Comparison, Verdict

EXPORT_FIELDS: tuple[str, ...] = (
    "company",
    "company_slug",
    "version_id",
    "version_date",
    "table",
    "section",
    "field",
    "value",
    "label",
    "status",
    "practice",
    "negated",
    "evidence",
    "clause_id",
    "url",
    "confidence",
    "scope",
    "conflicting_evidence",
    "conflicting_clause_id",
    "conflicting_url",
    "reviewed",
    "machine_value",
)
MATRIX_TABLES = ("data_types", "recipients", "purposes", "rights", "transfers", "do_not_track")
TABLES = ("comparison", *MATRIX_TABLES, "retention", "checklist")


def _base(comparison: Comparison, column: int) -> dict:
    col = comparison.columns[column]
    return {
        "company": col.name,
        "company_slug": col.slug,
        "version_id": col.version_id,
        "version_date": col.version_date.isoformat() if col.version_date else "",
        "reviewed": "",
        "machine_value": "",
    }


def verdict_row(v: Verdict, value: str, label: str) -> dict:
    """The columns of one verdict: its status, its deciding sentence (a conflict: the
    affirmative, with the denial in ``conflicting_*``), its confidence and any narrower
    denial's scope."""
    first = v.evidence[0] if v.evidence else None
    against = v.denied[0] if v.status == CONFLICTING else None
    return {
        "field": v.question, "value": value, "label": label,
        "status": v.status, "practice": "",
        "negated": v.status == DENIED if v.status != NOT_STATED else "",
        "evidence": first.text if first else "",
        "clause_id": first.clause_id if first else "",
        "url": first.url if first else "",
        "confidence": v.confidence if v.confidence is not None else "",
        "scope": "; ".join(dict.fromkeys(s.scope for s in v.limited)),
        "conflicting_evidence": against.text if against else "",
        "conflicting_clause_id": against.clause_id if against else "",
        "conflicting_url": against.url if against else "",
    }


def comparison_rows(
    comparison: Comparison, tables: Iterable[str] = TABLES, verdicts: Iterable[str] = ()
) -> Iterator[dict]:
    """Rows of the requested tables (default: all), in column then section order; matrix
    rows (one per verdict) only of the ``verdicts`` statuses when given."""
    verdicts = set(verdicts)
    tables = [t for t in TABLES if t in set(tables)]
    if "comparison" in tables:
        for row in comparison.rows:
            for cell in row.cells:
                base = _base(comparison, cell.column)
                if cell.gap:
                    yield {**base, "table": "comparison", "section": row.key, "field": "gap",
                           "value": cell.gap_kind, "label": cell.gap_reason, "status": "gap",
                           "practice": "", "negated": "", "evidence": "", "clause_id": "",
                           "url": comparison.columns[cell.column].version_url}
                    continue
                for group in row.groups:
                    for ref in group.cells[cell.column]:
                        common = {**base, "table": "comparison", "section": row.key,
                                  "practice": ref.practice, "negated": ref.negated,
                                  "evidence": ref.text, "clause_id": ref.id, "url": ref.url,
                                  "confidence": ref.confidence, "scope": ref.scope}
                        if not ref.values:
                            yield {**common, "field": "practice", "value": ref.practice,
                                   "label": group.label, "status": "statement"}
                        for value in ref.values:
                            yield {**common, "field": value.field, "value": value.value,
                                   "label": value.label,
                                   "status": "differs" if value.distinct else "common",
                                   "reviewed": value.review, "machine_value": value.machine}
    matrices = comparison.matrices
    for key in MATRIX_TABLES:
        if key not in tables:
            continue
        matrix = getattr(matrices, key)
        for mrow in matrix.rows:
            for column, cell in enumerate(mrow.cells):
                for v in cell:
                    if verdicts and v.status not in verdicts:
                        continue
                    yield {**_base(comparison, column), "table": key, "section": matrix.section,
                           **verdict_row(v, mrow.key, mrow.label)}
    if "retention" in tables:
        for rrow in matrices.retention:
            for entry in rrow.entries:
                yield {**_base(comparison, rrow.column), "table": "retention",
                       "section": "retention", "field": "retention",
                       "value": entry.duration or entry.qualifier, "label": entry.label,
                       "status": entry.qualifier, "practice": "retain", "negated": False,
                       "evidence": entry.text, "clause_id": entry.clause_id, "url": entry.url}
    if "checklist" in tables and not verdicts:  # a verdict filter asks for verdict rows only
        yield from _checklist_rows(comparison)


def _checklist_rows(comparison: Comparison) -> Iterator[dict]:
    """GDPR checklist: one row per evidence sentence of an addressed requirement, one per gap
    (status "not_found") and per requirement of a version with no stored checklist; reviewed
    values win (``reviewed``: what, who and when; a sentence reviewers struck out is a row of
    status "rejected" or "excluded")."""
    for crow in comparison.checklist:
        for cell in crow.cells:
            common = {**_base(comparison, cell.column), "table": "checklist",
                      "section": "gdpr", "field": "requirement", "value": crow.key,
                      "label": f"{crow.label} ({crow.article})", "practice": "",
                      "negated": ""}
            version_url = comparison.columns[cell.column].version_url
            for e in cell.struck_evidence:
                yield {**common, "status": e.review_state, "evidence": e.text,
                       "clause_id": e.clause_id or "", "url": e.url or version_url,
                       "reviewed": e.review}
            if cell.addressed is None or not cell.addressed:
                status = "not_computed" if cell.addressed is None else "not_found"
                yield {**common, "status": status, "evidence": "", "clause_id": "",
                       "url": version_url, "reviewed": cell.review}
                continue
            for e in cell.evidence:
                yield {**common, "status": "addressed", "evidence": e.text,
                       "clause_id": e.clause_id or "", "url": e.url or version_url,
                       "reviewed": e.review}


def rows_to_csv(rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    return buffer.getvalue()


def _csv_safe(value):
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
