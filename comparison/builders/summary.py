"""A company's summary: every verdict of its latest version, from a one-column comparison
(the same builders as the comparison page, so the page, the API and the exports agree)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from comparison.builders.verdicts import NOT_STATED, STATUSES
from comparison.types import CompanySummary, Comparison, Matrices, SummaryValue


def matrices_filtered(matrices: Matrices, statuses: Iterable[str]) -> Matrices:
    """Only the matrix rows where some company's verdict has one of ``statuses``."""
    wanted = set(statuses)
    if not wanted:
        return matrices
    tables = {
        m.key: replace(m, rows=tuple(r for r in m.rows if any(r.has(s) for s in wanted)))
        for m in matrices.tables()
    }
    return replace(matrices, **tables)


def company_summary(
    comparison: Comparison,
    *,
    column: int = 0,
    statuses: Iterable[str] = (),
    matrices: Iterable[str] = (),
) -> CompanySummary:
    """Column ``column``'s verdicts: every value some statement speaks of (a value with only
    narrower denials is listed as not stated, with them), optionally only of ``statuses`` /
    ``matrices``; ``counts`` are over all of them."""
    wanted, tables = set(statuses), set(matrices)
    values: list[SummaryValue] = []
    counts = dict.fromkeys(STATUSES, 0)
    dnt = None
    for matrix in comparison.matrices.tables():
        for row in matrix.rows:
            for v in row.cells[column]:
                if matrix.key == "do_not_track":
                    dnt = v
                if v.status == NOT_STATED and not v.limited:
                    continue
                counts[v.status] += 1
                if (wanted and v.status not in wanted) or (tables and matrix.key not in tables):
                    continue
                values.append(SummaryValue(matrix.key, row.key, row.label, v))
    assert dnt is not None  # the Do Not Track matrix always has its row
    return CompanySummary(comparison.columns[column], counts, dnt, tuple(values))
