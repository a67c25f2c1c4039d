"""Review controls built in Python with escaping (like comparison/html.py): the small forms
the comparison's matrices and the version page show to reviewers."""

from __future__ import annotations

from html import escape as _e

from django.urls import reverse

QUICK_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    # (action, reason, label, key hint)
    ("confirm", "", "Confirm", "c"),
    ("reject", "wrong_value", "Wrong value", "r"),
    ("reject", "wrong_polarity", "Wrong polarity", "p"),
)


def review_badge_html(summary: str) -> str:
    """✓ (settled) or ⚠ (disputed) with the who/when summary as its title."""
    if not summary:
        return ""
    if summary.startswith("disputed"):
        return f' <span class="reviewed disputed" title="{_e(summary)}">⚠ disputed</span>'
    return f' <span class="reviewed" title="{_e(summary)}">✓ reviewed</span>'


def quick_review_form_html(*, clause_id: int, field: str, value: str, csrf_token: str,
                           next_url: str, label: str = "review") -> str:
    """Confirm / wrong value / wrong polarity buttons for one value of one clause."""
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(csrf_token)}">'
        f'<input type="hidden" name="clause" value="{clause_id}">'
        f'<input type="hidden" name="field" value="{_e(field)}">'
        f'<input type="hidden" name="value" value="{_e(value)}">'
        f'<input type="hidden" name="next" value="{_e(next_url)}">'
    )
    buttons = "".join(
        f'<button type="submit" name="choice" value="{a}:{r}" class="small">{text}</button>'
        for a, r, text, _ in QUICK_ACTIONS
    )
    return (
        f'<details class="review-actions" data-clause="{clause_id}"><summary'
        f' title="Review this value of that sentence">{_e(label)}</summary>'
        f'<form method="post" action="{_e(reverse("review:act"))}">{hidden}{buttons}'
        f"</form></details>"
    )


# Comparison matrix key -> the review field of its row values.
MATRIX_FIELDS = {"data_types": "data_type", "recipients": "recipient", "purposes": "purpose",
                 "rights": "right", "transfers": "country", "do_not_track": "dnt"}


def verdict_review_html(*, matrix_key: str, row_key: str, verdicts, csrf_token: str,
                        next_url: str) -> str:
    """Review buttons for the sentence that decides each verdict of a matrix cell (a
    conflict: its denial, the likelier error)."""
    field = MATRIX_FIELDS.get(matrix_key)
    if field is None:
        return ""
    forms = []
    seen = set()
    for verdict in verdicts:
        if verdict.status == "conflicting" and verdict.denied:
            picks = [(verdict.denied[0], "review denial")]
        elif verdict.status in ("stated", "denied") and verdict.evidence:
            picks = [(verdict.evidence[0], "review")]
        else:
            picks = []
        picks += [(s, "review denial") for s in verdict.limited[:1]]
        for statement, label in picks:
            value = (("ignored" if statement.negated else "honoured") if field == "dnt"
                     else row_key)
            if (statement.clause_id, value) in seen:
                continue
            seen.add((statement.clause_id, value))
            forms.append(quick_review_form_html(
                clause_id=statement.clause_id, field=field, value=value,
                csrf_token=csrf_token, next_url=next_url, label=label))
    return "".join(forms)
