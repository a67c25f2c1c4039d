"""Cue filters: evidence a passage's wording shows is not what the cue suggests.

Each filter takes a passage's cues and returns them without (or with moved) the cues that a
statement of the notice's scope, a source named after "from", where the user lives, a right's
description, a reference to collected data or a Do Not Track sentence would otherwise count.
Pure functions over the ``Cue`` tuples of ``rule_scoring``; ``analyze`` applies them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from .rule_scoring import Cue
from .textscan import may_contain

# "This privacy policy describes/applies to ...": a statement of the notice's scope names the
# topics it will cover without stating a practice (it may still name the controller).
_SCOPE = re.compile(
    r"\b(?:this|our|the)\s+(?:online\s+)?(?:privacy\s+)?(?:policy|statement|notice)\b[^.]{0,40}?"
    r"\b(?:describes|explains|applies|apply|covers|cover|sets out|tells you|informs|outlines"
    r"|governs)\b"
    # ... and so does a disclaimer about other sites' practices
    r"|\bnot responsible for\b|\blinks? to (?:other|third[- ]party|external)\b|\bno control over\b",
    re.I,
)
# Words one of which every _SCOPE match contains
_SCOPE_WORDS = ("policy", "statement", "notice", "responsible", "link", "control")
_SCOPE_KEEPS = "contact"


def states_scope(text: str) -> bool:
    """Whether ``text`` states the notice's scope or disclaims other sites' practices."""
    return may_contain(text, text.lower(), _SCOPE_WORDS) and _SCOPE.search(text) is not None


# "Links to other sites ... We are not responsible for their privacy practices": a passage that
# opens on links to other sites and disclaims them describes those sites' practices, not ours.
_LINKS_OPENING = re.compile(
    r"\b(?:links?|linked|linking)\b[^.]{0,60}?\b(?:other|third[- ]part(?:y|ies)|external"
    r"|outside|another)\b[^.]{0,20}?\b(?:web\s?sites?|sites?|services|apps?|applications"
    r"|platforms?|pages?)\b"
    r"|\b(?:third[- ]party|other|external)\s+(?:web\s?sites|sites)\s+(?:that are\s+)?linked\b",
    re.I,
)
# ... or on a heading naming them ("Third-Party Sites The ... sites contain ...")
_SITES_HEADING = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:third[- ]party|other|external|linked)\s+(?:web\s?sites|sites)\b", re.I
)
_LINKS_DISCLAIMER = re.compile(
    r"\bnot responsible\b|\bno (?:control|responsibility)\b|\bdo(?:es)? not control\b"
    r"|\bbeyond our control\b|\bgoverned by (?:the|their|its)\b[^.]{0,40}\bpolic"
    r"|\b(?:does|do|will) not (?:apply|cover)\b|\btheir own privacy\b",
    re.I,
)
# The opening must name the links this early (the first sentence or a heading before it).
_LINKS_LEAD = 160


def disclaims_linked_sites(text: str) -> bool:
    """Whether ``text`` opens on links to other sites and disclaims their practices."""
    lead = text[:_LINKS_LEAD]
    opens = _LINKS_OPENING.search(lead) is not None or _SITES_HEADING.search(lead) is not None
    return opens and _LINKS_DISCLAIMER.search(text) is not None


def scope_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the section evidence of scope sentences."""
    if not states_scope(text):
        return cues
    return _without(cues, _sentences_matching(text, base, bounds, _SCOPE), _is_scoped_out)


def _is_scoped_out(c: Cue) -> bool:
    return c.kind in ("dt", "pur") or (c.kind == "sec" and c.key != _SCOPE_KEEPS)


# "... from partners, public databases and other sources": the parties after "from" are where
# the data comes from (a source, collection evidence), not recipients. The phrase runs to the end
# of its clause or to a preposition that starts another role ("with", "to", "for").
_SOURCE = re.compile(
    r"\bfrom\b(?P<span>(?:(?!\b(?:with|to|for|and share|and disclose)\b)[^.;:!?])*)", re.I
)


