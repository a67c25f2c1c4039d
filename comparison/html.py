"""HTML of a version diff's text part, built in Python with escaping (never in templates)."""

from __future__ import annotations

from html import escape as _e

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from comparison.types import DiffHunk, DiffLine

_OP_CLASS = {" ": "ctx", "-": "del", "+": "ins"}
_OP_LABEL = {" ": "unchanged", "-": "removed", "+": "added"}


def _line_body(line: DiffLine) -> SafeString:
    if not line.parts:
        return format_html("{}", line.text)
    tag = "del" if line.op == "-" else "ins"
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<{}>{}</{}>", mark_safe(tag), text, mark_safe(tag))  # noqa: S308
             if op != " " else format_html("{}", text),)
            for op, text in line.parts
        ),
    )


def text_diff_html(hunks: tuple[DiffHunk, ...]) -> SafeString:
    """A table per hunk: old and new line numbers, the marker and the escaped line."""
    if not hunks:
        return format_html("<p>{}</p>", "The texts are identical.")
    out = []
    for hunk in hunks:
        rows = format_html_join(
            "",
            '<tr class="{}"><td class="ln">{}</td><td class="ln">{}</td>'
            '<td class="op" aria-label="{}">{}</td><td class="tx">{}</td></tr>',
            (
                (_OP_CLASS[line.op], line.old_no or "", line.new_no or "", _OP_LABEL[line.op],
                 line.op.strip(), _line_body(line))
                for line in hunk.lines
            ),
        )
        out.append(
            format_html(
                '<table class="textdiff"><caption>Lines {}–… of the old text, {}–… of the new'
                '</caption><thead><tr><th scope="col">old</th><th scope="col">new</th>'
                '<th scope="col"><span class="visually-hidden">change</span></th>'
                '<th scope="col">text</th></tr></thead><tbody>{}</tbody></table>',
                hunk.old_start,
                hunk.new_start,
                rows,
            )
        )
    return format_html_join("", "{}", ((h,) for h in out))


# --- comparison cells ----------------------------------------------------------------------
# Hundreds of clauses per page: their cells are built here once rather than through nested
# template includes. Every value goes through the standard library's html.escape (quotes
# included), the same escaping Django applies, without its lazy-string wrapper per call.


def _ref_html(ref) -> str:
    url = _e(ref.url)
    chips = []
    if ref.negated:
        chips.append(f'<li><a class="val neg" href="{url}">does not {_e(ref.practice)}</a></li>')
    for v in ref.values:
        title = v.field.replace("_", " ") + (" — differs across companies" if v.distinct else "")
        chips.append(
            f'<li><a class="val f-{_e(v.field)}{" distinct" if v.distinct else ""}" href="{url}"'
            f' data-field="{_e(v.field)}" data-value="{_e(v.value)}" title="{_e(title)}">'
            f"{_e(v.label)}</a></li>"
        )
    text = ref.text if len(ref.text) <= 130 else ref.text[:129].rstrip() + "…"
    return (
        f'<div class="ref{" negated" if ref.negated else ""}"><ul class="vals">{"".join(chips)}'
        f'</ul><a class="quote" href="{url}" title="{_e(ref.text[:600])}">{_e(text)}</a></div>'
    )


def cell_html(refs, more) -> SafeString:
    """A comparison cell: clauses with values, then the valueless ones folded away."""
    parts = [_ref_html(ref) for ref in refs]
    if more:
        n = len(more)
        summary = (f"{n} more statement{'s' if n != 1 else ''}" if refs
                   else f"{n} statement{'s' if n != 1 else ''} without extracted values")
        inner = "".join(_ref_html(r) for r in more)
        parts.append(f'<details class="more"><summary>{summary}</summary>{inner}</details>')
    if not parts:
        parts.append('<span class="none">—</span>')
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def marks_html(marks) -> SafeString:
    """A matrix cell: one link per kind of statement, to its first evidence sentence."""
    if not marks:
        return mark_safe('<span class="visually-hidden">not mentioned</span>')  # noqa: S308
    links = []
    for m in marks:
        count = f" <small>×{m.count}</small>" if m.count > 1 else ""
        links.append(
            f'<a class="mark m-{_e(m.kind)}" href="{_e(m.url)}" title="{_e(m.text[:300])}">'
            f"{_e(m.label)}{count}</a>"
        )
    return mark_safe(" ".join(links))  # noqa: S308 - every value escaped above
