"""Flat rows of a comparison and its matrices, for CSV and JSON exports (HTML and API alike).

Every row is a dict with the keys of ``EXPORT_FIELDS``: the company, its version and date, the
table it comes from ("comparison" or a matrix key), the section, the field and value (machine
value and human label), the clause's practice and negation, the evidence sentence (the clause
text, exactly as stored) and the link to that sentence on the version page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from comparison.types import Comparison

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
)
TABLES = ("comparison", "data_types", "recipients", "rights", "transfers", "retention")
MATRIX_FIELDS = {
    "data_types": ("collection", "data_type"),
    "recipients": ("sharing", "recipient"),
    "rights": ("rights", "right"),
    "transfers": ("transfers", "country"),
}


def _base(comparison: Comparison, column: int) -> dict:
    col = comparison.columns[column]
    return {
        "company": col.name,
        "company_slug": col.slug,
        "version_id": col.version_id,
        "version_date": col.version_date.isoformat() if col.version_date else "",
    }


def comparison_rows(comparison: Comparison, tables: Iterable[str] = TABLES) -> Iterator[dict]:
    """Rows of the requested tables (default: all), in column then section order."""
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
                                  "evidence": ref.text, "clause_id": ref.id, "url": ref.url}
                        if not ref.values:
                            yield {**common, "field": "practice", "value": ref.practice,
                                   "label": group.label, "status": "statement"}
                        for value in ref.values:
                            yield {**common, "field": value.field, "value": value.value,
                                   "label": value.label,
                                   "status": "differs" if value.distinct else "common"}
    matrices = comparison.matrices
    for key in ("data_types", "recipients", "rights", "transfers"):
        if key not in tables:
            continue
        matrix = getattr(matrices, key)
        section, field = MATRIX_FIELDS[key]
        for mrow in matrix.rows:
            for column, marks in enumerate(mrow.cells):
                for mark in marks:
                    yield {**_base(comparison, column), "table": key, "section": section,
                           "field": field, "value": mrow.key, "label": mrow.label,
                           "status": mark.kind, "practice": "",
                           "negated": mark.kind.startswith("not_"), "evidence": mark.text,
                           "clause_id": mark.clause_id, "url": mark.url}
    if "retention" in tables:
        for rrow in matrices.retention:
            for entry in rrow.entries:
                yield {**_base(comparison, rrow.column), "table": "retention",
                       "section": "retention", "field": "retention",
                       "value": entry.duration or entry.qualifier, "label": entry.label,
                       "status": entry.qualifier, "practice": "retain", "negated": False,
                       "evidence": entry.text, "clause_id": entry.clause_id, "url": entry.url}


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
