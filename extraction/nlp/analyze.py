"""Entry points: ``analyze_document``, ``classify_passages`` and ``rule_features``."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from .cue_filters import (
    PRACTICE_SECTIONS,
    access_control_cues_removed,
    accessed_by_others,
    completes_a_right,
    credential_advice_cues_removed,
    disclaims_linked_sites,
    dnt_cues_removed,
    engages_others,
    except_as_described_cues_removed,
    identifying_cues_removed,
    identifying_spans,
    legal_reason_cues_removed,
    listed_retention_cues_removed,
    opt_out_cues_removed,
    others_collection_cues_removed,
    practice_cues_removed,
    reference_cues_removed,
    request_step_cues_removed,
    residence_cues_removed,
    right_to_know_cues_removed,
    scope_cues_removed,
    source_cues_moved,
    states_scope,
)
from .extract import extract_values
from .learned import default_weights
from .patterns import inflect
from .patterns.sections import (
    HEADING_SUFFICES,
    INCIDENTAL_RIGHTS_SENTENCES,
    INCIDENTAL_USE,
    LIST_ITEM_WORDS,
    MIN_BODY,
    PURPOSE_VERBS,
    THRESHOLDS,
    USE_STATEMENTS,
)
from .pipeline import get_nlp, learn_words
from .retention import is_age
from .rule_scoring import (
    Cue,
    body_scores,
    combine,
    cue_weights,
    decide,
    heading_keys_of,
    heading_scores,
    is_overview,
    primary_heading_key,
    read_cues,
    typed_boosts,
)
from .segment import heading_level, split_sentences
from .textscan import may_contain
from .types import PassageResult

Progress = Callable[[str, float], None]
BATCH = 256
_PURPOSE_VERBS = "|".join(PURPOSE_VERBS)
# A list item stating a purpose: "to improve ...", "for billing", "Improve our app". A verb
# that reads as a noun ("Address: ...", "Contact information", "Contact us") does not.
_PURPOSE_ITEM = re.compile(
    rf"^\W{{0,3}}(?:[\w.]{{1,6}}[.)]\s*)?(?:(?:to|for|in order to)\s+[a-z]"
    rf"|(?:{_PURPOSE_VERBS})\b(?!\s*[:(]|\s+(?:us|information|info|details|data|number"
    r"|preferences|form|page|book)\b))",
    re.I,
)

# ... and under a lead-in about use, one led by the verb's -ing form ("providing support;").
_PURPOSE_GERUNDS = "|".join(
    form for verb in PURPOSE_VERBS for form in inflect(verb) if form.endswith("ing")
)
_PURPOSE_GERUND_ITEM = re.compile(
    rf"^\W{{0,3}}(?:[\w.]{{1,6}}[.)]\s*)?(?:{_PURPOSE_GERUNDS})\b(?!\s*[:(])", re.I
)


def is_purpose_item(text: str, context: Sequence[Sequence[Cue]]) -> bool:
    """A list item stating a purpose (a gerund one only under a lead-in or heading about use)."""
    head = text[:40]
    if _PURPOSE_ITEM.match(head):
        return True
    return bool(context) and bool(_PURPOSE_GERUND_ITEM.match(head)) and any(
        c.key == "use" and c.kind in ("sec", "head") for c in context[0]
    )


class SectionModel(Protocol):
    """A trained section classifier (``classifier.SectionClassifier``) as the rules see it."""

    def predict(
        self,
        texts: list[str],
        contexts: list[list[str]],
        rules: list[PassageResult],
        features: list[list[str]] | None = None,
        groups: Sequence[str] | None = None,
    ) -> list[tuple[str, ...]]: ...


# Cues further apart than this are not read together even within one sentence.
_SAME_SENTENCE_SPAN = 160


def _same_sentence(text: str, base: int, a: Cue, b: Cue, bounds: Sequence[int]) -> bool:
    """Whether two cues lie in one sentence (by the segmenter's sentence starts ``bounds``)
    and one clause of it (no ";" or ": " between them)."""
    lo, hi = sorted((a.end, b.start)) if a.start < b.start else sorted((b.end, a.start))
    return hi - lo <= _SAME_SENTENCE_SPAN and (
        bisect_right(bounds, a.start) == bisect_right(bounds, b.start)
    ) and not (text[lo - base:hi - base].count(";") or text[lo - base:hi - base].count(": "))


def _duration_kept(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int] = ()
) -> bool:
    """A duration is a retention period when a keeping verb or retention cue shares its sentence."""
    keepers = [
        c for c in cues
        if (c.kind == "prac" and c.key == "retain")
        or (c.kind == "sec" and c.key == "retention")
    ]
    durations = [d for d in cues if d.kind == "duration" and not is_age(text, base, d)]
    return any(_same_sentence(text, base, d, k, bounds) for d in durations for k in keepers)


# Statements of who the controller is: "... is provided by Acme", "Acme built the ... app",
# ("Acme", "we", "us"). Case matters: the party is named with a capital. Three patterns, each
# searched only when the text has a word every match of it contains.
_MAKERS = ("built", "developed", "created", "owns", "operates", "publishes")
_QUOTED_WE = ("\"we", "\"We", "\"WE", "“we", "“We", "“WE")
_IDENTITY = (
    (("by",), re.compile(
        r"\b(?:is|are)\s+(?:provided|operated|owned|developed|published|built|run|managed"
        r"|offered|controlled)\s+by\s+[A-Z0-9]"
    )),
    (_MAKERS, re.compile(
        r"(?:^|[.!?]\s+)(?:(?!(?i:we|i|they|you|it|this|that|our|if|when|once|after|as)\s)"
        r"[A-Za-z][\w.&'-]*\s+){1,6}"
        rf"(?:{'|'.join(_MAKERS)})\s+the\b"
    )),
    (_QUOTED_WE, re.compile(r"[“\"](?:[Ww]e|WE),?[”\"]")),
)


def _names_controller(text: str) -> bool:
    return any(
        any(w in text for w in needs) and pattern.search(text) for needs, pattern in _IDENTITY
    )


# The notice announcing its own change: "we may update this privacy policy", "changes to our
# privacy notice", "this statement is subject to change". A date stamp ("Last updated: May
# 2014") is not one: it says when, not that the notice changes; nor is a change the user
# makes ("our cookie notice explains how you can change your settings").
_CHANGE_VERB = (
    r"(?:chang(?:e|es|ed|ing)|modif(?:y|ies|ied|ying|ications?)|revis(?:e|es|ed|ing|ions?)"
    r"|updat(?:e|es|ed|ing)|amend(?:s|ed|ing|ments?)?)"
)
_NOTICE = r"(?:privacy\s+)?(?:polic(?:y|ies)|statement|notice|guidelines)"
_NOTICE_CHANGE = re.compile(
    rf"\b(?:this|our|the|these)\s+(?:[\w-]+\s+){{0,3}}?{_NOTICE}\b"
    rf"(?:(?!\byour?\b)[^.;:]){{0,40}}?\b{_CHANGE_VERB}\b"
    rf"|\b{_CHANGE_VERB}\s+(?:to|of|in)?\s*(?:all or (?:some|part) of\s+)?"
    rf"(?:this|our|the|these|its)\s+(?:[\w-]+\s+){{0,3}}?{_NOTICE}\b"
    r"|\bsubject to change\b",
    re.I,
)
# Words one of which every _NOTICE_CHANGE match contains
_CHANGE_WORDS = ("chang", "modif", "revis", "updat", "amend")


def announces_change(text: str) -> bool:
    """Whether ``text`` says the notice itself changes or may change."""
    return may_contain(text, text.lower(), _CHANGE_WORDS) and bool(_NOTICE_CHANGE.search(text))


# The notice's date stamp ("Last updated: March 1, 2015", "This Privacy Policy was revised on
# Jan. 2, 2014", "Effective date: ..."): it dates the text, it says nothing of how changes are
# made or announced. A stamp passage this short that says what will happen ("we will post",
# "we may update") is a statement on changes after all.
_DATE_STAMP = re.compile(
    r"\b(?:last\s+(?:updated|modified|revised|amended|changed)|effective\s+(?:date|as\s+of|on|from)"
    r"|(?:was|were|is)\s+(?:last\s+)?(?:updated|modified|revised|amended)\s+(?:on|as\s+of|in)?"
    r"|updated\s*(?::|on\b|as\s+of\b))",
    re.I,
)
_STAMP_WORDS = 30
_CHANGE_STATEMENT = re.compile(
    r"\b(?:will|(?-i:may)|might|shall|reserve|notify|post|posting|encourage|periodically"
    r"|from\s+time\s+to\s+time|continued|continue)\b",
    re.I,
)


def is_date_stamp(text: str) -> bool:
    """``text`` is the notice's date stamp, with no statement of how it changes."""
    return (
        len(text.split()) <= _STAMP_WORDS and _DATE_STAMP.search(text) is not None
        and _CHANGE_STATEMENT.search(text) is None
    )


# How data is kept safe: "we use encryption", "reasonable safeguards", "to protect your personal
# information against unauthorized access", "secure servers". A passage about sharing that
# names security only as a ground for disclosing ("to protect the rights, property or safety of
# our users", "to detect fraud or security issues") or as a service a vendor performs ("data
# storage and security") says nothing of how data is protected.
_PROTECTS_DATA = re.compile(
    r"\b(?:encrypt\w*|safeguard\w*|firewalls?|ssl|tls|security\s+(?:measures|procedures"
    r"|standards|safeguards|controls|practices)|secure\s+(?:servers?|socket|environment|manner"
    r"|facilities|storage)|unauthori[sz]ed\s+(?:access|disclosure|use)|confidentiality"
    r"|(?:protect|secure|safeguard)(?:s|ed|ing)?\s+(?:the\s+|your\s+|such\s+|this\s+)?"
    r"(?:personal\s+|personally\s+identifiable\s+)?(?:information|data))\b",
    re.I,
)


def protects_data(text: str) -> bool:
    """``text`` says how data is protected (``_PROTECTS_DATA``)."""
    return _PROTECTS_DATA.search(text) is not None


# A postal address: a number beside a street word ("4 Harbour Road", "Suite 200", "PO Box 12").
_ADDRESS = re.compile(
    r"\b\d[\w/-]*,?\s+(?:[A-Z][\w'-]*\s+){0,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Dr"
    r"|Boulevard|Blvd|Parade|Way|Place|Square|Court|Highway)\b"
    r"|\b(?:Suite|Floor|Building|P\.?\s?O\.?\s?Box|Postfach)\s*(?:No\.?\s*)?\d"
    r"|\b\d+(?:st|nd|rd|th)\s+Floor\b"
)


# "We collect your IP address to help detect spam", "... may record calls in order to train
# staff": a purpose clause after a collecting verb in its sentence states what the data is for.
_COLLECTED_FOR = re.compile(
    r"\b(?:collect|gather|obtain|record|log)(?:s|ed|ing)?\b[^.;:!?]{0,120}?"
    r"(?:\bin order to\b|\bso (?:that )?(?:we|i) (?:can|may)\b|\bfor the purposes? of\b"
    rf"|\bto (?:better |help (?:us )?|be able to )?(?:{_PURPOSE_VERBS})\b)",
    re.I,
)
_COLLECTED_FOR_WORDS = ("collect", "gather", "obtain", "record", "log")


def states_collection_purpose(text: str) -> bool:
    """Whether a sentence of ``text`` collects data for a stated purpose ("information used to
    identify you" names the kind of data collected, no purpose)."""
    if not may_contain(text, text.lower(), _COLLECTED_FOR_WORDS):
        return False
    for s, e in identifying_spans(text):
        text = text[:s] + " " * (e - s) + text[e:]
    return bool(_COLLECTED_FOR.search(text))


def typed_kinds(
    text: str, base: int, cues: Sequence[Cue], bounds: Sequence[int] = ()
) -> dict[str, int]:
    """Kinds of typed values present (with distinct-value counts), used as section evidence."""
    kinds = {c.kind for c in cues}
    keys = {(c.kind, c.key) for c in cues}
    out: dict[str, int] = {}
    retention_ctx = ("prac", "retain") in keys or ("sec", "retention") in keys
    if "duration" in kinds and _duration_kept(text, base, cues, bounds):
        out["retention_duration"] = 1
    if "retq" in kinds and retention_ctx:
        out["retention_qualifier"] = 1
    if "locx" in kinds and any(
        c.kind == "country" and text[c.start - base:c.start - base + 1].isupper() for c in cues
    ):
        out["country"] = 1
    if "age" in kinds and "childx" in kinds:
        out["children_age"] = 1
    if "rn" in kinds:
        out["recipient_name"] = 1
    counted = {"dt": "data_type", "pur": "purpose", "rc": "recipient_category"}
    for kind, name in counted.items():
        n = len({c.key for c in cues if c.kind == kind})
        if n:
            out[name] = n
    for kind in ("email", "phone"):
        if kind in kinds:
            out[kind] = 1
    if "right" in kinds:
        out["right"] = 1
    if "source" in kinds:
        out["data_source"] = 1
    if _names_controller(text):
        out["controller"] = 1
    if announces_change(text):
        out["notice_change"] = 1
    if accessed_by_others(text):
        out["accessed_by_others"] = 1
    if engages_others(text):
        out["engages_others"] = 1
    if states_collection_purpose(text):
        out["collection_purpose"] = 1
    if len(text.split()) <= LIST_ITEM_WORDS and _ADDRESS.search(text):
        out["address"] = 1
    return out


def score_parts(
    text: str,
    base: int,
    cues: Sequence[Cue],
    context: Sequence[Sequence[Cue]],
    bounds: Sequence[int] = (),
    scoped: bool = True,
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Section evidence of ``text`` in three parts: body cues, typed-value boosts, headings."""
    if scoped:
        cues = scope_cues_removed(text, base, cues, bounds)
    cues = source_cues_moved(text, base, cues)
    cues = residence_cues_removed(text, base, cues)
    cues = right_to_know_cues_removed(text, base, cues, bounds)
    cues = dnt_cues_removed(text, base, cues, bounds)
    cues = access_control_cues_removed(text, base, cues, bounds)
    cues = request_step_cues_removed(text, base, cues, bounds)
    cues = legal_reason_cues_removed(text, base, cues, bounds)
    cues = credential_advice_cues_removed(text, base, cues, bounds)
    cues = listed_retention_cues_removed(text, base, cues)
    cues = opt_out_cues_removed(text, base, cues, bounds)
    cues = reference_cues_removed(text, base, cues, bounds)
    cues = others_collection_cues_removed(text, base, cues)
    cues = except_as_described_cues_removed(text, base, cues, bounds)
    cues = identifying_cues_removed(text, base, cues)
    short = len(text.split()) <= LIST_ITEM_WORDS
    scope_of_right = completes_a_right(context, short)
    if scope_of_right:
        cues = practice_cues_removed(cues)
    typed = typed_kinds(text, base, cues, bounds)
    if is_purpose_item(text, context):
        typed["purpose_item"] = 1
    if short and "recipient_name" in typed:
        typed["recipient_item"] = 1
    body = body_scores(cues, (), bounds)
    boosts = typed_boosts(typed)
    boosted = combine(body, boosts)
    heads = {
        key: value for key, value in heading_scores(context, short).items()
        if (boosted.get(key, 0.0) >= MIN_BODY or (short and key in HEADING_SUFFICES))
        and not (scope_of_right and key in PRACTICE_SECTIONS)
    }
    return body, boosts, heads


def passage_scores(
    text: str,
    base: int,
    cues: Sequence[Cue],
    context: Sequence[Sequence[Cue]],
    bounds: Sequence[int] = (),
    scoped: bool = True,
) -> dict[str, float]:
    """Section scores of ``text`` (a passage or sentence starting at offset ``base``)."""
    return combine(*score_parts(text, base, cues, context, bounds, scoped))


_ALNUM = re.compile(r"[^\W_]")
# Words a numbered or capitalised heading may have (heading_level reads at most 14)
_LONG_HEADING = 14


def is_heading_like(text: str, cues: Sequence[Cue]) -> bool:
    """A passage that is only a section heading states nothing (a bare name still can)."""
    stripped = text.strip()
    if not stripped or not _ALNUM.search(stripped):  # empty, or a rule line ("_____")
        return True
    words = len(stripped.split())
    if words > _LONG_HEADING or any(c.kind in ("email", "phone", "url", "rn") for c in cues):
        return False
    level = heading_level(stripped)
    if words > 8:
        # a longer line is a heading only when numbered or in capitals ("7. HOW WE KEEP ...")
        return level in (1, 2) and (stripped[:1].isdigit() or stripped.isupper())
    return level in (1, 2) or (level == 3 and any(c.kind == "head" for c in cues))


_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_TITLE_SMALL = frozenset(
    "a an and are at about by do for from how in is its of on or our the this to us we what"
    " with you your".split()
)


def is_heading_run(text: str) -> bool:
    """A passage that is a run of titles ("Table of Contents The Information We Collect How We
    Use It Cookies Security"): it names topics, it collects no data. Text in capitals (a
    shouted sentence) is not one."""
    words = _WORD.findall(text)
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    if len(words) < 8 or not content or sum(w.isupper() for w in content) * 2 > len(content):
        return False
    return sum(w[0].isupper() for w in content) >= 0.9 * len(content)


# A passage of this many questions and (almost) nothing else lists the notice's topics.
_QUESTION_RUN = 3


def is_question_run(text: str, bounds: Sequence[int]) -> bool:
    """A passage that is a run of questions ("What do we collect? Who do we share it with? How
    long do we keep it?"), perhaps after a lead-in, is a table of contents: it states nothing."""
    questions = text.count("?")
    return questions >= _QUESTION_RUN and questions >= len(bounds)


# "This policy answers the following questions: ...", "Follow these links: ...": a lead-in that
# announces a list of the notice's topics (a table of contents).
_TOPIC_LIST = re.compile(
    r"\b(?:answers|covers|addresses|includes) the following(?: questions| topics| sections"
    r"| areas)?\s*:|\bthe following (?:questions|topics|sections)\s*:|\bfollow these links\b"
    r"|\btable of contents\b|\bjump to (?:the|a|any|each) (?:listed )?sections?\b",
    re.I,
)
# Words one of which every _TOPIC_LIST match contains
_TOPIC_WORDS = ("follow", "table of contents", "jump to")


def announces_topics(text: str) -> bool:
    """A passage that announces a list of the notice's topics names them, it states none."""
    return may_contain(text, text.lower(), _TOPIC_WORDS) and _TOPIC_LIST.search(text) is not None


# "For more information about cookies, visit ...", "To learn more, see our Cookie Policy": a
# pointer to another text states no data practice of its own.
_POINTER = re.compile(
    r"^\W{0,3}(?:for (?:more|further|additional) (?:information|details|info)\b"
    r"|to (?:learn|find out|read|understand) more\b"
    r"|(?:more|further|additional) (?:information|details) (?:about|on|regarding)\b)"
    r"(?=[^.;]{0,200}?\b(?:see|visit|review|read|refer|consult|found|available|click|follow"
    r"|go to)\b)",
    re.I,
)
# What a pointer does not state: the data practices ("For more information about how we use
# cookies, see ..."); a topic it names (cookies, security, choices) it still is about.
POINTER_DROPS = frozenset({"collection", "use", "sharing"})
# A pointer this many sentences long or longer says more than where to look.
POINTER_SENTENCES = 2


def points_elsewhere(text: str, bounds: Sequence[int]) -> bool:
    """Whether ``text`` is a short pointer to more information elsewhere."""
    return len(bounds) < POINTER_SENTENCES and _POINTER.match(text) is not None


# "Service Provider means any person who ...", "Usage Data refers to data collected ...": a
# definition of a term says what the term covers; the only practices it can state are the data
# it names (collection) or who "we" are (contact).
_DEFINITION = re.compile(
    r"^\W*(?:[^\s.:;]+\s+){0,5}?(?!(?:this|that|it|which)\b)[^\s.:;]+:?\s+(?:means|refers to"
    r"|is defined as|shall mean)\b",
    re.I,
)
DEFINITION_KEEPS = frozenset({"collection", "contact"})


def is_definition(text: str) -> bool:
    """Whether ``text`` opens by defining a term ("X means ...", "X refers to ...")."""
    return _DEFINITION.search(text) is not None


# Headings (innermost first) searched for a collection cue that makes a short item a data type.
COLLECTION_DEPTH = 3
# A table cell that only answers yes or no ("NO", "Yes.", "N/A") names no data.
_ANSWER_CELL = re.compile(r"^\W*(?:yes|no|n/?a|not applicable)\W*$", re.I)


def _names_collected_item(
    text: str, context: Sequence[Sequence[Cue]], body: dict[str, float]
) -> bool:
    """A list item under a heading about collection only ("Categories we collect"), or under
    subheadings that name no section below one, names a data category or source even when no
    data type is recognised (not a list intro or a question)."""
    stripped = text.rstrip()
    if stripped.endswith((":", "?")) or _ANSWER_CELL.match(stripped):
        return False
    if context and any(c.kind == "lead" for c in context[0]):
        # an item of a list whose lead-in ("... we collect the following information:") is
        # about collection above all, when the item itself says nothing else
        lead = lead_scores(context[0])
        if lead and max(lead, key=lambda k: lead[k]) == "collection":
            return max(
                (v for k, v in body.items() if k != "collection"), default=0.0
            ) < MIN_BODY
    for depth, cues_h in enumerate(context[:COLLECTION_DEPTH]):
        keys = heading_keys_of(cues_h)
        if keys:  # the nearest heading that names a section ("C. Biometric data" names none)
            return keys == ["collection"]
        if depth == 0 and (stripped.endswith(".") or max(
            (v for k, v in body.items() if k != "collection"), default=0.0
        ) >= MIN_BODY):
            # only an item that is no sentence and says nothing else looks past its own heading
            return False
    return False


# A bare item this short under a lead-in about recipients names one ("Payment processors",
# "Acme Mail, Inc.").
RECIPIENT_ITEM_WORDS = 8
RECIPIENT_LIST_DEPTH = 3
RECIPIENT_LEAD_SCORE = 1.5


def lead_scores(lead: Sequence[Cue]) -> dict[str, float]:
    """Section scores of a list lead-in (a context entry): its body cues and heading cues."""
    return combine(body_scores(lead), heading_scores([lead]))


# An item ending with a noun for a kind of party ("Retargeting Platforms", "Data Analytics
# Services", "our lawyers, auditors and other professional advisers;") names recipients even
# when it also names what they do.
_PARTY_ITEM = re.compile(
    r"\b(?:services|platforms|tools|providers|agencies|companies|partners|networks|vendors"
    r"|advis[eo]rs|processors|firms|organi[sz]ations|authorities|institutions|banks|insurers"
    r"|consultants|contractors|affiliates|subsidiaries)\W*$",
    re.I,
)


def names_recipient_item(
    text: str, cues: Sequence[Cue], context: Sequence[Sequence[Cue]]
) -> bool:
    """A short item under a list lead-in (a context entry ending with ":" or a long one) that is
    about sharing names a recipient, when the item itself is no purpose, data type, link or
    cue of another section ("Payment processors" under "We may share your data with:"), unless
    it ends with a noun for a kind of party ("Marketing Platforms")."""
    if not context or text.rstrip().endswith("?"):
        return False
    words = len(text.split())
    if words > LIST_ITEM_WORDS:
        return False
    party = _PARTY_ITEM.search(text) is not None
    if words > RECIPIENT_ITEM_WORDS and not party:
        return False
    # the nearest lead-in that names a section (nested lists: "Authorities:" under "We may
    # disclose your data to:"); entries between it and the item name none
    for lead in context[:RECIPIENT_LIST_DEPTH]:
        scores = lead_scores(lead)
        if scores:
            break
    else:
        return False
    if not any(c.kind in ("lead", "long") for c in lead):
        return False
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    key, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if key != "sharing" or runner_up > 0.6 * best:
        return False
    if best < RECIPIENT_LEAD_SCORE and not any(
        lead_scores(outer).get("sharing", 0.0) >= RECIPIENT_LEAD_SCORE
        for outer in context[context.index(lead) + 1:RECIPIENT_LIST_DEPTH]
    ):
        # a weak sub-list lead-in ("Service providers:") counts under an outer one about
        # sharing ("Examples of the parties we share data with are below.")
        return False
    if party:
        return not is_purpose_item(text, context)
    body, _ = cue_weights()
    if any(
        c.kind in ("dt", "url", "email", "phone", "pur")
        or (c.kind == "head" and c.key != "sharing")
        # a weak cue of another section ("Ltd", "settings") does not make the item about it
        or (c.kind == "sec" and c.key != "sharing"
            and body.get(c.key, {}).get(c.phrase, 0.0) >= 1.0)
        for c in cues
    ):
        return False
    return not is_purpose_item(text, context)


def names_data_item(text: str, context: Sequence[Sequence[Cue]]) -> bool:
    """A short line under a lead-in ending with ":" that is about collection ("The details we
    collect include:") is an item naming the data ("passwords", "4.2 [Job title]"), even when
    it looks like a heading; a line ending with ":" or "?" is a sub-heading or question."""
    if not context or len(text.split()) > LIST_ITEM_WORDS:
        return False
    if text.rstrip().endswith((":", "?")) or not any(c.kind == "lead" for c in context[0]):
        return False
    scores = lead_scores(context[0])
    return bool(scores) and max(scores, key=lambda k: scores[k]) == "collection"


def is_list_item(text: str, cues: Sequence[Cue], context: Sequence[Sequence[Cue]]) -> bool:
    """A short line under a lead-in ending with ":" that names a recipient, names data or states
    a purpose ("Protect against fraud") is an item of that list, even when it looks like a
    heading."""
    if names_recipient_item(text, cues, context) or names_data_item(text, context):
        return True
    return bool(context) and any(c.kind == "lead" for c in context[0]) and bool(
        _PURPOSE_ITEM.match(text[:40])
    )


# What "we use" names when it is a means of protection, not personal data ("we use a variety of
# security measures", "we use SSL encryption", "we use reasonable efforts to protect ...").
_PROTECTIVE_MEANS = re.compile(
    r"[^.;:]{0,60}?\b(?:security|safeguards?|encrypt\w*|ssl|tls|firewalls?|(?:reasonable|commercially"
    r" reasonable|best) efforts|precautions|measures|procedures)\b",
    re.I,
)
_USES_OF_MEANS = frozenset({"we use", "we may use"})


def _states_use(text: str, base: int, c: Cue) -> bool:
    if c.kind != "sec" or c.key != "use" or c.phrase not in USE_STATEMENTS:
        return False
    if c.phrase in _USES_OF_MEANS and text:
        return _PROTECTIVE_MEANS.match(text, c.end - base) is None
    return True


def incidental_use_removed(
    sections: tuple[str, ...], cues: Sequence[Cue], bounds: Sequence[int], text: str = "",
    base: int = 0,
) -> tuple[str, ...]:
    """``sections`` without ``use`` when a passage of several sentences is about a section
    that names purposes in passing (``INCIDENTAL_USE``: "we use safeguards to protect your
    data") and nothing in it states that data is used (``USE_STATEMENTS``; "we use" naming a
    means of protection states no use of data)."""
    if "use" not in sections or "collection" in sections or not bounds:
        return sections
    if INCIDENTAL_USE.isdisjoint(sections) or any(_states_use(text, base, c) for c in cues):
        return sections
    return tuple(s for s in sections if s != "use")


# Weight of rights cues that makes a sentence one that offers the user a right or choice.
_RIGHTS_SENTENCE = 1.5


def incidental_rights_removed(
    sections: tuple[str, ...], cues: Sequence[Cue], bounds: Sequence[int]
) -> tuple[str, ...]:
    """``sections`` without ``rights`` when a long passage about another section offers a
    choice in one sentence only ("... You can set your browser to refuse cookies." at the end
    of a paragraph describing them): the passage is about that other section."""
    if "rights" not in sections or len(sections) < 2:
        return sections
    if len(bounds) + 1 < INCIDENTAL_RIGHTS_SENTENCES:
        return sections
    weights = cue_weights()[0]["rights"]
    per: dict[int, float] = {}
    for c in cues:
        if c.kind == "sec" and c.key == "rights":
            sent = bisect_right(bounds, c.start)
            per[sent] = per.get(sent, 0.0) + weights.get(c.phrase, 0.0)
    if sum(1 for v in per.values() if v >= _RIGHTS_SENTENCE) > 1:
        return sections
    return tuple(s for s in sections if s != "rights")


# A list intro this short ("We may use your information to:") announces purposes its items state.
LIST_INTRO_WORDS = 30


def announced_use_removed(text: str, sections: tuple[str, ...]) -> tuple[str, ...]:
    """``sections`` without ``use`` for a short list intro ending in a colon: the purposes are
    the items' (each a purpose item), the intro only announces them."""
    if "use" not in sections or not text.rstrip().endswith(":"):
        return sections
    if len(text.split()) > LIST_INTRO_WORDS:
        return sections
    return tuple(s for s in sections if s != "use")


# "If you have any questions, you can contact us:", "... please contact us using the details
# at the bottom of this notice": an invitation to get in touch that leaves the contact details
# to the lines after it or to another part of the notice states none of them itself.
_CONTACT_INVITATION = re.compile(r"\b(?:contact|reach|write to|e-?mail)\s+(?:us|me)\b", re.I)
_DETAILS_ELSEWHERE = re.compile(
    r"\b(?:using|via|through|with|at|in)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:details|information|addresses|address)\s+(?:provided\s+|set out\s+|listed\s+|given\s+)?"
    r"(?:below|above|at the (?:bottom|end)|in (?:section|the section|the ))",
    re.I,
)
_DETAIL_KINDS = frozenset({"email", "phone", "url"})
# An invitation longer than this is more than a lead-in.
INVITATION_WORDS = 50


def invitation_contact_removed(
    text: str, sections: tuple[str, ...], cues: Sequence[Cue]
) -> tuple[str, ...]:
    """``sections`` without ``contact`` for a short invitation to contact the service whose
    details follow it (the passage ends with ":") or are given elsewhere in the notice, when
    the passage itself names no e-mail address, phone number, link or postal address."""
    if "contact" not in sections or len(text.split()) > INVITATION_WORDS:
        return sections
    if not _CONTACT_INVITATION.search(text):
        return sections
    if not (text.rstrip().endswith(":") or _DETAILS_ELSEWHERE.search(text)):
        return sections
    if any(c.kind in _DETAIL_KINDS for c in cues) or _ADDRESS.search(text):
        return sections
    return tuple(s for s in sections if s != "contact")


# An item of a purpose list naming this many kinds of data or more still says what is collected.
PURPOSE_ITEM_DATA_TYPES = 2
# ... and one of this many sentences is a paragraph of its own.
PURPOSE_ITEM_SENTENCES = 2
_LISTED_WORDS = re.compile(r"^\W{0,3}[A-Za-z][\w/-]*,")


def listed_purpose_collection_removed(
    text: str,
    sections: tuple[str, ...],
    cues: Sequence[Cue],
    context: Sequence[Sequence[Cue]],
    bounds: Sequence[int] = (),
) -> tuple[str, ...]:
    """``sections`` without ``collection`` for an item of a list of purposes: a purpose item
    ("To manage your account: ...", "to contact you by email") under a lead-in ending with ":"
    that is about use states what the data is for. The data it mentions in passing (the
    channel "by email", "the data you provide") is no statement of what is collected, unless
    the item names several kinds of data."""
    if "collection" not in sections or "use" not in sections or not context:
        return sections
    if len(bounds) >= PURPOSE_ITEM_SENTENCES:  # a paragraph, no list item
        return sections
    lead = context[0]
    if not any(c.kind == "lead" for c in lead) or not is_purpose_item(text, context):
        return sections
    if _LISTED_WORDS.match(text):  # "Address, city, postal code": a list of data, no purpose
        return sections
    scores = lead_scores(lead)
    if scores.get("use", 0.0) <= scores.get("collection", 0.0):
        return sections
    if len({c.key for c in cues if c.kind == "dt"}) >= PURPOSE_ITEM_DATA_TYPES:
        return sections
    return tuple(s for s in sections if s != "collection")


def passage_result(
    text: str,
    base: int,
    cues: Sequence[Cue],
    context: Sequence[Sequence[Cue]],
    bounds: Sequence[int] = (),
    parts: tuple[dict[str, float], dict[str, float], dict[str, float]] | None = None,
) -> PassageResult:
    """Sections and data types of one passage with its framing headings (innermost first).
    ``parts``: the passage's ``score_parts``, when the caller has them already."""
    if parts is None:
        parts = score_parts(text, base, cues, context, bounds)
    scores = combine(*parts)
    short = len(text.split()) <= LIST_ITEM_WORDS
    in_list = short and any(
        c.kind in ("sec", "head") and c.key == "collection"
        for cues_h in context[:COLLECTION_DEPTH] for c in cues_h
    )
    weights = default_weights()
    if weights is None:
        sections = decide(scores)
    else:
        sections = weights.decide(parts, short=short, framed=bool(context))
    if (
        sections and states_scope(text)
        and is_overview(passage_scores(text, base, cues, context, bounds, scoped=False))
    ):
        sections = ()
    if sections and is_question_run(text, bounds):
        sections = ()
    # A topic list or a linked-sites disclaimer states no section and names no data collected.
    no_statement = disclaims_linked_sites(text) or announces_topics(text)
    if no_statement:
        sections = ()
    if sections and points_elsewhere(text, bounds):
        sections = tuple(s for s in sections if s not in POINTER_DROPS)
    if sections and is_definition(text):
        sections = tuple(s for s in sections if s in DEFINITION_KEEPS)
    if "changes" in sections and is_date_stamp(text):
        sections = tuple(s for s in sections if s != "changes")
    if "security" in sections and "sharing" in sections and not protects_data(text):
        sections = tuple(s for s in sections if s != "security")
    sections = incidental_use_removed(sections, cues, bounds, text, base)
    sections = incidental_rights_removed(sections, cues, bounds)
    sections = announced_use_removed(text, sections)
    sections = invitation_contact_removed(text, sections, cues)
    sections = listed_purpose_collection_removed(text, sections, cues, context, bounds)
    values = extract_values(text, base, cues, sections, acting=in_list)
    if no_statement:
        values.data_types.clear()
    purpose = is_purpose_item(text, context)
    if in_list and not purpose and "collection" not in sections and not completes_a_right(
        context, short
    ) and (
        values.data_types or (not sections and _names_collected_item(text, context, parts[0]))
    ):
        sections = ("collection", *sections)
    if not sections and names_recipient_item(text, cues, context):
        sections = ("sharing",)
    if values.data_types and is_heading_run(text):
        return PassageResult(sections, ())
    return PassageResult(sections, tuple(values.data_types))


# A line of this many words or fewer can be a subheading in sentence case ("Law enforcement").
_BARE_SUBHEADING_WORDS = 3
_BARE_SUBHEADING = re.compile(r"^(?![A-Z][a-z]+ing\b)[A-Z][a-z'’-]+(?:\s+[a-z][a-z'’-]*)+$")


def is_bare_subheading(text: str, cues: Sequence[Cue], context: Sequence[Sequence[Cue]]) -> bool:
    """A line of two or three words in sentence case under a heading (not a list lead-in) is a
    subheading ("Law enforcement", "Other legal requirements"): it states nothing itself. Not
    a name, bullet, figure, punctuated line, data type, purpose led by an -ing verb
    ("Managing orders"), nor a line under a heading about collection only (a kind of data)."""
    stripped = text.strip()
    if not context or len(stripped.split()) > _BARE_SUBHEADING_WORDS:
        return False
    if any(c.kind in ("lead", "long") for c in context[0]):
        return False
    if any(c.kind in ("dt", "email", "phone", "url") for c in cues):
        return False
    for cues_h in context[:COLLECTION_DEPTH]:
        keys = heading_keys_of(cues_h)
        if keys:  # under a heading about collection only it names a kind of data
            return keys != ["collection"] and _BARE_SUBHEADING.match(stripped) is not None
    return _BARE_SUBHEADING.match(stripped) is not None


def sentence_bounds(text: str, base: int = 0) -> list[int]:
    """Start offsets of the sentences after the first one (for ``body_scores``)."""
    return [s for s, _ in split_sentences(text, 0, len(text))[1:]] if base == 0 else []


def cues_of_headings(headings: Iterable[str]) -> dict[str, list[Cue]]:
    nlp = get_nlp()
    unique = list(dict.fromkeys(h for h in headings))
    docs = nlp.pipe(unique, batch_size=BATCH)
    return {h: read_cues(doc) for h, doc in zip(unique, docs, strict=True)}


def _final_sections(
    texts: list[str],
    contexts: list[list[str]],
    results: list[PassageResult],
    model: SectionModel | None,
    groups: Sequence[str] | None = None,
) -> list[PassageResult]:
    if model is None:
        return results
    predicted = model.predict(texts, contexts, results, groups=groups)
    return [PassageResult(tuple(p), r.data_types) for p, r in zip(predicted, results, strict=True)]


def classify_passages(
    items: Iterable[tuple[str, list[str]]],
    classifier: SectionModel | None = None,
    groups: Sequence[str] | None = None,
) -> list[PassageResult]:
    """Sections and data types of passages given with their headings (outermost first).

    ``classifier``, when given, decides the section labels it was trained on from the rules'
    verdict and features (``extraction.nlp.classify_passages`` passes the configured one).
    ``groups`` names each passage's document, passages in document order (the classifier reads
    its neighbours' rule verdicts); None: all passages are one document."""
    rows = [(text, list(context)) for text, context in items]
    nlp = get_nlp()
    learn_words(nlp, (t for text, ctx in rows for t in (text, *ctx)))
    results: list[PassageResult] = []
    with nlp.memory_zone():
        heads = cues_of_headings(h for _, ctx in rows for h in ctx)
        docs = nlp.pipe((text for text, _ in rows), batch_size=BATCH)
        for (text, ctx), doc in zip(rows, docs, strict=True):
            cues = read_cues(doc)
            context = [heads[h] for h in reversed(ctx)]
            if (
                is_heading_like(text, cues) or is_bare_subheading(text, cues, context)
            ) and not is_list_item(text, cues, context):
                results.append(PassageResult((), ()))
                continue
            results.append(passage_result(text, 0, cues, context, sentence_bounds(text)))
    return _final_sections(
        [t for t, _ in rows], [c for _, c in rows], results, classifier, groups
    )


def rule_features(text: str, context: list[str]) -> list[str]:
    """Feature tokens from the rules, for the trainable classifier."""
    nlp = get_nlp()
    cues = read_cues(nlp(text))
    head = cues_of_headings(context)
    ctx = [head[h] for h in reversed(context)]
    scores = passage_scores(text, 0, cues, ctx)
    feats = {f"SEC={k}" for k in decide(scores)}
    for key, score in scores.items():
        if key in THRESHOLDS:
            feats.add(f"S_{key}={min(int(2 * score / THRESHOLDS[key]), 4)}")
    for cues_h in ctx[:2]:
        head_key = primary_heading_key(cues_h)
        if head_key:
            feats.add(f"HEAD={head_key}")
    values = extract_values(text, 0, cues, decide(scores))
    feats.update(f"DT={d}" for d in values.data_types)
    feats.update(f"PUR={p}" for p in values.purposes)
    feats.update(f"RC={r}" for r in values.recipient_categories)
    feats.update(f"RIGHT={r}" for r in values.rights)
    feats.update(f"CTRY={c}" for c in values.countries[:1])
    if values.practice:
        feats.add(f"PRAC={values.practice}")
    if values.negated:
        feats.add("NEG")
    if values.retention:
        feats.add(f"RET={values.retention.duration or values.retention.qualifier}")
    if values.children_age:
        feats.add("CHILD_AGE")
    feats.update(f"VAL={c.kind}" for c in cues if c.kind in ("email", "url", "phone"))
    return sorted(feats)
