"""Sharing read from indirect patterns: "provide X to Y", "make it available to partners", and
third parties that collect on the company's pages ("advertisers may place cookies")."""

from __future__ import annotations

import re

from .rule_scoring import Cue

# Verbs that hand data over ("provide X to Y", "pass it on to", "make it available to").
_GIVE = re.compile(
    r"\b(?:provid\w*|pass\w*|giv\w*|gave|suppl\w+|forward\w*|send\w*|sent|hand\w*"
    r"|transmit\w*|furnish\w*|reveal\w*|releas\w*|communicat\w*"
    r"|mak\w+\s+(?:[\w’'-]+\s+){1,3}available"
    r"|made\s+available|transfer\w*|disclos\w*|shar\w+|submit\w*|expos\w+|sold|sell\w*)\b",
    re.I,
)
_DATA_WORD = re.compile(
    r"\b(?:information|data|details|address\w*|pii|it|them|records?|numbers?|identifiers?"
    r"|profiles?|history|content|results|reports?|emails?|names?)\b",
    re.I,
)
_TO_RECIPIENT = re.compile(
    r"\b(?:to|with|onto)\s+(?:(?:our|the|their|its|your|such|these|those|any|other|certain"
    r"|trusted|selected|select|relevant|third[- ]party|external|outside|approved|authori[sz]ed"
    r"|carefully|chosen|some|all|various|a|an|one|or|and|more|of|us|companies|like|as)\s+){0,4}$",
    re.I,
)
# Third parties that collect on the company's pages: the subject of a collect/track verb.
_THIRD_SUBJECT = re.compile(
    r"\b(?:third[- ]part(?:y|ies)|partners?|advertis\w+|ad networks?|ad servers?|vendors?"
    r"|social (?:media|network)\w*|plug-?ins?|pixels?|like buttons?|widgets?|sdks?"
    r"|service providers?|analytics (?:providers?|companies|services?)|these companies"
    r"|other companies|networks?)\b",
    re.I,
)
_ALLOW = re.compile(r"\b(?:allow|permit|enabl|let|authori[sz])\w*\s", re.I)
# "information we receive from partners": the party named after these is a source, not a collector.
_SOURCE_BEFORE = re.compile(
    r"\b(?:from|about|through|via|by|of|with)\s+(?:[\w’'-]+\s+){0,3}$", re.I
)


def shared_to(
    text: str, base: int, cue: Cue | None, by: dict[str, list[Cue]]
) -> Cue | None:
    """A share practice read from an indirect pattern, or None.

    "we will provide your delivery address to logistics companies" (a giving verb, a data word,
    then "to"/"with" and a recipient) and "Facebook/advertisers may collect ... on our site" or
    "allow third parties to place cookies" (a third party collects on the company's pages).
    """
    if cue is not None and (
        cue.key in ("share", "sell")
        or (cue.key == "transfer" and (by.get("country") or by.get("anyc")))
    ):
        return None
    recipients = [*by.get("rc", []), *by.get("rn", [])]
    for r in sorted(recipients, key=lambda c: c.start):
        at = r.start - base
        before = text[max(0, at - 160):at]
        if "." in before[-120:] or not _TO_RECIPIENT.search(before):
            continue
        gives = list(_GIVE.finditer(before))
        give = gives[-1] if gives else None
        if give is not None and _DATA_WORD.search(text[:at]):
            start = base + max(0, at - 160) + give.start()
            return Cue("prac", "share", give.group(0).lower(), start, start + len(give.group(0)))
    if cue is not None and cue.key in ("collect", "track"):
        head = text[:cue.start - base]
        head = head[max(head.rfind(";"), head.rfind(". ")) + 1:]
        allow = _ALLOW.search(head)
        if allow and (
            _THIRD_SUBJECT.search(head, allow.end())
            or any(r.start - base >= allow.end() for r in recipients if r.start < cue.start)
        ):
            return Cue("prac", "share", cue.phrase, cue.start, cue.end)
        own = re.match(r"\W*(?:we|our|us)\b\s*", head, re.I)
        if own and not (head.lower().startswith("our") and _THIRD_SUBJECT.match(head, own.end())):
            return None
        for m in _THIRD_SUBJECT.finditer(head):
            if not _SOURCE_BEFORE.search(head[:m.start()]):
                return Cue("prac", "share", cue.phrase, cue.start, cue.end)
    return None
