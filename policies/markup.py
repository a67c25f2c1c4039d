"""The version page's marked-up policy text, built in Python with escaping.

Every piece of stored text goes through ``escape``/``format_html``; nothing from the policy is
ever trusted as HTML (an uploaded ``<script>`` shows as text). Each clause becomes a focusable
``<span id="clause-<id>">`` coloured by its section, whose attributes are listed in a hidden
``<div id="clause-<id>-attrs">`` that the page's small script (or a ``title`` on hover) shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from policies.models import Clause, PolicyVersion, Section
from policies.values import (
    SECTION_LABELS,
    clause_section_keys,
    clause_values,
    confidence_label,
)


@dataclass(frozen=True)
class RenderedSection:
    id: str
    key: str
    label: str
    heading: str
    order: int
    clause_count: int
    html: SafeString


def _clause_key(clause: Clause) -> str:
    keys = clause_section_keys(clause, clause.section.key if clause.section_id else None)
    keys = [k for k in keys if k != "other"] or keys
    return keys[0] if keys else "other"


def clause_summary(clause: Clause) -> str:
    """One line for the hover title: practice and the main values."""
    bits = []
    if clause.practice:
        bits.append(("does not " if clause.negated else "") + clause.practice)
    bits.extend(label for _, _, label in clause_values(clause)[:6])
    return " · ".join(bits) or "statement"


_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _text(segment: str) -> str:
    """Escaped text between clauses; runs of blank lines show as one (display only)."""
    return escape(_BLANK_RUN.sub("\n\n", segment))


def _clause_span(clause: Clause, text: str) -> str:
    key = _clause_key(clause)
    return format_html(
        '<span class="clause sec-{key}" id="clause-{id}" tabindex="0" data-clause="{id}" '
        'title="{title}" aria-describedby="clause-{id}-attrs">{text}</span>',
        key=key,
        id=clause.pk,
        title=clause_summary(clause),
        text=text,
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without the blank lines/spaces at both ends (offsets stay exact)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _marked(text: str, start: int, end: int, clauses: list[Clause]) -> str:
    """Escaped ``text[start:end]`` with the clauses inside it wrapped in spans."""
    start, end = _trim(text, start, end)
    out: list[str] = []
    cursor = start
    for clause in clauses:
        if clause.end <= cursor or clause.start >= end:
            continue
        c_start, c_end = max(clause.start, cursor), min(clause.end, end)
        if c_start > cursor:
            out.append(_text(text[cursor:c_start]))
        out.append(_clause_span(clause, text[c_start:c_end]))
        cursor = c_end
    if cursor < end:
        out.append(_text(text[cursor:end]))
    return "".join(out)


# A page of a version shows at most about this many characters of its text (a 5 MB policy is
# read in parts, each a few hundred KB of HTML).
PART_CHARS = 120_000


def text_parts(
    text: str, section_starts: list[int], limit: int | None = None
) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering ``text``, each at most ``limit`` (PART_CHARS)
    characters, cut at a section start where one falls in range, else at a line break."""
    limit = limit or PART_CHARS
    starts = sorted({s for s in section_starts if 0 < s < len(text)})
    parts: list[tuple[int, int]] = []
    begin, index = 0, 0
    while begin < len(text):
        if len(text) - begin <= limit:
            parts.append((begin, len(text)))
            break
        cut = None
        while index < len(starts) and starts[index] <= begin + limit:
            if starts[index] > begin:
                cut = starts[index]
            index += 1
        if cut is None or cut - begin < limit // 4:
            newline = text.rfind("\n", begin + limit // 2, begin + limit)
            cut = max(cut or 0, newline + 1 if newline >= 0 else begin + limit)
        parts.append((begin, cut))
        begin = cut
    return parts or [(0, 0)]


def version_markup(
    *,
    version: PolicyVersion,
    sections: list[Section],
    clauses: list[Clause],
    empty_spans: tuple[tuple[int, int], ...] = (),
    window: tuple[int, int] | None = None,
) -> tuple[list[RenderedSection], SafeString]:
    """The sections of a version as escaped HTML, plus the hidden attribute panels.

    ``empty_spans``: offsets of the "heading with no content" findings; a heading with no body
    is flagged only when the pipeline found it empty (a parent heading directly followed by
    its sub-headings is not). ``window``: only the text in ``[start, end)`` (one part of a
    long policy; see ``text_parts``); ``clauses`` should be those overlapping it.
    """
    text = version.text
    low, high = window or (0, len(text))
    clauses = sorted(clauses, key=lambda c: (c.start, c.order))
    rendered: list[RenderedSection] = []
    spans = sorted(sections, key=lambda s: s.order)
    if not spans:
        html = format_html('<div class="body">{}</div>', mark_safe(_marked(text, low, high,  # noqa: S308
                                                                               clauses)))
        rendered.append(RenderedSection("section-all", "other", "Full text", "", 0,
                                        len(clauses), html))
        return rendered, attribute_panels(clauses)
    # Text before the first section (a preamble with no heading) is shown too.
    pieces: list[tuple[int, int, Section | None]] = []
    cursor = 0
    for section in spans:
        if section.start > cursor:
            pieces.append((cursor, section.start, None))
        pieces.append((section.start, section.end, section))
        cursor = max(cursor, section.end)
    if cursor < len(text):
        pieces.append((cursor, len(text), None))
    for index, (start, end, section) in enumerate(pieces):
        if end <= low or start >= high:
            continue  # another part of the policy
        start, end = max(start, low), min(end, high)
        if section is None:
            if not text[start:end].strip():
                continue
            body = _marked(text, start, end, clauses)
            html = format_html('<div class="body">{}</div>', mark_safe(body))  # noqa: S308
            rendered.append(RenderedSection(f"text-{index}", "other", "Text", "", -1,
                                            0, html))
            continue
        body_start = max(section.body_start, start)
        inside = [c for c in clauses if c.start < end and c.end > body_start]
        heading = text[section.start : section.body_start].strip()
        if section.start < low:
            heading = f"{heading or section.heading} (continued)"
        body_text = text[body_start:end]
        if body_text.strip():
            body = format_html('<div class="body">{}</div>', mark_safe(  # noqa: S308
                _marked(text, body_start, end, inside)))
        elif any(start < section.end and end > section.start for start, end in empty_spans):
            body = format_html('<p class="empty"><em>{}</em></p>',
                               "This heading has no content.")
        else:
            body = mark_safe("")  # noqa: S308 - a parent heading: its sub-sections follow
        rendered.append(
            RenderedSection(
                id=f"section-{section.order}",
                key=section.key,
                label=SECTION_LABELS.get(section.key, section.key),
                heading=heading or section.heading,
                order=section.order,
                clause_count=len(inside),
                html=body,
            )
        )
    return rendered, attribute_panels(clauses)


def _attr_row(label: str, values: list[str]) -> str:
    if not values:
        return ""
    return format_html(
        "<dt>{}</dt><dd>{}</dd>", label, ", ".join(values)
    )


def attribute_panels(clauses: list[Clause]) -> SafeString:
    """One hidden ``<div>`` of typed attributes per clause, shown on click/focus."""
    panels = []
    for clause in clauses:
        facts = clause_values(clause)
        grouped: dict[str, list[str]] = {}
        for field, _, label in facts:
            grouped.setdefault(field, []).append(label)
        rows = [
            _attr_row("Sections", [SECTION_LABELS.get(k, k) for k in
                                   clause_section_keys(clause, clause.section.key
                                                       if clause.section_id else None)]),
            _attr_row("Practice", [("does not " if clause.negated else "")
                                   + (clause.practice or "—")]),
            _attr_row("Modality", [clause.modality] if clause.modality else []),
            _attr_row("Data types", grouped.get("data_type", [])),
            _attr_row("Purposes", grouped.get("purpose", [])),
            _attr_row("Recipients", grouped.get("recipient", [])),
            _attr_row("Recipient categories", grouped.get("recipient_category", [])),
            _attr_row("Retention", grouped.get("retention", [])),
            _attr_row("Rights", grouped.get("right", [])),
            _attr_row("Countries", grouped.get("country", [])),
            _attr_row("Children", grouped.get("children_age", [])),
            _attr_row("Do Not Track", [clause.get_dnt_stance_display()]
                      if clause.dnt_stance else []),
            _attr_row("Limited to", [clause.scope] if clause.scope else []),
            _attr_row("Confidence", [confidence_label(clause.confidence)]),
        ]
        panels.append(
            format_html(
                '<div class="clause-attrs" id="clause-{}-attrs" hidden>'
                "<h3>Clause {}</h3><dl>{}</dl>"
                '<p><a href="#clause-{}">Link to this sentence</a></p></div>',
                clause.pk,
                clause.order + 1,
                mark_safe("".join(rows)),  # noqa: S308 - built with format_html above
                clause.pk,
            )
        )
    return format_html_join("", "{}", ((p,) for p in panels))
