"""HTML of a version diff's text part, built in Python with escaping (never in templates)."""

from __future__ import annotations

from html import escape as _e

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from comparison.builders.verdicts import QUESTION_LABELS
from comparison.diff_types import DiffHunk, DiffLine
from policies.values import is_low_confidence
from review.html import review_badge_html

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
    low = is_low_confidence(ref.confidence)
    note, marker = _confidence_note(ref.confidence, low)
    if not low:
        note = ""
    lc = " low" if low else ""
    chips = []
    if ref.negated:
        scope = f" — only for “{ref.scope}”" if ref.scope else ""
        title = _e("denial" + scope + note)
        chips.append(f'<li><a class="val neg{lc}" href="{url}" title="{title}">'
                     f"does not {_e(ref.practice)}{marker}</a></li>")
        if ref.scope:
            chips.append(f'<li><span class="scope">only: {_e(ref.scope)}</span></li>')
    for v in ref.values:
        title = v.field.replace("_", " ") + (" — differs across companies" if v.distinct else "")
        chips.append(
            f'<li><a class="val f-{_e(v.field)}{" distinct" if v.distinct else ""}{lc}"'
            f' href="{url}" data-field="{_e(v.field)}" data-value="{_e(v.value)}"'
            f' title="{_e(title + note)}">{_e(v.label)}{marker}</a>'
            + (f' <s class="machine" title="the machine\'s value">{_e(v.machine)}</s>'
               if v.machine else "")
            + f"{review_badge_html(v.review)}</li>"
        )
    chips += [_struck_html(v.label or v.value, v.review, url, css=f"val f-{_e(v.field)}")
              for v in ref.rejected]
    text = ref.text if len(ref.text) <= 130 else ref.text[:129].rstrip() + "…"
    return (
        f'<div class="ref{" negated" if ref.negated else ""}"><ul class="vals">{"".join(chips)}'
        f'</ul><a class="quote" href="{url}" title="{_e(ref.text[:600])}">{_e(text)}</a></div>'
    )


def _struck_html(label: str, review: str, url: str, *, css: str, tag: str = "li") -> str:
    """A value reviewers rejected: struck through, linked to its sentence, with who and when
    beside it ("rejected by Rita Reviewer, 2026-12-02")."""
    return (f'<{tag} class="rejected"><del class="{css} rejected" title="{_e(review)}">'
            f'<a href="{_e(url)}">{_e(label)}</a></del>'
            f' <small class="review-by">{_e(review)}</small></{tag}>')


def _reviewed_html(statements) -> str:
    """The deciding statement's review: the machine's value struck through beside a
    correction, and the ✓ with who and when."""
    for s in statements:
        if s.review:
            machine = (f' <s class="machine" title="the machine\'s value">{_e(s.machine)}</s>'
                       if s.machine else "")
            return machine + review_badge_html(s.review)
    return ""


def _rejected_html(v) -> str:
    yes, no = QUESTION_LABELS.get(v.question, ("stated", "denied"))
    parts = []
    for s in v.rejected[:2]:
        label = no if s.negated else yes
        if s.negated and s.scope:
            label = f"{no} only for “{s.scope}”"
        parts.append(_struck_html(label, s.review, s.url, css="ev", tag="span"))
    if len(v.rejected) > 2:
        parts.append(f"<small>+{len(v.rejected) - 2} rejected</small>")
    return " ".join(parts)


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


def _confidence_note(confidence: float | None, low: bool) -> tuple[str, str]:
    """(title suffix, visible marker) of a value's confidence."""
    if confidence is None:
        return "", ""
    if low:
        return (f" — low confidence ({confidence:.2f})",
                '<span class="lc" aria-hidden="true">?</span>'
                f'<span class="visually-hidden"> (low confidence {confidence:.2f})</span>')
    return f" — confidence {confidence:.2f}", ""


def _statement_link(statement, label: str, css: str, extra_title: str = "") -> str:
    low = is_low_confidence(statement.confidence)
    title, marker = _confidence_note(statement.confidence, low)
    return (
        f'<a class="{css}{" low" if low else ""}" href="{_e(statement.url)}"'
        f' title="{_e(statement.text[:300] + extra_title + title)}">{_e(label)}{marker}</a>'
    )


def verdict_html(v, *, show_not_stated: bool = False) -> str:
    """One verdict: a link to its evidence sentence (a conflict: to both sentences), marked
    when its confidence is low; narrower denials that did not decide it are noted."""
    status = v.status
    css = f"mark v-{status} q-{_e(v.question)}"
    if status in ("stated", "denied"):
        first = v.evidence[0]
        count = len(v.evidence)
        title, marker = _confidence_note(v.confidence, v.low_confidence)
        more = f" <small>×{count}</small>" if count > 1 else ""
        out = (f'<a class="{css}{" low" if v.low_confidence else ""}" href="{_e(first.url)}"'
               f' data-status="{status}" title="{_e(first.text[:300] + title)}">'
               f"{_e(v.label)}{marker}{more}</a>{_reviewed_html(v.evidence)}")
    elif status == "conflicting":
        yes, no = QUESTION_LABELS.get(v.question, ("stated", "denied"))
        title, marker = _confidence_note(v.confidence, v.low_confidence)
        out = (
            f'<span class="{css}{" low" if v.low_confidence else ""}" data-status="conflicting"'
            f' title="{_e("The policy says both" + title)}">'
            f'<strong>conflicting</strong>{marker}: '
            f'{_statement_link(v.affirmed[0], yes, "ev ev-yes")} vs '
            f'{_statement_link(v.denied[0], no, "ev ev-no")}</span>'
            f"{_reviewed_html(v.evidence)}"
        )
    elif show_not_stated:
        out = '<span class="v-not_stated">not stated</span>'
    else:
        out = ""
    if v.limited:
        first = v.limited[0]
        _, no = QUESTION_LABELS.get(v.question, ("stated", "denied"))
        note = f"{no} only for “{first.scope}”"
        out += (" " if out else "") + _statement_link(
            first, note, "limited",
            " — a denial narrower than the policy: it does not decide the value")
    if v.rejected:
        out += (" " if out else "") + _rejected_html(v)
    return out


def verdicts_html(verdicts, *, show_not_stated: bool = False) -> SafeString:
    """A matrix cell: one verdict per question; "not stated" for screen readers when empty."""
    parts = [p for p in (verdict_html(v, show_not_stated=show_not_stated) for v in verdicts)
             if p]
    if not parts:
        return mark_safe('<span class="visually-hidden">not stated</span>')  # noqa: S308
    return mark_safe(" ".join(parts))  # noqa: S308 - every value escaped above
