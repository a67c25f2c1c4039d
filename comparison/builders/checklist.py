"""The GDPR Art. 13/14 checklist matrix of a comparison: companies x requirements.

Pure: built from the columns and the checklists ``extraction.selectors.checklists_for_versions``
read (``comparison_build`` reads them, one query whatever the number of companies).
"""

from __future__ import annotations

from comparison.builders.links import clause_url
from comparison.types import ChecklistCell, ChecklistEvidence, ChecklistRow, Column
from extraction.nlp.checklist import ARTICLES, LABELS, REQUIREMENT_KEYS
from extraction.selectors import RequirementRow


def checklist_matrix(
    columns: tuple[Column, ...], checklists: dict[int, list[RequirementRow]]
) -> tuple[ChecklistRow, ...]:
    by_column: list[dict[str, RequirementRow]] = [
        {r.key: r for r in checklists.get(col.version_id or 0, [])} for col in columns
    ]
    rows: list[ChecklistRow] = []
    for key in REQUIREMENT_KEYS:
        cells: list[ChecklistCell] = []
        for col, found in zip(columns, by_column, strict=True):
            row = found.get(key)
            if row is None:
                cells.append(ChecklistCell(col.index, None, (), {}))
                continue
            evidence, struck = (
                tuple(
                    ChecklistEvidence(
                        e.clause_id,
                        clause_url(col.version_url, e.clause_id) if e.clause_id else "",
                        e.start,
                        e.end,
                        e.text,
                        e.review_state,
                        e.review,
                    )
                    for e in links
                )
                for links in (row.evidence, row.struck)
            )
            cells.append(ChecklistCell(col.index, row.addressed, evidence, row.detail,
                                       row.review_state, row.review, struck,
                                       row.machine_addressed))
        states = {c.addressed for c in cells if c.addressed is not None}
        rows.append(
            ChecklistRow(key, LABELS[key], ARTICLES[key], len(states) > 1, tuple(cells))
        )
    return tuple(rows)
