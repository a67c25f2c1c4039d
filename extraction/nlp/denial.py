"""Whose negation is it, and how far does it reach?

A negation cue ("not", "never", "no") in a sentence is a *company denial* only when it belongs
to the main clause and the company is its subject. It is not one when it sits in

* a condition ("If you do not want us to collect location ..., you may disable ...",
  "If you are not satisfied ..., you may escalate ..."),
* a statement of the notice's own scope ("This policy does not cover data ... disclosed
  through our advertising platform", "... does not include use of Cookies by such third
  parties"),
* a duty placed on others ("they are expressly obligated not to disclose ..."),
* a sentence about the user ("you may not be able to use ...", "please do not use ..."),
* a retention limit ("not keep it for any longer than they need").

A denial that is the company's may still be *scoped*: limited to what it names ("the cookies
our website uses do not collect ..." -> scope "the cookies our website uses"; "will not store
the complete credit card information" -> "the complete credit card information"; "never share
... for marketing purposes" -> "for marketing purposes"; "do not knowingly collect PII from
children under 13" -> "children under 13"). :func:`read_denial` returns both verdicts from the
clause text; pure regular expressions over one sentence, no parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .rule_scoring import Cue
from .textscan import finditer_at, may_contain

_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]\s")
# Subordinators that open a condition or circumstance; a negation inside belongs to it.
_CONDITION = re.compile(
    r"\b(?:if|when|whenever|unless|once|in case|in the event|should you|where|"
    r"whether|until|after|before|while|because|since|as long as|who|whom|whose|which)\b",
    re.I,
)
# Words one of which every _CONDITION match contains
_CONDITION_WORDS = (
    "if", "when", "unless", "once", "case", "event", "should", "where", "whether", "until",
    "after", "before", "while", "because", "since", "long", "who", "which",
)
# Where a _CONDITION match can begin (its words, case-sensitive, for ``finditer_at``)
_CONDITION_STARTS = re.compile(
    "if|when|unless|once|in case|in the event|should you|where|whether|until|after|before"
    "|while|because|since|as long as|who|which"
)
# Where a leading condition without a comma ends: the main clause's subject and modal.
_MAIN = re.compile(
    r"\b(?:you|we|users?|please|then)\s+(?:may|can|could|will|should|must|have|are|have the)\b",
    re.I,
)
_SCOPE_STATEMENT = re.compile(
    r"\b(?:this|our|the)\s+(?:online\s+|website\s+|app\s+)?(?:privacy\s+|cookie\s+)?"
    r"(?:policy|statement|notice)\b[^.;]{0,60}?"
    r"\b(?:(?:does|do|will|shall)\s+not|doesn[’']t|don[’']t|won[’']t)\s+"
    r"(?:cover|apply|include|address|govern|extend|describe|concern|relate)"
    r"|\b(?:covers|applies|apply)\s+only\b"
    r"|\b(?:are|is)\s+not\s+responsible\s+for\b",
    re.I,
)
# "they are (expressly/contractually) obligated not to ...": a duty on the subject.
_DUTY = re.compile(
    r"\b(?:obligated|obliged|required|bound|prohibited|forbidden|not\s+permitted|not\s+allowed"
    r"|contractually|agree[sd]?|instructed|committed)\b[^.;]{0,30}$",
    re.I,
)
_USER_SUBJECT = re.compile(
    r"^(?:\W*(?:and|but|or|so|that|then)\s+)?(?:you|users?|visitors?|customers?|members?"
    r"|please|individuals?|data subjects?)\b",
    re.I,
)
_OTHER_SUBJECT = re.compile(
    r"^(?:\W*(?:and|but|or|so|that)\s+)?(?:the\s+|these\s+|such\s+|those\s+|any\s+|our\s+)?"
    r"(?:(?:third[- ]party|external|other)\s+)?"
    r"(?:they|them|cookies?|pixels?|web beacons?|beacons?|plug-?ins?|third[- ]parties"
    r"|third[- ]party|service providers?|providers?|partners?|vendors?|processors?|companies"
    r"|advertisers?|networks?|social media|sites?|websites? (?:of|operated by)|apps? of)\b",
    re.I,
)
_LIMIT = re.compile(r"\b(?:no|not)\b[^.;]{0,25}\blonger than\b|\bno longer\b", re.I)
_EXCEPT_DESCRIBED = re.compile(
    r"\b(?:except|other than|save)\s+(?:as|in the (?:ways?|cases?|circumstances?))\s+"
    r"(?:described|set out|set forth|outlined|explained|stated|listed|detailed|noted|provided)"
    r"|\bexcept\s+(?:as follows|below|in the following)",
    re.I,
)
_USER_RIGHT_DENIAL = re.compile(
    r"\b(?:cannot|can\s*not|can[’']t|are not able to|will not be able to|are unable to)\s*$",
    re.I,
)
_PURPOSE_SCOPE = re.compile(
    r"\bfor\s+(?:the\s+|their\s+|its\s+|any\s+)?(?:own\s+)?(?:purposes?\s+of\s+)?"
    r"(?:direct\s+|third[- ]party\s+)?(?:marketing|advertising|promotional|commercial"
    r"|research|analytics|profiling)(?:\s+purposes?)?",
    re.I,
)
_CHILD_SCOPE = re.compile(
    r"\b(?:children|child|minors?|kids|anyone|persons?|individuals?|users?)\s+"
    r"(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?\d{1,2}"
    r"|\b(?:children|minors|kids)\b",
    re.I,
)
_LIMITING = re.compile(
    r"\b(?:(?:the|your|any)\s+)?(?:complete|full|entire|whole|raw|unencrypted|plain[- ]?text"
    r"|actual|exact|precise|sensitive|special categor(?:y|ies) of)"
    r"(?:\s+(?!(?:to|for|with|from|in|on|of|and|or|such|as|that|which|by)\b)[\w’'-]+){1,4}",
    re.I,
)
_EXCEPTION = re.compile(r"\b(?:except|unless|other than|save for)\b[^.;]{3,80}", re.I)


@dataclass(frozen=True)
class Denial:
    """How a clause's negation is read."""

    company: bool  # the company denies something
    # "denial", "right_denied", "scope_statement", "duty", "user", "limit" or "exceptions"
    kind: str
    scope: str | None = None  # what the denial is limited to, as worded


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos`` (after the last break before it)."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


