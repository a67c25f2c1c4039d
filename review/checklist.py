"""Reviewed values win in the GDPR Art. 13/14 checklist too (applied when read, like
``review_overlay``; the stored ``extraction.RequirementCheck`` rows keep the machine's answer).

A requirement's evidence is a sentence (a clause). What reviewers settled about that clause
changes the item when it touches what made the sentence count for the requirement
(``REQUIREMENT_TARGETS``, derived from the checklist rules' own ``FIELDS`` and ``SECTIONS``):

- *not a statement of practice*: the sentence is struck out (``excluded``);
- a rejection or correction that leaves the clause none of the requirement's values the machine
  had (the retention period, the right, the section, ...): struck out (``rejected``);
- a confirmation: the evidence is ``confirmed``; a correction that keeps it: ``corrected``;
  reviewers who disagree: ``disputed`` (nothing applied);
- an item whose every evidence sentence was struck out becomes a gap (``addressed`` False,
  ``machine_addressed`` True), marked with who and when; a gap becomes addressed when a reviewer
  added or corrected a value that makes a sentence count (``machine_addressed`` False).

The typed detail follows the reviewed values of the evidence sentences (a rejected period or
country leaves the detail, a corrected one replaces it). Requirements no review field speaks
of (the controller's identity, the DPO, legal bases, ...) change only when their sentence is
excluded. Queries: the stored checklists (one), the versions' reviews (one, none when the
caller passes them: the comparison), and the reviewed clauses among the evidence (one, only
when reviews touch them): flat whatever the count.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from contract.clause_fields import LIST_ATTRIBUTES
from extraction.nlp.checklist.patterns import FIELDS, SECTIONS
from extraction.selectors import EvidenceLink, RequirementRow, checklists_for_versions
from policies.models import Clause
from review.selectors import ClauseReview, ReviewMark, review_overlay, version_review_marks
from review.values import LIST_ATTRS, clause_field_values

_ATTR_FIELDS = {attr: field for field, attr in LIST_ATTRS.items()}
_ATTR_FIELDS["retention"] = "retention"

# requirement key -> (review field, value or None for any value) that make a sentence count.
REQUIREMENT_TARGETS: dict[str, tuple[tuple[str, str | None], ...]] = {}
for _key, _attr, _weight, _value in FIELDS:
    REQUIREMENT_TARGETS.setdefault(_key, ())
    REQUIREMENT_TARGETS[_key] += ((_ATTR_FIELDS[_attr], _value),)
for _key, _section, _weight in SECTIONS:
    REQUIREMENT_TARGETS.setdefault(_key, ())
    REQUIREMENT_TARGETS[_key] += (("section", _section),)

# The typed detail of a requirement (RequirementCheck.detail) that comes from its sentences'
# values: lists named as the clause attribute, and the retention periods
# (extraction.nlp.checklist.rules._detail).
DETAIL_OF: dict[str, tuple[str, ...]] = {
    "retention_period": ("retention",),
    "third_country_transfers": ("countries",),
    "data_categories": ("data_types",),
    "purposes": ("purposes",),
    "recipients": ("recipient_categories", "recipient_names"),
}

_CLAUSE_COLUMNS = (
    "id", "version_id", "start", "end", "text", "practice", "negated", *LIST_ATTRIBUTES,
    "retention_duration", "retention_days", "retention_qualifier", "children_age",
    "dnt_stance",
)


def reviewed_checklists(
    version_ids: Iterable[int], *, marks: dict[int, list[ReviewMark]] | None = None
) -> dict[int, list[RequirementRow]]:
    """``extraction.selectors.checklists_for_versions`` with the settled reviews applied.
    ``marks``: the versions' review marks when the caller read them already (the comparison:
    ``review_overlay``'s result), else read here (one query)."""
    ids = [i for i in dict.fromkeys(version_ids) if i]
    checklists = checklists_for_versions(ids)
    if marks is None:
        marks = version_review_marks(checklists)
    if not marks:
        return checklists
    # Every evidence sentence of a requirement one of whose sentences was reviewed (the
    # detail is what the remaining ones still state), and the sentences given new values.
    wanted = {e.clause_id for rows in checklists.values() for r in rows
              if any(e.clause_id in marks for e in r.evidence) for e in r.evidence
              if e.clause_id is not None}
    wanted |= {pk for pk, clause_marks in marks.items()
               if any(m.state in ("add_missing", "correct") for m in clause_marks)}
    if not wanted:
        return checklists
    machine = {c.pk: c for c in Clause.objects.filter(pk__in=wanted).only(*_CLAUSE_COLUMNS)}
    reviewed = {pk: copy.copy(c) for pk, c in machine.items()}
    states = review_overlay(reviewed.values(), marks=marks)
    out = {}
    for version_id, rows in checklists.items():
        new = [_reviewed_row(row, machine, reviewed, states, version_id) for row in rows]
        out[version_id] = _rights_offered(new) if new != rows else new
    return out