def source_cues_moved(text: str, base: int, cues: Sequence[Cue]) -> Sequence[Cue]:
    """``cues`` with the sharing evidence of a data source ("from third parties") made a
    collection source cue."""
    if "from" not in text.lower() or not any(_is_sharing(c) for c in cues):
        return cues
    spans = [
        (base + m.start("span"), base + m.end("span"))
        for m in _SOURCE.finditer(text) if m.group("span").strip()
    ]
    if not spans:
        return cues
    out: list[Cue] = []
    moved = False
    for c in cues:
        inside = any(s <= c.start < e for s, e in spans)
        if inside and _is_sharing(c):
            moved = True
            continue
        out.append(c)
    if moved:
        out.append(Cue("source", "source", "", spans[0][0], spans[0][0]))
    return out


# "If you are located in the EEA", "residents of California": a region named as where the user
# lives is not where their data goes.
_RESIDENCE_LEAD = (
    r"\b(?:you are|you're|you reside|you live|residents?|citizens?|users|individuals|consumers"
    r"|regions?|visitors|(?:protection|supervisory) authority)\b"
    r"(?:\s+(?:located|based|resident|residing|living))?"
    r"\s+\(?(?:in|of|from|like|such as|outside)\b"
)
_RESIDENCE = re.compile(rf"{_RESIDENCE_LEAD}(?P<span>[^.;:]{{0,80}})", re.I)
_RESIDENCE_LEADS = re.compile(_RESIDENCE_LEAD, re.I)
# Words one of which every _RESIDENCE match contains
_RESIDENCE_WORDS = (
    "you", "resid", "citizen", "users", "individuals", "consumers", "region", "visitors",
    "authority",
)
# Cues that make a place after a residence lead-in a destination again ("If you are in the EEA,
# we transfer your data to the US"); the lead-in's own "located"/"based" does not.
_DESTINATION_PRACTICES = frozenset({"transfer", "retain", "share", "sell"})
_PLACE_CUES = frozenset({
    "eea", "european economic area", "european union", "country", "countries", "outside the",
    "outside of",
})


def residence_cues_removed(text: str, base: int, cues: Sequence[Cue]) -> Sequence[Cue]:
    """``cues`` without the transfer evidence of regions named as the user's residence."""
    if not any(_is_place(c) for c in cues):
        return cues
    spans = [(base + m.start("span") - 8, base + m.end("span")) for m in _RESIDENCE.finditer(text)]
    return _without(cues, spans, _is_place)


def residence_places(text: str, base: int, places: Sequence[Cue], cues: Sequence[Cue]) -> (
    tuple[list[Cue], list[tuple[int, int]]]
):
    """The ``places`` named as where the user lives ("If you are located in the EU or UK",
    "residents of California, Colorado or Virginia") and the offsets of the lead-ins that name
    them. A place stays a destination when a transfer, storage or other practice cue comes
    between the lead-in and it, or when a sentence or clause break ([.;:(]) does."""
    if not places or not may_contain(text, text.lower(), _RESIDENCE_WORDS):
        return [], []
    leads = [(base + m.start(), base + m.end()) for m in _RESIDENCE_LEADS.finditer(text)]
    if not leads:
        return [], []
    blockers = [
        c.start for c in cues
        if (
            c.kind == "locx" or (c.kind == "prac" and c.key in _DESTINATION_PRACTICES)
            or (c.kind == "sec" and c.key == "transfers" and c.phrase not in _PLACE_CUES)
        ) and not any(s <= c.start < e for s, e in leads)
    ]
    resident: list[Cue] = []
    for place in places:
        lead = max((e for _, e in leads if e <= place.start), default=None)
        if lead is None or place.start - lead > 80:
            continue
        gap = text[lead - base:place.start - base]
        if any(ch in gap for ch in ".;:(") or any(lead <= b < place.start for b in blockers):
            continue
        resident.append(place)
    return resident, leads


