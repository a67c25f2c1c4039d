"""One verdict per (company, field, value) from the statements about it: pure, no query.

``verdict(question, statements)`` decides; the page, the API and the exports all show what it
returns. The rules (a denial is a strong claim: it counts only for the scope it states):

- an affirmative statement beats a **narrower** denial: a denial limited to a scope
  ("our cookies do not collect your email address", scope "cookies") does not contradict
  "we collect your email address" (no scope) → ``stated``, the denial kept as ``limited``; a
  scope that is the value itself ("never share ... for marketing purposes" on the value
  *shared for marketing*, see ``scope_covers``) is not narrower than it;
- a denial for the whole scope with no affirmative → ``denied``;
- a denial for the whole scope *and* an affirmative ("we never share for marketing" vs "we
  share with partners for their marketing"), or a denial and an affirmative limited to the same
  scope → ``conflicting``: a genuine contradiction, shown with both sentences;
- only narrower denials, or nothing → ``not_stated`` (the limited denials stay visible);
- when any statement is ``reviewed`` (an analyst's), only the reviewed statements decide.

Confidence: of a stated or denied value, the best of its deciding statements; of a conflict,
the weaker of its two sides' best (both must be real for the contradiction to be); none when
nothing is stated. Below ``policies.values.LOW_CONFIDENCE`` a value is marked low-confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from comparison.types import Statement, Verdict
from policies.values import LOW_CONFIDENCE

STATED, DENIED, CONFLICTING, NOT_STATED = "stated", "denied", "conflicting", "not_stated"
STATUSES: tuple[str, ...] = (STATED, DENIED, CONFLICTING, NOT_STATED)

# question -> (what a stated value says, what a denied one says)
QUESTION_LABELS: dict[str, tuple[str, str]] = {
    "collected": ("collected", "not collected"),
    "shared": ("shared", "not shared"),
    "shared_with": ("shares with", "does not share with"),
    "shared_for": ("shared for", "not shared for"),
    "offered": ("offered", "not offered"),
    "transfer": ("transfers to", "no transfer to"),
    "do_not_track": ("honoured", "ignored"),
}
QUESTIONS: tuple[str, ...] = tuple(QUESTION_LABELS)
# Choice sets of the API schema (named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
QUESTION_CHOICES = [(q, q) for q in QUESTIONS]
STATUS_CHOICES = [(s, s) for s in STATUSES]

# Do Not Track: the stance a verdict status stands for.
DNT_STANCE_OF_STATUS = {STATED: "honoured", DENIED: "ignored", CONFLICTING: "conflicting",
                        NOT_STATED: "not_stated"}


_WORD = re.compile(r"[a-z0-9]+")
_FILLER = frozenset({"and", "the", "for", "our", "your", "with", "data", "information",
                     "personal", "purposes", "purpose"})


def scope_covers(scope: str, value: str, label: str) -> bool:
    """Whether a statement's ``scope`` is the value itself ("we never share ... for marketing
    purposes": scope "for marketing purposes", value ``marketing``): then the statement speaks
    of the whole of that value, and is not narrower than it."""
    words = set(_WORD.findall(scope.lower()))
    if value.lower() in words:
        return True
    wanted = {w for w in _WORD.findall(f"{value.replace('_', ' ')} {label}".lower())
              if len(w) > 2 and w not in _FILLER}
    return bool(wanted) and wanted <= words


def _scope_key(scope: str) -> str:
    return " ".join(scope.lower().split())


def _best_first(statements: list[Statement]) -> tuple[Statement, ...]:
    return tuple(sorted(statements, key=lambda s: -s.confidence))


def status_label(question: str, status: str) -> str:
    yes, no = QUESTION_LABELS.get(question, ("stated", "denied"))
    return {STATED: yes, DENIED: no, CONFLICTING: "conflicting",
            NOT_STATED: "not stated"}[status]


def verdict(
    question: str, statements: Iterable[Statement], *, low: float = LOW_CONFIDENCE
) -> Verdict:
    """The verdict on one (company, question, value) from every statement about it."""
    statements = list(statements)
    reviewed = [s for s in statements if s.reviewed]
    if reviewed:
        statements = reviewed
    affirmed = [s for s in statements if not s.negated]
    denials = [s for s in statements if s.negated]
    whole = [s for s in denials if not s.scope]
    scoped = [s for s in denials if s.scope]
    # A denial limited to a scope contradicts an affirmative limited to the same scope.
    affirmed_scopes = {_scope_key(s.scope) for s in affirmed if s.scope}
    same_scope = [s for s in scoped if _scope_key(s.scope) in affirmed_scopes]
    limited = [s for s in scoped if s not in same_scope]
    deciding_denials = whole + same_scope

    if affirmed and deciding_denials:
        status = CONFLICTING
        if whole:
            against = affirmed
        else:
            scopes = {_scope_key(s.scope) for s in same_scope}
            against = [s for s in affirmed if _scope_key(s.scope) in scopes]
            # Affirmatives of other scopes stand on their own; list the contradicting first.
            against += [s for s in affirmed if s not in against]
        confidence = min(max(s.confidence for s in against),
                         max(s.confidence for s in deciding_denials))
        affirmed = against
    elif affirmed:
        status = STATED
        confidence = max(s.confidence for s in affirmed)
    elif whole:
        status = DENIED
        confidence = max(s.confidence for s in whole)
    else:
        status = NOT_STATED
        confidence = None
    return Verdict(
        question=question,
        status=status,
        label=status_label(question, status),
        confidence=round(confidence, 3) if confidence is not None else None,
        low_confidence=confidence is not None and confidence < low,
        affirmed=_best_first(affirmed) if status in (STATED, CONFLICTING) else (),
        denied=_best_first(deciding_denials) if status in (DENIED, CONFLICTING) else (),
        limited=_best_first(limited),
    )