def _rights_offered(rows: list[RequirementRow]) -> list[RequirementRow]:
    """The rights summary (``right_access``'s detail) after review: the rights addressed."""
    rights = [r.key for r in rows if r.addressed and r.key.startswith("right_")]
    return [
        replace(r, detail={**r.detail, "rights": rights}) if r.key == "right_access"
        and r.addressed and r.detail.get("rights", rights) != rights else r
        for r in rows
    ]


def reviewed_version_checklist(*, version_id: int) -> list[RequirementRow]:
    """One version's checklist, reviewed values applied; [] when it was never computed."""
    return reviewed_checklists([version_id]).get(version_id, [])


def supports(key: str, clause: Clause) -> bool:
    """The clause has a value (or section) that counts toward requirement ``key``."""
    for field, value in REQUIREMENT_TARGETS.get(key, ()):
        have = clause_field_values(clause, field)
        if (value is None and have) or (value is not None and value in have):
            return True
    return False


def _relevant(key: str, mark: ReviewMark) -> bool:
    for field, value in REQUIREMENT_TARGETS.get(key, ()):
        if mark.field == field and value in (None, mark.value, mark.new_value):
            return True
    return False


def _summary(marks: Iterable[ReviewMark]) -> str:
    return "; ".join(dict.fromkeys(m.summary for m in marks))


def _judge(key: str, machine: Clause, reviewed: Clause, state: ClauseReview) -> tuple[str, str]:
    """(state, who/when) of one evidence sentence for requirement ``key``; ("", "") when no
    review touches what makes it count."""
    if state.excluded:
        return "excluded", _summary(m for m in state.marks if m.state == "not_practice")
    marks = [m for m in state.marks if _relevant(key, m)]
    settled = [m for m in marks if not m.disputed]
    if not settled:
        return ("disputed", _summary(marks)) if marks else ("", "")
    summary = _summary(settled)
    if supports(key, machine) and not supports(key, reviewed):
        return "rejected", summary
    if all(m.state == "confirm" for m in settled):
        return "confirmed", summary
    if any(m.state in ("correct", "add_missing") for m in settled):
        return "corrected", summary
    return "reviewed", summary


