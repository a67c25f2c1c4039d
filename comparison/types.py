"""The shapes of a comparison: plain frozen dataclasses, no Django, no database.

Built by ``comparison.builders`` from the rows ``comparison.selectors`` reads; read by the page
(``comparison.views``/``comparison.html``), the API (``comparison.api``) and the exports
(``comparison.export``). Every piece of evidence carries its clause id, the link to its sentence
on the version page and the sentence's offsets (``start``/``end``) in the version text, so no
reader has to query the database again.

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
      checklist: tuple[ChecklistRow, ...]  one per GDPR Art. 13/14 requirement key
        ChecklistRow(key, label, article, differs, cells)
          cells: tuple[ChecklistCell(column, addressed, evidence, detail, review_state,
                       review, struck_evidence, machine_addressed), ...] one per column
      matrices: Matrices                 built from the same clauses

    ClauseRef(id, version_id, column, order, text, practice, negated, modality, url, values,
              start, end, confidence, scope, rejected)
      url: the clause's sentence on the version page ("/companies/<slug>/versions/<id>/
           #clause-<id>"), start/end: its offsets in the version text, scope: what it is
           limited to ("" = the whole policy), confidence: 0–1,
      values: tuple[Value, ...]
    Value(field, value, label, distinct)
      field: data_type | recipient | recipient_category | purpose | right | country |
             retention | children_age; value: the machine value ("P18M", "Mixpanel");
      label: human text ("18 months"); distinct: True when no other column that covers this
      section states the same (field, value) in it (a difference to highlight).

    Matrices                  one verdict per (company, question, value) in each cell
      data_types:   Matrix    rows = data types; questions collected, shared
      recipients:   Matrix    rows = named recipients ("Mixpanel"); question shared_with
      purposes:     Matrix    rows = purposes data is shared for; question shared_for
      rights:       Matrix    rows = rights; question offered
      transfers:    Matrix    rows = destination countries; question transfer
      do_not_track: Matrix    one row; question do_not_track (stated = honoured,
                              denied = ignored)
      retention:    tuple[RetentionRow, ...]  one per column, sortable by min/max days
      conflicts:    tuple[Conflict(column, matrix, row, row_label, verdict), ...]

    Matrix(key, title, section, questions, rows: tuple[MatrixRow, ...])
      MatrixRow(key, label, cells: tuple[tuple[Verdict, ...], ...])  per column, one Verdict
                                                                     per question
        Verdict(question, status, label, confidence, low_confidence, affirmed, denied,
                limited, rejected)   status stated | denied | conflicting | not_stated;
                rejected: statements reviewers rejected (shown struck through)
          Statement(clause_id, url, text, negated, start, end, scope, confidence, reviewed,
                    review, machine)
    RetentionRow(column, entries: tuple[RetentionEntry, ...], min_days, max_days)
      RetentionEntry(duration, days, qualifier, label, data_types, clause_id, url, text,
                     start, end)

``Comparison.to_dict()`` gives the JSON shape; ``comparison.export.comparison_rows`` the flat
rows (company, version date, section, field, value, evidence sentence) of the CSV/JSON export.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime


def jsonable(obj):
    """``obj`` (dicts, lists, tuples, dates) with dates as ISO strings."""
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, date | datetime):
        return obj.isoformat()
    return obj


# --- section-by-section grid ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Value:
    field: str
    value: str
    label: str
    distinct: bool = False
    review: str = ""  # "corrected → P2Y by Rita, 2026-12-02" when reviewers settled it
    machine: str = ""  # the machine's label, when reviewers corrected it


@dataclass(frozen=True, slots=True)
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
    start: int = 0
    end: int = 0
    confidence: float = 1.0
    scope: str = ""
    rejected: tuple[Value, ...] = ()  # values reviewers rejected (shown struck through)


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


# --- summary matrices -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    """One clause's say on one (company, field, value): the input of a verdict.

    ``negated``: a denial; ``scope``: what a denial (or statement) is limited to, as worded
    ("" = the whole policy); ``reviewed``: set by an analyst's review (when any statement of a
    verdict is reviewed, only reviewed ones decide it)."""

    clause_id: int
    url: str
    text: str
    negated: bool
    start: int = 0
    end: int = 0
    scope: str = ""
    confidence: float = 1.0
    reviewed: bool = False
    review: str = ""  # what reviewers settled about this value of it, who and when
    machine: str = ""  # the machine's label, when reviewers corrected the value to this one


@dataclass(frozen=True)
class Verdict:
    """One verdict per (company, field, value): see ``comparison.builders.verdicts``.

    question: collected | shared | shared_with | shared_for | offered | transfer | do_not_track
    status:   stated | denied | conflicting | not_stated
    affirmed: the affirmative statements; denied: the denials for the whole scope (both decide:
              a conflict links to ``affirmed[0]`` and ``denied[0]``); limited: denials narrower
              than the statement they would contradict (they do not decide), best first.
    confidence: from the deciding statements (None when nothing is stated)."""

    question: str
    status: str
    label: str
    confidence: float | None
    low_confidence: bool
    affirmed: tuple[Statement, ...] = ()
    denied: tuple[Statement, ...] = ()
    limited: tuple[Statement, ...] = ()
    rejected: tuple[Statement, ...] = ()  # statements reviewers rejected: they decide nothing

    @property
    def evidence(self) -> tuple[Statement, ...]:
        """The deciding statements, in the order to show them (a conflict: both sides)."""
        if self.status == "stated":
            return self.affirmed
        if self.status == "denied":
            return self.denied
        if self.status == "conflicting":
            return self.affirmed[:1] + self.denied[:1] + self.affirmed[1:] + self.denied[1:]
        return ()


@dataclass(frozen=True)
class MatrixRow:
    key: str
    label: str
    cells: tuple[tuple[Verdict, ...], ...]  # per column, one verdict per question of the matrix

    def has(self, status: str) -> bool:
        return any(v.status == status for cell in self.cells for v in cell)


@dataclass(frozen=True)
class Matrix:
    key: str
    title: str
    section: str
    questions: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class Conflict:
    """A genuine contradiction in one company's policy (listed above the matrices)."""

    column: int
    matrix: str
    row: str
    row_label: str
    verdict: Verdict


