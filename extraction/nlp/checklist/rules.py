"""``policy_checklist``: which GDPR Art. 13/14 requirements a DocumentAnalysis addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..types import Clause, DocumentAnalysis, Retention
from .patterns import (
    FIELDS,
    LEGAL_BASIS_PATTERNS,
    LISTED,
    MAX_EVIDENCE,
    RULES,
    SAFEGUARD_PATTERNS,
    SECTIONS,
    THRESHOLD,
    Rule,
)
from .types import REQUIREMENT_KEYS, Checklist, ChecklistItem, EvidenceSpan, ItemDetail

CHECKLIST_VERSION = "checklist-1.5"
_INTRO_REACH = 12
_INTRO_FACTOR = 0.6  # clauses after a list introduction ("...:") that it still frames


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    sentence: tuple[tuple[re.Pattern[str], float], ...]
    heading: tuple[tuple[re.Pattern[str], float], ...]
    veto: tuple[re.Pattern[str], ...]


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Dots that do not end a sentence: inside e-mail addresses, web addresses and common
# abbreviations. The patterns use ``[^.]{0,n}`` to stay within one sentence, so "email us at
# help@example.com to unsubscribe" or "(e.g. a court)" must not look like two sentences.
# The mask keeps every offset (one character for one).
MASK = "\u2024"  # ONE DOT LEADER
_NON_FINAL_DOTS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|uk|de|fr|eu|in|au|ca|app|info|me|ai|dev)\b"
    r"|\b(?:e\.g|i\.e|etc|incl|approx|viz|cf|vs|no|nos|inc|ltd|co|corp|st)\.(?=\s*[\w(,])",
    re.I,
)


def mask_dots(text: str) -> str:
    """``text`` with its non-final dots replaced by ``MASK`` (same length, same offsets)."""
    if "." not in text:
        return text
    return _NON_FINAL_DOTS.sub(lambda m: m.group().replace(".", MASK), text)


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Compiled, ...]:
    keys = [r.key for r in RULES]
    if tuple(keys) != REQUIREMENT_KEYS:
        raise ValueError(f"checklist rules out of order or incomplete: {keys}")
    return tuple(
        _Compiled(
            rule,
            tuple((_c(p), w) for p, w in rule.sentence),
            tuple((_c(p), w) for p, w in rule.heading),
            tuple(_c(p) for p in rule.veto),
        )
        for rule in RULES
    )


@lru_cache(maxsize=1)
def _detail_patterns() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], ...]:
    return (
        tuple((name, _c(p)) for name, p in LEGAL_BASIS_PATTERNS),
        tuple((name, _c(p)) for name, p in SAFEGUARD_PATTERNS),
    )


def _contexts(analysis: DocumentAnalysis) -> list[str]:
    """For each clause: its section heading and the list introduction framing it, if any."""
    out: list[str] = []
    intro: tuple[int, int, str] | None = None  # (clause index, section index, text)
    for i, clause in enumerate(analysis.clauses):
        heading = ""
        if 0 <= clause.section_index < len(analysis.sections):
            heading = analysis.sections[clause.section_index].heading
        framing = heading
        if intro is not None and intro[1] == clause.section_index and i - intro[0] <= _INTRO_REACH:
            framing = f"{heading}\n{intro[2]}"
        out.append(framing)
        if clause.text.rstrip().endswith(":"):
            intro = (i, clause.section_index, clause.text)
    return out


def _field_score(key: str, clause: Clause) -> float:
    score = 0.0
    for f_key, name, weight, value in FIELDS:
        if f_key != key:
            continue
        got = getattr(clause, name)
        if value is None and got:
            score += weight
        elif value is not None and value in got:
            score += weight
    for s_key, section, weight in SECTIONS:
        if s_key == key and section in clause.sections:
            score += weight
    return score


def sentence_scores(
    analysis: DocumentAnalysis,
) -> dict[str, list[tuple[float, int]]]:
    """Per requirement key: (score, clause index) of every clause scoring above zero."""
    compiled = _compiled()
    contexts = _contexts(analysis)
    heading_cache: dict[tuple[str, str], float] = {}
    out: dict[str, list[tuple[float, int]]] = {r.key: [] for r in RULES}
    for i, clause in enumerate(analysis.clauses):
        text = mask_dots(clause.text)
        context = contexts[i]
        for comp in compiled:
            key = comp.rule.key
            base = sum(w for p, w in comp.sentence if p.search(text))
            base += _field_score(key, clause)
            ck = (key, context)
            if ck not in heading_cache:
                heading_cache[ck] = max(
                    (w for p, w in comp.heading if p.search(context)), default=0.0
                )
            head = heading_cache[ck]
            if base <= 0 and not (comp.rule.heading_alone and head > 0):
                continue
            score = base + head
            if comp.rule.heading_alone and base <= 0:
                score = head * 2  # a sentence under an explicit heading addresses it
            if score > 0 and any(v.search(text) for v in comp.veto):
                continue
            if score > 0:
                if key in LISTED and text.rstrip().endswith(":"):
                    score *= _INTRO_FACTOR  # an introduction: its list items say it
                out[key].append((score, i))
    return out


def policy_checklist(analysis: DocumentAnalysis) -> Checklist:
    """The checklist of one analysed policy: every requirement, addressed or a gap."""
    scores = sentence_scores(analysis)
    clauses = analysis.clauses
    items: list[ChecklistItem] = []
    for key in REQUIREMENT_KEYS:
        passing = [(s, i) for s, i in scores[key] if s >= THRESHOLD]
        if not passing:
            items.append(ChecklistItem(key, False))
            continue
        best = sorted(passing, key=lambda x: (-x[0], x[1]))[:MAX_EVIDENCE]
        evidence = tuple(
            EvidenceSpan(clauses[i].start, clauses[i].end, round(s, 2))
            for s, i in sorted(best, key=lambda x: x[1])
        )
        detail = _detail(key, [clauses[i] for _, i in passing])
        items.append(ChecklistItem(key, True, evidence, detail))
    rights = tuple(i.key for i in items if i.addressed and i.key.startswith("right_"))
    items = [
        ChecklistItem(i.key, i.addressed, i.evidence, _with_rights(i.detail, rights))
        if i.key == "right_access" and i.addressed else i
        for i in items
    ]
    return Checklist(tuple(items), CHECKLIST_VERSION)


def _with_rights(detail: ItemDetail, rights: tuple[str, ...]) -> ItemDetail:
    return ItemDetail(
        retention=detail.retention, countries=detail.countries, safeguards=detail.safeguards,
        rights=rights, legal_bases=detail.legal_bases,
    )


def _uniq(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _detail(key: str, clauses: list[Clause]) -> ItemDetail:
    bases, safeguards = _detail_patterns()
    if key == "retention_period":
        periods: list[Retention] = []
        for c in clauses:
            if c.retention is not None and c.retention not in periods:
                periods.append(c.retention)
        return ItemDetail(retention=tuple(periods))
    if key == "third_country_transfers":
        return ItemDetail(
            countries=_uniq([code for c in clauses for code in c.countries]),
            safeguards=_uniq([n for c in clauses for n, p in safeguards if p.search(c.text)]),
        )
    if key == "legal_basis":
        return ItemDetail(
            legal_bases=_uniq([n for c in clauses for n, p in bases if p.search(c.text)])
        )
    if key == "data_categories":
        return ItemDetail(data_types=_uniq([d for c in clauses for d in c.data_types]))
    if key == "purposes":
        return ItemDetail(purposes=_uniq([p for c in clauses for p in c.purposes]))
    if key == "recipients":
        return ItemDetail(
            recipient_categories=_uniq([r for c in clauses for r in c.recipient_categories]),
            recipient_names=_uniq([r for c in clauses for r in c.recipient_names]),
        )
    return ItemDetail()