def _without(
    cues: Sequence[Cue], spans: Sequence[tuple[int, int]], drop: Callable[[Cue], bool]
) -> Sequence[Cue]:
    """``cues`` without those ``drop`` selects that start inside one of ``spans``."""
    if not spans:
        return cues
    return [c for c in cues if not (drop(c) and any(s <= c.start < e for s, e in spans))]


def _is_rights(c: Cue) -> bool:
    return c.kind == "sec" and c.key == "rights"


def _is_place(c: Cue) -> bool:
    return c.kind == "country" or (
        c.kind == "sec" and c.key == "transfers" and c.phrase in _PLACE_CUES
    )


def _is_sharing(c: Cue) -> bool:
    return (c.kind == "sec" and c.key == "sharing") or c.kind in ("rc", "rn")


def _sentences_matching(
    text: str, base: int, bounds: Sequence[int], pattern: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text`` that ``pattern`` matches."""
    if not pattern.search(text):
        return []
    starts = [base, *(b for b in bounds if b > base)]
    ends = [*starts[1:], base + len(text)]
    return [
        (s, e) for s, e in zip(starts, ends, strict=True) if pattern.search(text[s - base:e - base])
    ]


# "California's Shine the Light law lets you request a list of the third parties we disclosed
# data to": the disclosures are what a right to know asks about, not a practice stated.
_RIGHT_TO_KNOW = re.compile(
    r"\bshine the light\b|\b1798\.83\b"
    r"|\b(?:right to|request|ask|obtain)\b[^.]{0,100}?\b(?:a list|categories|information about"
    r"|disclosures?)\b[^.]{0,80}?\b(?:disclosed|shared|sold)\b",
    re.I,
)
# Words one of which every _RIGHT_TO_KNOW match contains
_RIGHT_TO_KNOW_WORDS = ("disclosed", "shared", "sold", "1798.83", "shine the light")


def right_to_know_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the sharing evidence of sentences about a right to know disclosures."""
    if not any(_is_sharing(c) for c in cues):
        return cues
    if not may_contain(text, text.lower(), _RIGHT_TO_KNOW_WORDS):
        return cues
    return _without(cues, _sentences_matching(text, base, bounds, _RIGHT_TO_KNOW), _is_sharing)


# "We use the information we collect to ...", "data collected through the app is shared with
# ...": a collecting verb that only names the data another verb acts on is a back-reference,
# not a statement that the data is collected.
_COLLECTED_REFERENCE = re.compile(
    r"\b(?:information|data|details|it)\s+(?:(?:that|which)\s+)?(?:we|i)\s+(?:may\s+)?"
    r"(?:have\s+)?(?:also\s+)?(?:collect(?:ed)?|receive[ds]?|gather(?:ed)?|obtain(?:ed)?)\b"
    r"(?:\s+or\s+(?:collect|receive|gather|obtain)\b)?"
    r"|\b(?:information|data)\s+(?:so\s+)?(?:collected|gathered|obtained)\b",
    re.I,
)
# Words one of which every _COLLECTED_REFERENCE match contains
_COLLECTED_REFERENCE_WORDS = ("collect", "receive", "gather", "obtain")
# Verbs of acting on data a back-reference may serve (body cues of these sections).
_REFERENCE_ACTS = frozenset({"use", "sharing"})


def reference_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the collection evidence of back-references ("the information we
    collect") in sentences that use or share that data."""
    if not may_contain(text, text.lower(), _COLLECTED_REFERENCE_WORDS):
        return cues
    if not any(_is_collection(c) for c in cues):
        return cues
    spans = [
        (base + m.start(), base + m.end()) for m in _COLLECTED_REFERENCE.finditer(text)
    ]
    if not spans:
        return cues
    starts = [base, *(b for b in bounds if b > base)]
    acting = {
        bisect_right(starts, c.start) for c in cues
        if c.kind == "sec" and c.key in _REFERENCE_ACTS
        and not any(s <= c.start < e for s, e in spans)
    }
    spans = [(s, e) for s, e in spans if bisect_right(starts, s) in acting]
    return _without(cues, spans, _is_collection)


def _is_collection(c: Cue) -> bool:
    return c.kind == "sec" and c.key == "collection"


_DNT = re.compile(r"\bdo[- ]not[- ]track\b|\bDNT\b", re.I)


def dnt_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the rights evidence of Do Not Track sentences (a browser signal the
    site honours or not is a tracking statement, not a right offered)."""
    if not may_contain(text, text.lower(), ("dnt", "track")):  # every _DNT match has one
        return cues
    if not any(_is_rights(c) for c in cues):
        return cues
    return _without(cues, _sentences_matching(text, base, bounds, _DNT), _is_rights)


# "Access to your data is restricted to authorised personnel", "we limit access to employees who
# need it", "role-based access controls": the company keeping others from the data is a security
# measure, not a right or choice offered to the user (unless the sentence offers one to "you").
_ACCESS_CONTROL = re.compile(
    r"\b(?:restrict|limit)(?:s|ed|ing)?\s+(?:\w+\s+){0,6}?access\b[^.;:]{0,80}?\bto\s+"
    r"(?:\w+\s+){0,3}?(?:authori[sz]ed|employees|personnel|staff|those|individuals|persons)\b"
    r"|\baccess\b[^.;:]{0,80}?\b(?:is|are|be|remains?)\s+(?:strictly\s+)?(?:restricted|limited)"
    r"\s+to\s+(?:\w+\s+){0,3}?(?:authori[sz]ed|employees|personnel|staff|those|individuals|persons)\b"
    r"|\brole-based\s+access\b",
    re.I,
)
_OFFERS_YOU = re.compile(r"\byou\s+(?:can|may|could|are\s+able|have)\b", re.I)
# ... and rights that are not the user's data-protection rights: "the free speech rights of
# other users" (a ground for keeping data), a statute's name ("Family Educational Rights and
# Privacy Act").
_OTHER_RIGHTS = re.compile(
    r"\bfree\s+speech\s+rights?\b|\b[A-Z][a-z]+\s+Rights\s+(?:and\s+[A-Z][a-z]+\s+)?Act\b"
)
# Words one of which every _ACCESS_CONTROL or _OTHER_RIGHTS match contains
_ACCESS_CONTROL_WORDS = ("access", "speech", "act")


def access_control_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the rights evidence of sentences about the company restricting access to
    data (a safeguard) or naming rights that are not the user's over their data."""
    if not any(_is_rights(c) for c in cues):
        return cues
    if not may_contain(text, text.lower(), _ACCESS_CONTROL_WORDS):
        return cues
    spans = [
        (s, e) for s, e in _sentences_matching(text, base, bounds, _ACCESS_CONTROL)
        if not _OFFERS_YOU.search(text[s - base:e - base])
    ]
    spans += _sentences_matching(text, base, bounds, _OTHER_RIGHTS)
    return _without(cues, spans, _is_rights)


# "We may ask you to verify your identity before we act on a request", "we respond within 30
# days": a step of handling requests that names no right is no right offered.
_REQUEST_STEP = re.compile(
    r"\bverif(?:y|ying|ied|ication)\s+(?:of\s+)?(?:your|the|their|his|her)\s+identity\b"
    r"|\bverifiable\s+(?:consumer\s+)?requests?\b|\bproof\s+of\s+(?:your\s+)?identity\b"
    r"|\b(?:respond|reply|answer)(?:s|ed|ing)?\s+(?:to\s+(?:\w+\s+){0,3}?requests?\s+)?"
    r"within\s+(?:\w+\s+){0,2}?(?:\(\d+\)\s+)?(?:days|months?|weeks?)\b",
    re.I,
)
# Words one of which every _REQUEST_STEP match contains
_REQUEST_STEP_WORDS = ("verif", "identity", "within")


def request_step_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the rights evidence of sentences describing how requests are handled
    (verifying identity, answering within a period) in a passage that names no right."""
    if not any(_is_rights(c) for c in cues):
        return cues
    if not may_contain(text, text.lower(), _REQUEST_STEP_WORDS):
        return cues
    if any(c.kind == "right" for c in cues):
        return cues
    return _without(cues, _sentences_matching(text, base, bounds, _REQUEST_STEP), _is_rights)


# A lead-in that states a right ("You have the right to know:", "You have the right to request
# that we delete ..., except where it is necessary to:"): the short items completing it say
# what the right covers (or its exceptions), not what the service does with data.
_RIGHT_LEADS = frozenset({"right to", "you have the right"})
PRACTICE_SECTIONS = frozenset({"collection", "sharing"})
_PRACTICE_KINDS = frozenset({"dt", "rc", "rn", "source"})


def completes_a_right(context: Sequence[Sequence[Cue]], short: bool) -> bool:
    """Whether a passage is a short item under a lead-in that states a right."""
    if not short or not context:
        return False
    leads = [c.phrase for c in context[0] if c.kind == "sec" and c.key == "rights"]
    # "We reserve the right to disclose data where ...": the company's right, not the user's
    return any(p in _RIGHT_LEADS for p in leads) and not any(
        p.startswith(("reserve", "has")) and "the right" in p for p in leads
    )


def practice_cues_removed(cues: Sequence[Cue]) -> Sequence[Cue]:
    """``cues`` without collection and sharing evidence (data types, recipients, sources)."""
    return [
        c for c in cues
        if c.kind not in _PRACTICE_KINDS
        and not (c.kind == "sec" and c.key in PRACTICE_SECTIONS)
    ]


# "You can opt out of marketing e-mails", "to stop receiving newsletters, unsubscribe": what
# follows an opt-out in its sentence is what the user declines, not a purpose the data serves.
_OPT_OUT = re.compile(
    r"\b(?:opt(?:s|ed|ing)?[- ]?out|unsubscrib\w*|stop receiving|(?:no longer|not) (?:wish |want "
    r")?to receive)\b",
    re.I,
)
# Words one of which every _OPT_OUT match contains
_OPT_OUT_WORDS = ("opt", "unsubscrib", "receiv")
# Use cues that name a purpose (a kind of message or processing), not an act of using data
_DECLINED_USES = frozenset({"marketing", "newsletter", "analytics", "research"})


def opt_out_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the purpose evidence that follows an opt-out in its sentence."""
    if not any(_is_declined(c) for c in cues):
        return cues
    if not may_contain(text, text.lower(), _OPT_OUT_WORDS):
        return cues
    spans = []
    for s, e in _sentences_matching(text, base, bounds, _OPT_OUT):
        found = _OPT_OUT.search(text, s - base, e - base)
        if found is not None:
            spans.append((base + found.start(), e))
    return _without(cues, spans, _is_declined)


def _is_declined(c: Cue) -> bool:
    return c.kind == "pur" or (c.kind == "sec" and c.key == "use" and c.phrase in _DECLINED_USES)


# "... can be read, collected or used by other users", "information gathered by third parties":
# data other parties collect or see is exposed to them (a sharing statement), not collected by
# the service.
_BY_OTHERS = re.compile(
    r"\b(?:collected|used|read|seen|viewed|accessed|gathered|obtained|received)\b"
    r"(?:\s*,?\s*(?:and|or)?\s*(?:collected|used|read|seen|viewed|accessed|gathered|obtained"
    r"|disclosed|shared))*\s+by\s+(?:other\s+(?:users|members|visitors|people|parties|companies)"
    r"|others|third[- ]part(?:y|ies)|anyone|the public|strangers"
    r"|(?:these|such)\s+(?:companies|parties|third parties))\b",
    re.I,
)
# Words one of which every _BY_OTHERS match contains
_BY_OTHERS_WORDS = ("other", "third", "anyone", "public", "strangers", "these", "such")


def accessed_by_others(text: str) -> list[tuple[int, int]]:
    """Offsets (in ``text``) of the phrases saying other parties collect, use or see data."""
    low = text.lower()
    if " by " not in low or not may_contain(text, low, _BY_OTHERS_WORDS):
        return []
    return [(m.start(), m.end()) for m in _BY_OTHERS.finditer(text)]


def others_collection_cues_removed(text: str, base: int, cues: Sequence[Cue]) -> Sequence[Cue]:
    """``cues`` without the collection and use evidence of what other parties collect or use."""
    spans = [(base + s, base + e) for s, e in accessed_by_others(text)]
    return _without(cues, spans, _is_collection_or_use)


def _is_collection_or_use(c: Cue) -> bool:
    return c.kind == "sec" and c.key in ("collection", "use")


# "We will not use or share your information with anyone except as described in this policy":
# a denial whose only exception is the rest of the notice states no disclosure of its own (the
# disclosures are those the notice describes elsewhere).
_EXCEPT_AS_DESCRIBED = re.compile(
    r"\b(?:not|never|no)\b[^.;:]{0,100}?\b(?:except|other than)\b\s+"
    r"(?:as|in the (?:ways?|manner|circumstances))\s+(?:is\s+|are\s+)?(?:otherwise\s+)?"
    r"(?:described|set (?:out|forth)|explained|outlined|stated|specified|detailed|noted)\b",
    re.I,
)


def except_as_described_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the sharing evidence of denials that defer to the rest of the notice."""
    if "except" not in text.lower() and "other than" not in text.lower():
        return cues
    if not any(_is_sharing(c) for c in cues):
        return cues
    return _without(
        cues, _sentences_matching(text, base, bounds, _EXCEPT_AS_DESCRIBED), _is_sharing
    )


# "We may employ third-party companies and individuals ...", "the app uses third-party services
# that may collect information", "third-party services may be utilised for ...": the service
# engages other parties who handle the data (recipients), even when no disclosure verb is used.
_OTHER_PARTIES = (
    r"third[- ]?part(?:y|ies)\s+(?:companies|services|service providers|providers|vendors"
    r"|partners|individuals|processors|contractors)\b"
)
_ENGAGES_OTHERS = re.compile(
    r"\b(?:employ|engage|hire|use|utili[sz]e|rely on|relies on|work with|works with"
    r"|partner with|contract with)(?:s|d|ed)?\s+(?:various|certain|some|several|other|a few"
    r"|the following)?\s*" + _OTHER_PARTIES
    + r"|\b" + _OTHER_PARTIES
    + r"(?:\s+(?:and|or)\s+[\w-]+)?\s+(?:may|might|can|will)?\s*(?:also\s+)?"
    r"(?:be\s+(?:utili[sz]ed|employed|engaged|used|hired)\b"
    r"|(?:(?:that|who|which)\s+(?:are|is)\s+)?(?:employed|engaged|hired|retained|contracted)"
    r"\s+by\b"
    r"|(?:that|which|who)\s+(?:may\s+|might\s+|can\s+|will\s+)?(?:also\s+)?"
    r"(?:collect|receive|access|gather|process|use)\w*)",
    re.I,
)


def engages_others(text: str) -> bool:
    """Whether ``text`` says the service employs or relies on third-party companies or
    services that handle data."""
    low = text.lower()
    if "third" not in low and "ı" not in text:
        return False
    # the user's own use of other services ("you may use third-party services to sign in")
    # engages no one on the service's behalf
    return any(
        not _USER_SUBJECT.search(text, max(0, m.start() - 24), m.start())
        for m in _ENGAGES_OTHERS.finditer(text)
    )


_USER_SUBJECT = re.compile(r"\b(?:you|users?)(?:\s+(?:may|can|might|could|will|also))*\s*$", re.I)


# "information used to identify you", "data that can be used to identify an individual": what
# the data could serve to do describes the kind of data (identifying data), it states no purpose
# the service uses it for.
_IDENTIFYING = re.compile(
    r"\b(?:information|data|details)\s+(?:(?:that|which)\s+)?(?:(?:can|could|may|might)\s+)?"
    r"(?:(?:reasonably|not)\s+)?(?:be\s+)?used\s+to\s+(?:personally\s+|directly\s+|indirectly\s+)?"
    r"identify\b",
    re.I,
)


def identifying_spans(text: str) -> list[tuple[int, int]]:
    """Offsets (in ``text``) of the phrases saying data can identify someone."""
    if "identify" not in text.lower():
        return []
    return [(m.start(), m.end()) for m in _IDENTIFYING.finditer(text)]


def identifying_cues_removed(text: str, base: int, cues: Sequence[Cue]) -> Sequence[Cue]:
    """``cues`` without the use and purpose evidence of phrases saying data can identify
    someone."""
    spans = [(base + s, base + e) for s, e in identifying_spans(text)]
    return _without(cues, spans, _is_use_or_purpose)


def _is_use_or_purpose(c: Cue) -> bool:
    return c.kind == "pur" or (c.kind == "sec" and c.key == "use")


# "... to protect the rights, property or safety of our users", "to address fraud, security or
# technical issues": the legal reasons a disclosure serves name safety and security as the
# company's interests, not measures that protect the user's data.
_LEGAL_REASONS = re.compile(
    r"\brights?,?\s+(?:(?:or|and)\s+)?property\b"
    r"|\bproperty,?\s+(?:or|and)\s+(?:personal\s+)?safety\b|\bsafety,?\s+(?:or|and)\s+property\b"
    r"|\bfraud,\s+security\b|\bsecurity,?\s+or\s+technical\b|\bnational\s+security\b",
    re.I,
)
# Words one of which every _LEGAL_REASONS match contains
_LEGAL_REASONS_WORDS = ("property", "security")


def _is_security(c: Cue) -> bool:
    return c.kind == "sec" and c.key == "security"


def legal_reason_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the security evidence of sentences listing a disclosure's legal reasons
    (protecting rights, property or safety; addressing fraud or security issues)."""
    if not any(_is_security(c) for c in cues):
        return cues
    if not may_contain(text, text.lower(), _LEGAL_REASONS_WORDS):
        return cues
    return _without(cues, _sentences_matching(text, base, bounds, _LEGAL_REASONS), _is_security)


# "Do not share your password with anyone", "never disclose your login details": advice to keep
# credentials secret is account security, not a party the service passes data to.
_CREDENTIAL_ADVICE = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:share|disclose|reveal|give|divulge)\s+"
    r"(?:your|their|his|her|any)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:passwords?|pins?|log-?ins?|credentials|user\s?names?)\b",
    re.I,
)
# Words one of which every _CREDENTIAL_ADVICE match contains
_CREDENTIAL_WORDS = ("password", "pin", "log", "credential", "name")