def _reviewed_row(
    row: RequirementRow,
    machine: dict[int, Clause],
    reviewed: dict[int, Clause],
    states: dict[int, ClauseReview],
    version_id: int,
) -> RequirementRow:
    kept: list[EvidenceLink] = []
    struck: list[EvidenceLink] = []
    touched: list[tuple[Clause, Clause]] = []
    for e in row.evidence:
        state = states.get(e.clause_id) if e.clause_id is not None else None
        if state is None or e.clause_id not in machine:
            kept.append(e)
            continue
        verdict, who = _judge(row.key, machine[e.clause_id], reviewed[e.clause_id], state)
        if not verdict:
            kept.append(e)
            continue
        touched.append((machine[e.clause_id], reviewed[e.clause_id]))
        link = replace(e, review_state=verdict, review=who)
        (struck if verdict in ("rejected", "excluded") else kept).append(link)
    added = [] if row.addressed else _added_evidence(row.key, machine, reviewed, states,
                                                     version_id)
    if not struck and not added and not any(e.review_state for e in kept):
        return row
    for link in added:
        touched.append((machine[link.clause_id], reviewed[link.clause_id]))  # type: ignore[index]
    kept += added
    addressed = bool(kept) if (struck or added) else row.addressed
    judged = [e for e in (*kept, *struck) if e.review_state]
    states_seen = {e.review_state for e in judged}
    if row.addressed and not kept:
        item_state = "excluded" if states_seen == {"excluded"} else "rejected"
    elif "corrected" in states_seen:
        item_state = "corrected"
    elif struck:
        item_state = "reviewed"
    elif states_seen == {"confirmed"}:
        item_state = "confirmed"
    elif states_seen == {"disputed"}:
        item_state = "disputed"
    else:
        item_state = "reviewed"
    return replace(
        row,
        addressed=addressed,
        evidence=tuple(sorted(kept, key=lambda e: e.start)),
        detail=(_reviewed_detail(row.key, row.detail, touched, kept, reviewed) if addressed
                else {}),
        review_state=item_state,
        review="; ".join(dict.fromkeys(e.review for e in judged if e.review)),
        struck=tuple(struck),
        machine_addressed=row.addressed if addressed != row.addressed else None,
    )


def _added_evidence(key, machine, reviewed, states, version_id) -> list[EvidenceLink]:
    """Sentences of a gap's version that count toward it only once reviewers added or
    corrected a value (the machine did not find the requirement)."""
    out = []
    for pk, clause in reviewed.items():
        state = states.get(pk)
        if clause.version_id != version_id or state is None or state.excluded:
            continue
        marks = [m for m in state.marks if not m.disputed and _relevant(key, m)
                 and m.state in ("add_missing", "correct")]
        if marks and supports(key, clause) and not supports(key, machine[pk]):
            out.append(EvidenceLink(clause.start, clause.end, pk, clause.text,
                                    review_state="corrected", review=_summary(marks)))
    return out


def _retention(clause: Clause) -> dict[str, Any] | None:
    qualifier = clause.retention_qualifier or ""
    if not clause.retention_duration and qualifier in ("", "unspecified"):
        return None
    return {"duration": clause.retention_duration or None, "qualifier": qualifier or "fixed"}


def _reviewed_detail(key: str, detail: dict[str, Any], touched: list[tuple[Clause, Clause]],
                     kept: list[EvidenceLink], reviewed: dict[int, Clause]) -> dict[str, Any]:
    """The typed detail with the reviewed values of the judged evidence sentences: values
    reviewers removed leave it (unless another evidence sentence still states them; the
    detail's values from passing sentences beyond the stored evidence are kept as they are),
    values they added or corrected join it."""
    names = DETAIL_OF.get(key, ())
    if not touched or not names:
        return detail
    out = {k: list(v) for k, v in detail.items()}
    kept_ids = {e.clause_id for e in kept}
    remaining = [reviewed[e.clause_id] for e in kept if e.clause_id in reviewed]
    for name in names:
        if name == "retention":
            continue
        still = list(dict.fromkeys(v for r in remaining for v in getattr(r, name) or ()))
        removed = {v for m, _ in touched for v in getattr(m, name) or ()} - set(still)
        values = [v for v in out.get(name, []) if v not in removed]
        out[name] = values + [v for v in still if v not in values]
    if "retention" in names:
        periods = list(out.get("retention", []))
        stated = [p for p in map(_retention, remaining) if p is not None]
        for m, r in touched:
            before, after = _retention(m), _retention(r) if r.pk in kept_ids else None
            if before in periods and before not in stated:
                periods.remove(before)
            if after is not None and after not in periods:
                periods.append(after)
        out["retention"] = periods
    return {k: v for k, v in out.items() if v}
