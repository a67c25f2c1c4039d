"""Typed clause values from cue matches: practice, negation, modality, data types, purposes,
recipients, retention, rights, countries and children's age, each with its evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .confidence import Signs, is_hedged, is_long
from .cue_filters import residence_places
from .denial import (
    Denial,
    company_negations,
    condition_spans,
    dnt_stance,
    in_condition,
    is_scope_statement,
    read_denial,
)
from .dt_scope import out_of_scope, state_privacy_notice
from .patterns.values import (
    DATA_TYPES_LIST_ONLY,
    DATA_TYPES_TRACKED,
    DATA_TYPES_WEAK,
    PRACTICE_PRIORITY,
)
from .retention import number_of, read_retention
from .rule_scoring import Cue
from .sharing import shared_to
from .types import Evidence, Retention

_BREAK = re.compile(r"[;.]|\bbut\b|\bhowever\b|\bexcept\b", re.I)
_NEAR = 60
_ACTING = {"collect", "share", "sell", "track", "retain", "transfer"}
_WEAK = {norm for phrase in DATA_TYPES_WEAK for norm in (phrase, phrase.replace("-", " - "))}
_WEAK |= {w.replace(",", " ,") for w in DATA_TYPES_WEAK}
_LIST_ONLY = {n for p in DATA_TYPES_LIST_ONLY for n in (p, p.replace("-", " - "))}
_WEAK |= _LIST_ONLY
# "make available" shares only when a recipient follows ("... available to partners").
_AVAILABLE = {"make available", "made available"}
# "credit card processing", "processing credit card payments", "payment processors": the name of
# a service a vendor performs, not card data collected or shared.
_CARD_SERVICE_AFTER = re.compile(
    r"\s*(?:(?:and|or|/)\s*[\w-]+\s+)?(?:payments?\s+)?(?:processing|processors?|clearing)\b", re.I
)
_CARD_SERVICE_BEFORE = re.compile(r"\bprocess(?:es|ed|ing)?\s+(?:the\s+|of\s+)?$", re.I)
# "assigned by your Internet Service Provider", "controlled by your ISP", "the place you enter
# the Internet, like your ISP": the provider as the one who acts, not the data of which it is.
_ISP_ACTOR = re.compile(
    r"\b(?:by|like|such\s+as)\s+(?:your|the|an?)?\s*(?:internet\s+service\s+provider\s*\(\s*)?$",
    re.I,
)
_ISPS = {"isp", "internet service provider"}
_CARDS = {"credit card", "credit cards", "debit card", "payment card", "billing", "payment"}
# Contact details of the company itself ("contact us by email at", "write to us at our postal
# address", "call our toll-free telephone number"): a channel to reach it, not the user's data.
_COMPANY_CHANNEL = re.compile(
    r"\b(?:contact|write to|call|e-?mail|reach|notify|mail|fax|phone|message|text) us\b"
    r"|\b(?:to|reach) us (?:at|by|via)\b|\bus (?:at|by|via)\b"
    r"|\b(?:our|the following|this|the (?:above|below)(?:-[\w]+)?) (?:[\w-]+ ){0,2}$",
    re.I,
)
# Data named as left out of what is collected or used ("the data does not include your name or
# e-mail address", "(not including your name)", "but not your address", "excluding your name",
# "we do not associate this data with your name"): not a data type of the clause.
_EXCLUDING = re.compile(
    r"\b(?:(?:not|never|n[’']t)\s+(?:\w+\s+)?(?:include|includes|including|contain|contains"
    r"|containing)|excluding|but not(?!\s+(?:be\s+)?limited)"
    r"|(?:not|never)\s+(?:be\s+)?(?:associated?|linked|link|combined?|connected|connect)\b"
    r"(?:[^.;]{0,60}?\bwith)?)\b",
    re.I,
)
# "demographic studies", "statistical, demographic and marketing analyses": a kind of analysis,
# not demographic data.
_ANALYSIS_AFTER = re.compile(
    r"\W*(?:(?:and|or|,)\s*)?(?:[\w-]+\s*,?\s*(?:and|or)?\s*){0,2}?"
    r"(?:studies|study|analysis|analyses|reports?|research|surveys?)\b",
    re.I,
)
# "... the contact information listed below", "the e-mail address provided above": the
# company's own address, given elsewhere in the notice.
_LISTED_HERE = re.compile(
    r"\W*(?:(?:is|are)\s+)?(?:(?:listed|provided|given|shown|set out|set forth|found|noted"
    r"|posted|included|designated|specified)\s+)?(?:below|above|at the (?:end|bottom|top)\b)",
    re.I,
)
# A definition of a term ('"Personal information" means ...', "by personal data we mean
# information that ...", "X is information which identifies you, such as your name"): examples
# of what a term covers, not data the company collects.
_DEFINITION = re.compile(
    r"\b(?:means|we mean|refers? to|is defined as|(?:is|are)\s+(?:any\s+)?(?:information|data)"
    r"\s+(?:that|which))\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“(]?[A-Z])|\n")
# "email" as the message that carries a web beacon or pixel, not the user's address.
_MESSAGE = {"email", "e-mail", "emails", "e-mails"}
# A pointer to other text ("for more information about cookies, see ...", "please see our
# Cookie Guide", "to learn more about how we use cookies"): it names a topic, not data.
_POINTER = re.compile(
    r"\b(?:(?:more|further|additional|general)\s+information\s+(?:about|on|regarding|concerning)"
    r"|learn more about|(?:please\s+)?(?:see|refer to)\s+(?:our|the)\b)"
    r"[^.;:]*$",
    re.I,
)
_TO_AFTER = re.compile(r"\s+(?:[\w’'-]+\s+){0,3}?to\b", re.I)
_GRANT_FIRST = {"you can", "you may", "right to", "opt out", "opt-out", "opt - out", "unsubscribe"}


@dataclass
class Values:
    practice: str | None = None
    negated: bool = False
    modality: str | None = None
    data_types: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    recipient_names: list[str] = field(default_factory=list)
    recipient_categories: list[str] = field(default_factory=list)
    retention: Retention | None = None
    rights: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    children_age: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    scope: str | None = None
    dnt_stance: str | None = None
    denial: Denial | None = None  # how the clause's negation was read, when it has one
    indirect: bool = False  # the practice was read from a passive or indirect pattern
    signs: Signs = field(default_factory=lambda: Signs(False, False))

    def add(self, name: str, value: str, cue: Cue) -> None:
        """Record ``value`` in list field ``name`` with its evidence (once)."""
        target: list[str] = getattr(self, name)
        if value not in target:
            target.append(value)
            self.evidence.append(Evidence(name, value, cue.start, cue.end))


def _outside(cue: Cue, spans: Sequence[Cue]) -> bool:
    return not any(
        s.start <= cue.start and cue.end <= s.end and (s.end - s.start) > (cue.end - cue.start)
        for s in spans
    )


def _supported(cue: Cue, dts: Sequence[Cue], acting: Sequence[Cue]) -> bool:
    """A weak data-type phrase counts near a practice verb or in a list of data types."""
    if not acting:
        return False
    if cue.phrase not in _LIST_ONLY and any(abs(p.start - cue.start) <= _NEAR for p in acting):
        return True
    return any(
        d.phrase != cue.phrase and d.phrase not in _WEAK and abs(d.start - cue.start) <= _NEAR
        for d in dts
    )


# The user handing the data over ("you provide your e-mail address", "asked to submit your name",
# "enter your address"), or the service using it ("we use your e-mail address to ..."): a weak
# phrase shortly after one of these, in the same clause, names data the service handles.
_PROVIDED = re.compile(
    r"\b(?:provid(?:e|es|ed|ing)|submit(?:s|ted|ting)?|suppl(?:y|ies|ied|ying)|enter(?:s|ed|ing)?"
    r"|giv(?:e|es|ing)|uses?)\s+(?:us\s+)?(?:with\s+)?(?:your|their|his\s+or\s+her)\b"
    r"|\b(?:you|users|visitors|customers|members)\s+(?:\w+\s+)?(?:provide|submit|supply"
    r"|enter|give)\b",
    re.I,
)


_POSSESSIVE = re.compile(r"\b(?:your|their|his\s+or\s+her)\s+$", re.I)


def _provided(text: str, base: int, cue: Cue) -> bool:
    """A verb of providing or using (``_PROVIDED``) comes shortly before the phrase, with no
    break of the clause between."""
    before = text[max(0, cue.start - base - _NEAR):cue.start - base]
    if cue.phrase not in _MESSAGE and _POSSESSIVE.search(before):
        return True
    ends = [m.end() for m in _PROVIDED.finditer(before)]
    return bool(ends) and not _BREAK.search(before, ends[-1])


def _company_channel(text: str, base: int, cue: Cue) -> bool:
    """The contact phrase names a way to reach the company, in the same sentence shortly
    before it ("please contact us by email at", "write to us at our mailing address")."""
    before = text[max(0, cue.start - base - 60):cue.start - base]
    before = _BREAK.split(before)[-1]
    return bool(_COMPANY_CHANNEL.search(before) or _LISTED_HERE.match(text, cue.end - base))


# "Contact Information" opening a passage as its title ("Contact Information Questions about
# this policy may be sent to ..."): the name of the part of the notice, not the user's data.
_CONTACT_TITLES = {"contact information", "contact details", "contact info"}
_TITLE_LEAD = re.compile(r"[\s\d.)(-]*")  # a number or bullet may come first ("7. ")
_TITLE_NEXT = re.compile(r"\s*[:.\-–]?\s*[A-Z]")


def _run_in_title(text: str, base: int, cue: Cue) -> bool:
    """The phrase opens the passage, written as a title, and a new sentence follows it."""
    start = cue.start - base
    written = text[start:cue.end - base]
    return (
        _TITLE_LEAD.fullmatch(text, 0, start) is not None and written[:1].isupper()
        and bool(_TITLE_NEXT.match(text, cue.end - base))
    )


def _excluded(text: str, base: int, cue: Cue) -> bool:
    """The data-type phrase is in a list of data said to be left out ("does not include your
    name, address or telephone number, but ..."), up to the next break of the clause."""
    before = text[max(0, cue.start - base - 120):cue.start - base]
    openers = list(_EXCLUDING.finditer(before))
    if not openers:
        return False
    last = openers[-1]
    between = before[last.end():]
    return not (_BREAK.search(between) or ")" in between)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    """Offsets in ``text`` of the sentence around offset ``pos``."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    end = _SENTENCE_END.search(text, pos)
    return start, end.start() if end else len(text)


def _sentence(text: str, pos: int) -> str:
    """The sentence of ``text`` around offset ``pos``."""
    start, end = _sentence_span(text, pos)
    return text[start:end]


def _out_of_scope(text: str, base: int, cue: Cue, verbs: Sequence[Cue]) -> bool:
    """The phrase names no data handled by the service (``dt_scope.out_of_scope``)."""
    start, end = _sentence_span(text, cue.start - base)
    at = cue.start - base - start
    handled = any(start <= v.start - base < end for v in verbs)
    return out_of_scope(text[start:end], at, at + cue.end - cue.start, cue.phrase, handled)


@lru_cache(maxsize=256)
def _definition_at(sentence: str) -> int:
    """Offset of the first definition phrase of ``sentence``, -1 when it has none (the same
    sentence is asked once per data-type phrase in it and again for its passage)."""
    found = _DEFINITION.search(sentence)
    return found.start() if found else -1


def _in_definition(
    text: str, base: int, cue: Cue, acting: Sequence[Cue], dts: Sequence[Cue]
) -> bool:
    """The phrase is an example in a sentence that defines a generic term ("personal
    information means ...") and states no practice. A defined term that is itself a data type
    ("demographic information is information that ...") keeps its examples."""
    sentence = _sentence(text, cue.start - base)
    found = _definition_at(sentence)
    if found < 0:
        return False
    start = base + text.find(sentence, max(0, cue.start - base - len(sentence)))
    term, end = start + found, start + len(sentence)
    return not any(start <= p.start < end for p in acting) and not any(
        start <= d.start < term for d in dts
    )


def _tracked_message(text: str, base: int, cue: Cue, dts: Sequence[Cue]) -> bool:
    """An e-mail named in a sentence about tracking technologies ("web beacons in our emails
    tell us whether you opened them"): the message tracked, not contact data."""
    return cue.phrase in _MESSAGE and _in_tracking_sentence(text, base, cue, dts)


def _in_tracking_sentence(text: str, base: int, cue: Cue, dts: Sequence[Cue]) -> bool:
    """Whether the sentence of ``cue`` names a tracking technology (a cookies_tracking data
    type: "cookies", "web beacons", "pixel tags")."""
    sentence = _sentence(text, cue.start - base)
    start = base + text.find(sentence, max(0, cue.start - base - len(sentence)))
    end = start + len(sentence)
    return any(d.key == "cookies_tracking" and start <= d.start < end for d in dts)


def _same_sentence_as(text: str, base: int, cue: Cue, others: Sequence[Cue]) -> bool:
    """Whether one of ``others`` lies in the sentence of ``cue`` (an e-mail address written
    out beside "e-mail us" or "send your request by email": the company's address)."""
    if not others:
        return False
    sentence = _sentence(text, cue.start - base)
    start = base + text.find(sentence, max(0, cue.start - base - len(sentence)))
    return any(start <= o.start < start + len(sentence) for o in others)


# A country name that is part of another name: a state ("New Jersey", "New Mexico"), a company
# ("Google Ireland Limited", "Meta Platforms Ireland Ltd."), or a legal regime or authority
# ("UK GDPR", "the Irish ... authority" is not matched, "UK data protection authority").
_NAME_BEFORE = re.compile(r"\bNew\s+$")
_NAME_AFTER = re.compile(
    r"\s+(?:Limited|Ltd|LLC|Inc|GmbH|B\.?V\.?|S\.?A\.?R\.?L|SARL|SAS|AG|Pty|plc|Unlimited)\b"
    r"|\s*(?:GDPR|[Dd]ata\s+[Pp]rotection\s+(?:[Aa]ct|[Aa]uthorit|[Cc]ommission|[Ll]aw|[Rr]egulat)"
    r"|[Ss]upervisory\s+[Aa]uthorit|[Ii]nformation\s+[Cc]ommissioner)"
)


def _names_no_place(text: str, base: int, cue: Cue) -> bool:
    """Whether the country ``cue`` is part of a state's, company's or regime's name."""
    start, end = cue.start - base, cue.end - base
    if not cue.phrase.startswith("new") and _NAME_BEFORE.search(text, max(0, start - 5), start):
        return True
    return bool(_NAME_AFTER.match(text, end))


def _within(cue: Cue, spans: Sequence[Cue]) -> bool:
    return any(s.start <= cue.start and cue.end <= s.end for s in spans)


def _negation_of(text: str, base: int, target: Cue, negs: Sequence[Cue]) -> Cue | None:
    """The negation cue that negates ``target`` (shortly before it, no break between)."""
    for neg in negs:
        if neg.end <= target.start and target.start - neg.end <= 40:
            between = text[neg.end - base:target.start - base]
            if not _BREAK.search(between):
                return neg
    return None


def _negated(text: str, base: int, target: Cue, negs: Sequence[Cue]) -> bool:
    return _negation_of(text, base, target, negs) is not None


def _choose_practice(
    text: str, base: int, pracs: Sequence[Cue], negs: Sequence[Cue]
) -> tuple[Cue | None, bool]:
    if not pracs:
        return None, False
    negated = [p for p in pracs if p.key not in ("grant", "use") and _negated(text, base, p, negs)]
    rank = {key: i for i, key in enumerate(PRACTICE_PRIORITY)}
    if negated:
        neg = min(negated, key=lambda c: (rank.get(c.key, 99), c.start))
        later = [
            p for p in pracs
            if p.start > neg.end and p.key not in ("grant", "use") and p not in negated
            and _BREAK.search(text[neg.end - base:p.start - base])
        ]
        if later:
            return later[0], False
        return neg, True
    ordered = sorted(pracs, key=lambda c: c.start)
    first = ordered[0]
    if first.key == "grant" and first.phrase in _GRANT_FIRST:
        return first, False
    non_use = [p for p in ordered if p.key not in ("use", "grant")]
    pool = non_use or ordered
    best = min(pool, key=lambda c: (rank.get(c.key, 99), c.start))
    return best, _negated(text, base, best, negs)


def extract_values(
    text: str, base: int, cues: Sequence[Cue], sections: Sequence[str], acting: bool = False
) -> Values:
    """Typed values of one clause. ``text`` is the clause, ``base`` its offset."""
    v = Values()
    by: dict[str, list[Cue]] = {}
    for item in cues:
        by.setdefault(item.kind, []).append(item)
    secs = set(sections)
    dnt = [c for c in by.get("right", []) if c.key == "do_not_track"]
    all_negs = [n for n in by.get("neg", []) if _outside(n, dnt)]
    all_pracs = [
        p for p in by.get("prac", [])
        if not _within(p, dnt) and not (
            p.phrase in _AVAILABLE and not _TO_AFTER.match(text, p.end - base)
        )
    ]
    conditions = condition_spans(text) if (all_negs or all_pracs) else []
    negs = company_negations(text, base, all_negs, conditions)
    pracs = [p for p in all_pracs if not in_condition(text, p.start - base, conditions)]
    pracs = pracs or all_pracs
    scope_statement = bool(all_negs) and is_scope_statement(text)

    cue, v.negated = _choose_practice(text, base, pracs, negs)
    if cue is not None and v.negated:
        neg = _negation_of(text, base, cue, negs)
        if neg is not None:
            rights = [r for r in by.get("right", []) if 0 <= r.start - neg.end <= 25]
            v.denial = read_denial(text, base, neg, cue, right_follows=bool(rights))
            v.negated = v.denial.company
            v.scope = v.denial.scope
            if v.denial.kind == "right_denied" and rights:
                cue = Cue("prac", "grant", rights[0].phrase, rights[0].start, rights[0].end)
    if scope_statement:
        v.denial = v.denial or read_denial(text, base, all_negs[0], cue)
        v.scope, v.negated, cue = v.denial.scope, False, None
    if not v.negated:
        shared = shared_to(text, base, cue, by)
        if shared is not None:
            cue, v.indirect = shared, True
    countries = [
        c for c in by.get("country", [])
        if text[c.start - base].isupper() and not _names_no_place(text, base, c)
    ]
    resident, leads = residence_places(text, base, countries, cues)
    countries = [c for c in countries if c not in resident]
    has_loc = any(
        not any(s <= c.start < e for s, e in leads) for c in by.get("locx", [])
    ) or "transfers" in secs
    if cue is not None:
        v.practice = cue.key
        if v.practice in ("retain", "use", "collect") and countries and has_loc:
            v.practice = "transfer"
        v.evidence.append(Evidence("practice", v.practice, cue.start, cue.end))
    if dnt:
        if v.practice not in ("share", "sell"):
            v.practice = "track"
        v.dnt_stance = dnt_stance(text)
        # eval contract: ``negated`` only when the policy says it ignores the signal
        v.negated = v.dnt_stance == "ignored"
        if v.dnt_stance != "ignored":
            v.scope = None

    mods = sorted(by.get("mod", []), key=lambda c: c.start)
    if mods:
        before = [m for m in mods if cue is None or m.start <= cue.start]
        chosen = before[-1] if before else mods[0]
        v.modality = chosen.key
        v.evidence.append(Evidence("modality", chosen.key, chosen.start, chosen.end))

    blockers = [c for c in cues if c.kind in ("age", "childx", "duration")]
    dts = by.get("dt", [])
    verbs = [p for p in pracs if p.key in _ACTING]
    addresses = by.get("email", [])
    if dts and state_privacy_notice(text):
        dts = []
    for c in sorted(dts, key=lambda c: c.start):
        if scope_statement or not _outside(c, dts):
            continue
        if c.phrase in _WEAK and not acting and not _supported(c, dts, verbs) and not (
            c.phrase not in _LIST_ONLY and _provided(text, base, c)
        ):
            continue
        if c.key == "demographic" and not _outside(c, blockers):
            continue
        if c.phrase in DATA_TYPES_TRACKED and _in_tracking_sentence(text, base, c, dts):
            continue
        if c.key == "contact" and (
            _company_channel(text, base, c) or _tracked_message(text, base, c, dts)
            or _same_sentence_as(text, base, c, addresses)
        ):
            continue
        if c.phrase in _CONTACT_TITLES and _run_in_title(text, base, c):
            continue
        if _POINTER.search(text[max(0, c.start - base - 200):c.start - base]):
            continue
        if _excluded(text, base, c) or _in_definition(text, base, c, verbs, dts):
            continue
        if c.phrase == "demographic" and _ANALYSIS_AFTER.match(text, c.end - base):
            continue
        at = c.start - base
        if c.phrase in _ISPS and _ISP_ACTOR.search(text, max(0, at - 50), at):
            continue
        if c.phrase in _CARDS and (
            _CARD_SERVICE_AFTER.match(text, c.end - base)
            or _CARD_SERVICE_BEFORE.search(text[max(0, c.start - base - 30):c.start - base])
        ):
            continue
        if c.key == "demographic" and c.phrase == "age" and by.get("childx"):
            continue
        if _out_of_scope(text, base, c, verbs):
            continue
        v.add("data_types", c.key, c)

    if v.practice not in (None, "protect", "notify"):
        measures = "security" in secs
        for c in sorted(by.get("pur", []), key=lambda c: c.start):
            if c.key == "security" and not _security_purpose(text, base, c, measures):
                continue
            v.add("purposes", c.key, c)

    names = by.get("rn", [])
    for c in sorted(names, key=lambda c: c.start):
        written = text[c.start - base:c.end - base]
        if written.islower() or not _outside(c, names):
            continue
        v.add("recipient_names", c.key, c)
    if not scope_statement and ("sharing" in secs or v.practice in ("share", "sell", "transfer")):
        rcs = by.get("rc", [])
        places = by.get("anyc", [])
        for c in sorted(rcs, key=lambda c: c.start):
            if _outside(c, rcs) and not _within(c, places):
                v.add("recipient_categories", c.key, c)

    if "rights" in secs or v.practice == "grant" or dnt:
        rights = [c for c in by.get("right", []) if _outside(c, by.get("right", []))]
        for c in sorted(rights, key=lambda c: c.start):
            v.add("rights", c.key, c)

    if countries and has_loc:
        for c in sorted(countries, key=lambda c: c.start):
            if _outside(c, countries):
                v.add("countries", c.key, c)
    if has_loc or "transfers" in secs:
        for c in by.get("anyc", [])[:1]:
            v.add("countries", "*", c)

    if by.get("childx") or "children" in secs:
        for c in by.get("age", []):
            n = number_of(c.phrase)
            if n is not None and 1 <= n <= 21:
                v.children_age = n
                v.evidence.append(Evidence("children_age", str(n), c.start, c.end))
                break

    v.retention, retention_evidence = read_retention(text, base, by, secs)
    v.evidence.extend(retention_evidence)
    neg_gap = 0
    if v.negated and cue is not None:
        neg = _negation_of(text, base, cue, negs)
        neg_gap = cue.start - neg.end if neg is not None else 0
    weak = any(
        e.field == "data_types" and text[e.start - base:e.end - base].lower() in _WEAK
        for e in v.evidence
    )
    v.signs = Signs(
        practice=v.practice is not None,
        values=bool(v.data_types or v.recipient_names or v.recipient_categories or v.rights
                    or v.countries or v.retention or v.purposes),
        indirect=v.indirect,
        denial=v.negated,
        far_negation=neg_gap > 20,
        scoped=v.scope is not None,
        condition=bool(conditions),
        hedged=is_hedged(text),
        weak_phrase=weak,
        long=is_long(text),
    )
    return v


_SECURITY_FRAME = re.compile(
    r"\b(?:for|to|of|ensure|maintain|improve|protect|prevent|detect|keep)\b[^.;,]{0,30}$", re.I
)
_SECURITY_ALWAYS = {"fraud", "prevent abuse", "verify your identity", "verify and confirm"}


def _security_purpose(text: str, base: int, cue: Cue, measures: bool) -> bool:
    """Security is a purpose when named as one ("to prevent fraud", "for security purposes"),
    not in a sentence that describes security measures ("stored in a secure manner")."""
    if cue.phrase in _SECURITY_ALWAYS:
        return True
    if measures or cue.phrase == "secure":
        return False
    before = text[max(0, cue.start - base - 40):cue.start - base]
    return bool(_SECURITY_FRAME.search(before))