def credential_advice_cues_removed(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int]
) -> Sequence[Cue]:
    """``cues`` without the sharing evidence of sentences advising users to keep their
    credentials to themselves."""
    if not any(_is_sharing(c) for c in cues):
        return cues
    low = text.lower()
    if not (may_contain(text, low, ("not", "never")) and may_contain(text, low, _CREDENTIAL_WORDS)):
        return cues
    return _without(cues, _sentences_matching(text, base, bounds, _CREDENTIAL_ADVICE), _is_sharing)


# "the collection, use and retention of personal data", "may not store, retain or use it",
# "data we process or retain": keeping named after another practice in a list is one of the
# things done with the data, not a statement of how long it is kept.
_LISTED_RETENTION = re.compile(
    r"\b(?:collect(?:ion|ing|ed|s)?|use|using|storage|store|storing|processing|process|"
    r"disclos(?:e|ure|ing)|access)\s*,?\s+(?:and\s+|or\s+)?(?P<span>retention|retain(?:s|ed|ing)?)\b",
    re.I,
)


def _is_retention(c: Cue) -> bool:
    return (c.kind == "sec" and c.key == "retention") or (c.kind == "prac" and c.key == "retain")


def listed_retention_cues_removed(text: str, base: int, cues: Sequence[Cue]) -> Sequence[Cue]:
    """``cues`` without the retention evidence of a keeping word listed after another practice."""
    if not may_contain(text, text.lower(), ("retain", "retention")):
        return cues
    if not any(_is_retention(c) for c in cues):
        return cues
    spans = [
        (base + m.start("span"), base + m.end("span")) for m in _LISTED_RETENTION.finditer(text)
    ]
    return _without(cues, spans, _is_retention)
