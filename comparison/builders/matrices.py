"""Summary matrices of a comparison: one verdict per (company, question, value).

Built by ``comparison.builders.grid.comparison_from_inputs`` from the clauses it already
loaded (no extra query); the shapes are in ``comparison.types``, the verdict rules in
``comparison.builders.verdicts``. Which statements a clause makes is data (``RULES``): a
denial counts only for the practice it denies ("we do not sell" is not "we do not share"):

    data_types    rows = data types; questions collected, shared
    recipients    rows = named recipients ("Mixpanel"); question shared_with
    purposes      rows = purposes data is shared for (marketing, advertising, ...)
    rights        rows = rights offered (Do Not Track has a row of its own)
    transfers     rows = destination countries
    do_not_track  one row: honoured (stated) / ignored (denied) / conflicting / not stated
    retention     one row per column, sortable by min/max days
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from comparison.builders.links import (
    clause_url,
    review_machine_label,
    review_rejections,
    review_summary,
)
from comparison.builders.verdicts import CONFLICTING, scope_covers, verdict
from comparison.types import (
    Conflict,
    Matrices,
    Matrix,
    MatrixRow,
    RetentionEntry,
    RetentionRow,
    Statement,
)
from extraction.nlp.types import DATA_TYPES, PURPOSES, RIGHTS
from policies.values import retention_label, value_label

SHARE_PRACTICES = frozenset({"share", "sell", "transfer"})
ANY = None  # any practice


@dataclass(frozen=True)
class Rule:
    """A clause whose ``attr`` lists a value states ``question`` of it in ``matrix``: an
    affirmative when the clause is not negated and its practice is in ``affirm`` (ANY: any,
    ``not_share``: any but sharing), a denial when negated and its practice is in ``deny``
    (ANY: any)."""

    matrix: str
    attr: str
    question: str
    affirm: frozenset[str] | str | None
    deny: frozenset[str] | None


RULES: tuple[Rule, ...] = (
    # Mentioning a data type in any non-sharing statement implies holding it; only a denial of
    # collecting it denies collection ("we do not use X for ads" does not).
    Rule("data_types", "data_types", "collected", "not_share", frozenset({"collect"})),
    Rule("data_types", "data_types", "shared", SHARE_PRACTICES, frozenset({"share"})),
    Rule("recipients", "recipient_names", "shared_with", ANY,
         frozenset({"share", "transfer"})),
    Rule("purposes", "purposes", "shared_for", SHARE_PRACTICES, frozenset({"share"})),
    Rule("rights", "rights", "offered", ANY, ANY),
    Rule("transfers", "countries", "transfer", ANY, frozenset({"transfer", "share"})),
)
MATRIX_SPECS: tuple[tuple[str, str, str, tuple[str, ...], str, tuple[str, ...] | None], ...] = (
    # key, title, section, questions, value-label field, row order (None: most stated first)
    ("data_types", "Data types", "collection", ("collected", "shared"), "data_type",
     DATA_TYPES),
    ("recipients", "Named recipients", "sharing", ("shared_with",), "recipient", None),
    ("purposes", "Purposes data is shared for", "sharing", ("shared_for",), "purpose",
     PURPOSES),
    ("rights", "Rights offered", "rights", ("offered",), "right", RIGHTS),
    ("transfers", "Transfer destinations", "transfers", ("transfer",), "country", None),
    ("do_not_track", "Do Not Track", "tracking", ("do_not_track",), "", None),
)
DNT = "do_not_track"
LABEL_FIELDS = {spec[0]: spec[4] for spec in MATRIX_SPECS}
# A clause attribute's review field (review.values.LIST_ATTRS) and the key of the statements
# reviewers rejected in a cell (beside the question's own).
REVIEW_FIELDS = {"data_types": "data_type", "recipient_names": "recipient",
                 "purposes": "purpose", "rights": "right", "countries": "country"}
REJECTED = "rejected"


def _states(rule: Rule, practice: str, negated: bool) -> bool:
    if negated:
        return rule.deny is ANY or practice in rule.deny
    if rule.affirm is ANY:
        return True
    if rule.affirm == "not_share":
        return practice not in SHARE_PRACTICES
    return practice in rule.affirm


def statement_of(clause, url: str, *, negated: bool | None = None,
                 confidence: float | None = None) -> Statement:
    return Statement(
        clause_id=clause.pk,
        url=url,
        text=clause.text,
        negated=clause.negated if negated is None else negated,
        start=clause.start,
        end=clause.end,
        scope=getattr(clause, "scope", "") or "",
        confidence=float(getattr(clause, "confidence", 1.0) if confidence is None
                         else confidence),
        reviewed=_settled_by_review(clause),
    )


def _settled_by_review(clause) -> bool:
    """Reviewers settled (not dispute) something about this clause (review app's overlay)."""
    state = getattr(clause, "review_state", None)
    return bool(state is not None and any(not m.disputed for m in state.marks))


def dnt_statements(clauses, url_of) -> list[Statement]:
    """Do Not Track statements: the clauses' stance where the pipeline gives one; otherwise
    (an older pipeline) the ``do_not_track`` right, negated = ignored, and a mere mention read
    as honoured with at most 0.5 confidence (marked low)."""
    staged = [c for c in clauses if getattr(c, "dnt_stance", "")]
    if staged:
        return [statement_of(c, url_of(c), negated=c.dnt_stance == "ignored") for c in staged]
    out = []
    for clause in clauses:
        if DNT in (clause.rights or ()):
            confidence = float(getattr(clause, "confidence", 1.0))
            out.append(statement_of(clause, url_of(clause),
                                    confidence=confidence if clause.negated
                                    else min(confidence, 0.5)))
    return out


def matrices_build(*, columns, clauses_by_version, base_urls) -> Matrices:
    n = len(columns)
    # matrix -> row key -> column -> question -> statements
    found: dict[str, dict[str, list[dict[str, list[Statement]]]]] = defaultdict(dict)

    def add(matrix: str, row: str, column: int, question: str | tuple[str, str],
            statement: Statement) -> None:
        cells = found[matrix].setdefault(row, [defaultdict(list) for _ in range(n)])
        cells[column][question].append(statement)

    retention: list[RetentionRow] = []
    for column in columns:
        clauses = clauses_by_version.get(column.version_id, []) if column.version_id else []
        base = base_urls[column.index]
        entries: list[RetentionEntry] = []
        for clause in clauses:
            url = clause_url(base, clause.pk)
            practice = clause.practice or ""
            statement = None
            for rule in RULES:
                if not _states(rule, practice, clause.negated):
                    continue
                for value in getattr(clause, rule.attr) or ():
                    if rule.attr == "rights" and value == DNT:
                        continue
                    statement = statement or statement_of(clause, url)
                    said = statement
                    if said.scope and scope_covers(said.scope, value,
                                                   value_label(LABEL_FIELDS[rule.matrix], value)):
                        said = replace(said, scope="")  # about the whole of this value
                    if said.reviewed:  # who and when, the machine's value beside a correction
                        field = REVIEW_FIELDS[rule.attr]
                        said = replace(said, review=review_summary(clause, field, value),
                                       machine=review_machine_label(clause, field, value))
                    add(rule.matrix, value, column.index, rule.question, said)
            for mark in review_rejections(clause):  # rejected values stay visible, struck
                for rule in RULES:
                    if REVIEW_FIELDS.get(rule.attr) == mark.field and _states(
                            rule, practice, clause.negated) and not (
                            rule.attr == "rights" and mark.value == DNT):
                        add(rule.matrix, mark.value, column.index, (rule.question, REJECTED),
                            replace(statement_of(clause, url), review=mark.summary))
                if mark.field == "dnt":
                    add(DNT, DNT, column.index, (DNT, REJECTED),
                        replace(statement_of(clause, url, negated=mark.value == "ignored"),
                                review=mark.summary))
            if clause.retention_duration or clause.retention_qualifier not in ("", "unspecified",
                                                                                None):
                entries.append(
                    RetentionEntry(
                        duration=clause.retention_duration,
                        days=clause.retention_days,
                        qualifier=clause.retention_qualifier or "",
                        label=retention_label(clause.retention_duration,
                                              clause.retention_qualifier or ""),
                        data_types=tuple(clause.data_types or ()),
                        clause_id=clause.pk,
                        url=url,
                        text=clause.text,
                        start=clause.start,
                        end=clause.end,
                    )
                )
        for statement in dnt_statements(clauses, lambda c, base=base: clause_url(base, c.pk)):
            add(DNT, DNT, column.index, DNT, statement)
        entries.sort(key=lambda e: (e.days is None, e.days or 0, e.label))
        days = [e.days for e in entries if e.days is not None]
        retention.append(
            RetentionRow(column.index, tuple(entries), min(days) if days else None,
                         max(days) if days else None)
        )
    found[DNT].setdefault(DNT, [defaultdict(list) for _ in range(n)])  # always a row
    matrices = {
        key: _matrix(key, title, section, questions, field, order, found[key])
        for key, title, section, questions, field, order in MATRIX_SPECS
    }
    conflicts = tuple(
        Conflict(column, matrix.key, row.key, row.label, v)
        for matrix in matrices.values()
        for row in matrix.rows
        for column, cell in enumerate(row.cells)
        for v in cell
        if v.status == CONFLICTING
    )
    return Matrices(**matrices, retention=tuple(retention),
                    conflicts=tuple(sorted(conflicts, key=lambda c: c.column)))


def _matrix(key, title, section, questions, field, order, rows_found) -> Matrix:
    keys = list(rows_found)
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        keys.sort(key=lambda k: (rank.get(k, len(rank)), k.lower()))
    else:
        keys.sort(key=lambda k: (-sum(1 for c in rows_found[k] if c), k.lower()))
    rows = []
    for row_key in keys:
        cells = tuple(
            tuple(_with_rejected(verdict(question, cell.get(question, ())),
                                 cell.get((question, REJECTED), ()))
                  for question in questions)
            for cell in rows_found[row_key]
        )
        label = "Do Not Track signal" if key == DNT else value_label(field, row_key)
        rows.append(MatrixRow(row_key, label, cells))
    return Matrix(key, title, section, tuple(questions), tuple(rows))


def _with_rejected(v, rejected: list[Statement]):
    return replace(v, rejected=tuple(rejected)) if rejected else v


def retention_sorted(rows: tuple[RetentionRow, ...], order: str) -> list[RetentionRow]:
    """Retention rows sorted by longest period (``"desc"``/``"asc"``); unknown last."""
    if order not in {"asc", "desc"}:
        return list(rows)
    known = [r for r in rows if r.max_days is not None]
    unknown = [r for r in rows if r.max_days is None]
    known.sort(key=lambda r: r.max_days or 0, reverse=order == "desc")
    return known + unknown