@dataclass(frozen=True)
class RetentionEntry:
    duration: str
    days: int | None
    qualifier: str
    label: str
    data_types: tuple[str, ...]
    clause_id: int
    url: str
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class RetentionRow:
    column: int
    entries: tuple[RetentionEntry, ...]
    min_days: int | None
    max_days: int | None


@dataclass(frozen=True)
class Matrices:
    data_types: Matrix
    recipients: Matrix
    purposes: Matrix
    rights: Matrix
    transfers: Matrix
    do_not_track: Matrix
    retention: tuple[RetentionRow, ...]
    conflicts: tuple[Conflict, ...] = ()

    def tables(self) -> tuple[Matrix, ...]:
        """The verdict matrices, in the order the page shows them."""
        return (self.data_types, self.recipients, self.purposes, self.rights, self.transfers,
                self.do_not_track)


@dataclass(frozen=True)
class SummaryValue:
    matrix: str
    value: str
    label: str
    verdict: Verdict


@dataclass(frozen=True)
class CompanySummary:
    """Every verdict on one company's latest version (``comparison.builders.summary``)."""

    column: Column
    counts: dict[str, int]
    do_not_track: Verdict
    values: tuple[SummaryValue, ...]

    def to_dict(self) -> dict:
        return jsonable(asdict(self))


@dataclass(frozen=True)
class ChecklistEvidence:
    clause_id: int | None
    url: str  # the sentence on the version page ("" when no clause holds the span)
    start: int
    end: int
    text: str
    review_state: str = ""  # what reviewers settled about it (review.checklist)
    review: str = ""  # who and when


@dataclass(frozen=True)
class ChecklistCell:
    """One company's answer to one GDPR requirement: addressed True/False, or None when the
    version has no stored checklist (not extracted since the checklist exists)."""

    column: int
    addressed: bool | None
    evidence: tuple[ChecklistEvidence, ...]
    detail: dict
    # Reviewed values win (review.checklist): the cell's reviewed state, who and when, the
    # sentences reviewers struck out, the machine's answer when reviews changed it.
    review_state: str = ""
    review: str = ""
    struck_evidence: tuple[ChecklistEvidence, ...] = ()
    machine_addressed: bool | None = None


@dataclass(frozen=True)
class ChecklistRow:
    key: str
    label: str
    article: str
    differs: bool  # some companies address it and some do not
    cells: tuple[ChecklistCell, ...]


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    rows: tuple[SectionRow, ...]
    missing: tuple[str, ...]
    matrices: Matrices
    # GDPR Art. 13/14 checklist: companies x requirements (comparison.builders.checklist)
    checklist: tuple[ChecklistRow, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready dict (dates as ISO strings)."""
        return jsonable(asdict(self))
