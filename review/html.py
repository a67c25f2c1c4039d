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
                           next_url: str) -> str:
    """Confirm / wrong value / wrong polarity buttons for one value of one clause."""
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(csrf_token)}">'
        f'<input type="hidden" name="clause" value="{clause_id}">'
        f'<input type="hidden" name="field" value="{_e(field)}">'
        f'<input type="hidden" name="value" value="{_e(value)}">'
        f'<input type="hidden" name="next" value="{_e(next_url)}">'
    )
    buttons = "".join(
        f'<button type="submit" name="choice" value="{a}:{r}" class="small">{label}</button>'
        for a, r, label, _ in QUICK_ACTIONS
    )
    return (
        f'<details class="review-actions"><summary title="Review this value">review</summary>'
        f'<form method="post" action="{_e(reverse("review:act"))}">{hidden}{buttons}'
        f"</form></details>"
    )
