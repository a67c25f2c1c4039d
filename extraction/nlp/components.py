"""spaCy components of the rules pipeline, registered as ``policy_*`` factories.

``policy_cues`` marks every lexicon phrase (section cues, data types, purposes, recipients,
rights, practices, negation, modality, retention qualifiers, countries) in
``doc.spans["policy_cues"]``; ``policy_values`` marks durations, ages, e-mails and URLs in
``doc.spans["policy_values"]``. Labels are ``kind:key|phrase`` so the weight of a cue can be
looked up from the pattern data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pycountry
from spacy.attrs import LIKE_EMAIL, LIKE_NUM, LIKE_URL, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from .patterns import expand, expand_all, sections, values

_PHONE = re.compile(
    r"(?<![\w.])(?:\(\+?\d{1,4}\)|\+?\d{1,4})?[ .-]?"
    r"(?:\(?\d{2,4}\)?[ .-]?){1,4}\d{3,4}(?![\w])"
)

CUES = "policy_cues"
VALUES = "policy_values"

DURATION_UNITS = [
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
]


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-case country name -> ISO alpha-2, from pycountry plus aliases."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                names[name.lower()] = country.alpha_2
    names.update(values.COUNTRY_ALIASES)
    return names


def lexicon_entries() -> list[tuple[str, list[str]]]:
    """Every ``(kind:key, phrases)`` pair the cue matcher knows."""
    out: list[tuple[str, list[str]]] = []
    for key, weights in sections.BODY.items():
        out.append((f"sec:{key}", [p for entry in weights for p in expand(entry)]))
    for key, weights in sections.HEADING.items():
        out.append((f"head:{key}", [p for entry in weights for p in expand(entry)]))
    tables: list[tuple[str, dict[str, list[str]]]] = [
        ("dt", values.DATA_TYPES),
        ("pur", values.PURPOSES),
        ("rn", values.RECIPIENT_NAMES),
        ("rc", values.RECIPIENT_CATEGORIES),
        ("right", values.RIGHTS),
        ("prac", values.PRACTICES),
        ("mod", values.MODALITY),
        ("retq", values.RETENTION_QUALIFIERS),
    ]
    for kind, table in tables:
        for key, phrases in table.items():
            out.append((f"{kind}:{key}", expand_all(phrases)))
    out.append(("neg:x", list(values.NEGATIONS)))
    out.append(("anyc:*", list(values.ANY_COUNTRY)))
    out.append(("locx:x", expand_all(values.LOCATION_CONTEXT)))
    out.append(("childx:x", list(values.CHILD_AGE_CONTEXT)))
    by_code: dict[str, list[str]] = {}
    for name, code in country_names().items():
        by_code.setdefault(code, []).append(name)
    for code, names in by_code.items():
        out.append((f"country:{code}", names))
    return out


# Distinct words the data-type screen remembers before it starts again
SCREEN_MEMO_LIMIT = 200_000


class PolicyCues:
    """Marks lexicon phrases with one PhraseMatcher on LOWER, and the data types of
    ``DATA_TYPE_PATTERNS`` with regular expressions."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in lexicon_entries():
            by_norm: dict[str, list[Doc]] = {}
            for phrase in phrases:
                doc = nlp.make_doc(phrase)
                norm = " ".join(t.lower_ for t in doc)
                variants = by_norm.setdefault(norm, [doc])
                # the tokenizer splits some lower-case words ("id" -> "i", "d") but not their
                # capitalised forms ("ID"): match those spellings too, under the same label
                for form in (phrase.upper(), phrase.title()) if "." not in phrase else ():
                    other = nlp.make_doc(form)
                    if len(other) != len(doc):
                        variants.append(other)
            for norm, docs in by_norm.items():
                self.matcher.add(f"{label}|{norm}", docs)
        # the data-type expressions, each with the words a passage must hold to be searched
        self.expressions = [
            (f"dt:{key}|{name}", screen, re.compile(source, re.I))
            for key, named in values.DATA_TYPE_PATTERNS.items()
            for name, (screen, source) in named.items()
        ]
        # lower-case form (its hash) -> indices of the expressions one of whose screen words it
        # holds; filled as words are met, so a passage is screened on its distinct words
        self.screened: dict[int, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = self.matcher(doc, as_spans=True)
        wanted = self._expressions_screened_in(doc)
        if wanted:
            text = doc.text  # spaCy joins the tokens again on every access: only when needed
            for i in sorted(wanted):
                label, _, expression = self.expressions[i]
                for m in expression.finditer(text):
                    span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
        doc.spans[CUES] = SpanGroup(doc, name=CUES, spans=spans)
        return doc

    def _expressions_screened_in(self, doc: Doc) -> set[int]:
        """Indices of the expressions a screen word of which is in one of ``doc``'s words."""
        if len(self.screened) > SCREEN_MEMO_LIMIT:
            self.screened.clear()
        strings = doc.vocab.strings
        wanted: set[int] = set()
        for orth in set(doc.to_array(LOWER).tolist()):
            hits = self.screened.get(orth)
            if hits is None:
                word = strings[orth]
                hits = self.screened[orth] = tuple(
                    i for i, (_, screen, _) in enumerate(self.expressions)
                    if any(w in word for w in screen)
                )
            wanted.update(hits)
        return wanted


NUM = {"LIKE_NUM": True}
UNIT = {"LOWER": {"IN": DURATION_UNITS}}
VALUE_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "duration": [
        [NUM, UNIT],
        [NUM, {"LOWER": {"IN": ["additional", "more", "further", "consecutive", "calendar",
                                "full", "business", "working"]}}, UNIT],
        [NUM, {"ORTH": "-"}, UNIT],
        [NUM, {"ORTH": "("}, NUM, {"ORTH": ")"}, UNIT],
        [NUM, {"ORTH": "("}, NUM, {"ORTH": ")"}, {"ORTH": "-"}, UNIT],
        [{"LOWER": {"IN": ["a", "an", "one"]}},
         {"LOWER": {"IN": ["day", "week", "month", "year"]}}],
    ],
    "age": [
        [{"LOWER": {"IN": ["under", "below", "beneath"]}}, {"LOWER": "the", "OP": "?"},
         {"LOWER": "age", "OP": "?"}, {"LOWER": "of", "OP": "?"}, NUM],
        [{"LOWER": "younger"}, {"LOWER": "than"}, NUM],
        [{"LOWER": {"IN": ["age", "aged", "ages"]}}, {"LOWER": "of", "OP": "?"}, NUM],
        [NUM, {"LOWER": {"IN": ["years", "year"]}}, {"LOWER": {"IN": ["of", "old"]}}],
        [NUM, {"ORTH": "("}, NUM, {"ORTH": ")"}, {"LOWER": {"IN": ["years", "year"]}}],
    ],
}
# Every pattern above but one needs a number; that one is an article before a unit ("a year").
_ARTICLES = ("a", "an", "one")
_UNITS = ("day", "week", "month", "year")
# Tokens a match can reach on either side of its number or article: the longest pattern's
# length less one
_REACH = max(len(p) for patterns in VALUE_PATTERNS.values() for p in patterns) - 1