def condition_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of conditional/circumstantial clauses in one sentence."""
    spans: list[tuple[int, int]] = []
    low = text.lower()
    if not may_contain(text, low, _CONDITION_WORDS):
        return spans
    for m in finditer_at(_CONDITION, _CONDITION_STARTS, text, low):
        brk = _CLAUSE_BREAK.search(text, m.end())
        end = brk.start() if brk else len(text)
        main = _MAIN.search(text, m.end() + 8, end) if end > m.end() + 8 else None
        if main:
            end = main.start()
        spans.append((m.start(), end))
    return spans


def in_condition(text: str, pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def is_scope_statement(text: str) -> bool:
    """ "This policy does not cover/apply to ...", "covers only ...", "not responsible for"."""
    lower = text.lower()
    if not (
        ("not" in lower or "n't" in lower or "n’t" in lower or "only" in lower)
        and ("polic" in lower or "statement" in lower or "notice" in lower or "responsib" in lower)
    ):
        return False
    return bool(_SCOPE_STATEMENT.search(text))


def company_negations(
    text: str, base: int, negs: Sequence[Cue], spans: Sequence[tuple[int, int]] | None = None
) -> list[Cue]:
    """The negation cues of ``text`` that are not inside a condition (``spans``, computed
    when not given)."""
    if not negs:
        return []
    spans = condition_spans(text) if spans is None else spans
    return [n for n in negs if not in_condition(text, n.start - base, spans)]


_NOTE = re.compile(
    r"^\W*(?:please\s+)?(?:note|be aware|bear in mind|remember|understand)\s+(?:that\s+)?",
    re.I,
)


def _subject(text: str, neg_pos: int) -> str:
    subject = text[_clause_start(text, neg_pos):neg_pos].strip()
    note = _NOTE.match(subject)
    return subject[note.end():] if note else subject


def read_denial(
    text: str, base: int, neg: Cue, target: Cue | None, *, right_follows: bool = False
) -> Denial:
    """How the negation ``neg`` of clause ``text`` (at offset ``base``) is to be read.

    ``target`` is the practice cue it negates (None for Do Not Track or a bare negation);
    ``right_follows`` says a right cue follows the negation ("you cannot opt out ...").
    """
    pos = neg.start - base
    after = text[neg.end - base:]
    if is_scope_statement(text):
        m = re.search(
            r"(?:cover|apply|include|address|govern|extend|describe|concern|relate)\w*\s+"
            r"(?:to\s+)?(.{3,120}?)(?:[.;]|$)",
            text[pos:],
        )
        return Denial(False, "scope_statement", m.group(1).strip() if m else None)
    subject = _subject(text, pos)
    if _LIMIT.search(text[pos:pos + 60]):
        return Denial(False, "limit")
    if _USER_SUBJECT.match(subject) or re.match(r"\s*(?:please\b)", subject, re.I):
        if right_follows and _USER_RIGHT_DENIAL.search(text[:neg.end - base]):
            scope = re.search(r"\bof\s+([^.;,]{3,80})", after)
            return Denial(True, "right_denied", scope.group(1).strip() if scope else None)
        return Denial(False, "user")
    if _DUTY.search(text[_clause_start(text, pos):pos]):
        return Denial(False, "duty")
    if _EXCEPT_DESCRIBED.search(text):
        return Denial(False, "exceptions")
    if _OTHER_SUBJECT.match(subject) and not re.match(r"^(?:we|our\s+(?:company|app|site|"
                                                      r"website|services?))\b", subject, re.I):
        return Denial(True, "denial", subject.strip(" ,").rstrip() or None)
    return Denial(True, "denial", denial_scope(text, pos))


def denial_scope(text: str, pos: int) -> str | None:
    """What a company denial at ``pos`` is limited to, as worded, or None (everything)."""
    rest = text[pos:]
    for pattern in (_LIMITING, _CHILD_SCOPE, _PURPOSE_SCOPE, _EXCEPTION):
        m = pattern.search(rest)
        if m:
            return m.group(0).strip(" ,;.")
    return None


_DNT = re.compile(r"\bdo[- ]not[- ]track\b|\bdnt\b", re.I)
_RESPOND = (
    r"(?:respond|responding|honou?r|honou?ring|recogni[sz]e|recogni[sz]ing|support|supporting"
    r"|comply|complying|process|act\s+(?:up)?on|react|acknowledge|treat|obey|observe|respect"
    r"|alter|change|modify|adjust|track\s+(?:the\s+)?signal|read|accept|follow)"
)
# "we do not (currently) respond to ...", "does not support ...", "not able to honour ..."
_DNT_IGNORED = re.compile(
    r"\b(?:not|never|n[’']t|cannot|unable to|no(?:\s+\w+)?\s+(?:means|way|mechanism|ability))"
    r"(?:\s+\w+){0,5}?\s+" + _RESPOND + r"\b"
    r"|\b(?:ignore[sd]?|ignoring|disregard\w*)\b"
    r"|\bno\s+(?:industry\s+|uniform\s+|common\s+|consensus\s+|accepted\s+|agreed\s+)*"
    r"(?:standard|consensus|agreement)"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:finali[sz]ed|agreed|established|standardi[sz]ed)",
    re.I,
)
# "we honour/support DNT", "will not be tracked", "we do not track users who ..."
_DNT_HONOURED = re.compile(
    r"\b(?:we|our\s+\w+|this\s+\w+)\s+(?:\w+\s+){0,3}?" + _RESPOND + r"s?\b"
    r"|\b(?:not|never|stop|cease)\s+(?!(?:\w+\s+){0,2}?(?:want|wish|prefer|like)\b)"
    r"(?:\w+\s+){0,3}?(?:track\w*|collect\w*|serv\w+|shar\w+|personali[sz]\w*|us(?:e|ing)"
    r"|target\w*|disabl\w+|send\w*|set|setting|plac\w+|show\w*|display\w*|deliver\w*"
    r"|load\w*|drop\w*)\b"
    r"|\b(?:will\s+be\s+)?(?:respected|honou?red|recogni[sz]ed|disabled|turned off)\b"
    r"|\bin accordance with\b",
    re.I,
)


def dnt_stance(text: str) -> str | None:
    """Stance of a sentence on Do Not Track: "honoured", "ignored" or None (not said).

    The words "do not track" are taken out first, so their "not" is not read as a negation.
    """
    if not _DNT.search(text):
        return None
    bare = _DNT.sub(" DNT ", text)
    if _DNT_IGNORED.search(bare):
        return "ignored"
    if _DNT_HONOURED.search(bare):
        return "honoured"
    return None
