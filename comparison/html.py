"""HTML of a version diff's text part, built in Python with escaping (never in templates)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from comparison.diff import DiffHunk, DiffLine

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