class PolicyValues:
    """Marks durations, ages, e-mail addresses, URLs and phone numbers with a Matcher."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in VALUE_PATTERNS.items():
            self.matcher.add(label, patterns)
        self.articles = {nlp.vocab.strings.add(w) for w in _ARTICLES}
        self.units = {nlp.vocab.strings.add(w) for w in _UNITS}

    def __call__(self, doc: Doc) -> Doc:
        # Cheap token-attribute screening first: most passages hold no number, e-mail or URL,
        # and without a number only "a/an/one" + unit ("a year") can match.
        arr = doc.to_array([LIKE_NUM, LIKE_EMAIL, LIKE_URL, LOWER])
        spans: list[Span] = []
        has_num = bool(arr[:, 0].any())
        lowers = arr[:, 3].tolist()
        if has_num or self._article_unit(lowers):
            # the matcher reads only the stretches around numbers and articles before a unit
            # (every match holds one): the same matches, in the same order
            for start, end in self._windows(arr[:, 0].nonzero()[0].tolist(), lowers):
                spans += self.matcher(doc[start:end], as_spans=True)
        for column, label in ((1, "email"), (2, "url")):
            hits = arr[:, column].nonzero()[0]
            spans += [Span(doc, int(i), int(i) + 1, label=label) for i in hits]
        if has_num:
            for m in _PHONE.finditer(doc.text):
                if sum(c.isdigit() for c in m.group()) < 7:
                    continue
                span = doc.char_span(m.start(), m.end(), label="phone", alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans[VALUES] = SpanGroup(doc, name=VALUES, spans=spans)
        return doc

    def _windows(self, numbers: list[int], lowers: list[int]) -> list[tuple[int, int]]:
        """Disjoint token ranges, in order, holding every token within ``_REACH`` of a
        number (indices ``numbers``) or of an article followed by a duration unit."""
        anchors = numbers
        if not self.units.isdisjoint(lowers):
            anchors = sorted({*numbers, *(
                i for i, (a, b) in enumerate(zip(lowers, lowers[1:], strict=False))
                if a in self.articles and b in self.units
            )})
        windows: list[tuple[int, int]] = []
        for i in anchors:
            start, end = max(0, i - _REACH), min(len(lowers), i + _REACH + 1)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def _article_unit(self, lowers: list[int]) -> bool:
        """Whether an article is followed by a duration unit (the one number-free pattern)."""
        if self.units.isdisjoint(lowers):
            return False
        return any(
            a in self.articles and b in self.units
            for a, b in zip(lowers, lowers[1:], strict=False)
        )


@Language.factory("policy_cues")
def make_policy_cues(nlp: Language, name: str) -> PolicyCues:
    """Factory of the lexicon cue matcher."""
    return PolicyCues(nlp, name)


@Language.factory("policy_values")
def make_policy_values(nlp: Language, name: str) -> PolicyValues:
    """Factory of the typed-value matcher."""
    return PolicyValues(nlp, name)
