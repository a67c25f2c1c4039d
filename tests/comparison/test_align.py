"""Alignment of similar clauses across comparison columns (pure, no database)."""

from __future__ import annotations

from comparison.builders import align
from comparison.types import ClauseRef, Value


def ref(column: int, ident: int, *facts: tuple[str, str]) -> ClauseRef:
    return ClauseRef(
        id=ident, version_id=column, column=column, order=ident, text=f"clause {ident}",
        practice="share", negated=False, modality="", url=f"/v/{column}/#clause-{ident}",
        values=tuple(Value(f, v, v) for f, v in facts),
    )


def test_clauses_sharing_values_sit_on_one_line():
    stripe_a = ref(0, 1, ("recipient", "Stripe"), ("data_type", "financial"))
    google_a = ref(0, 2, ("recipient", "Google"))
    google_b = ref(1, 3, ("recipient", "Google"), ("purpose", "analytics"))
    stripe_b = ref(1, 4, ("data_type", "financial"), ("recipient", "Stripe"))
    other_c = ref(2, 5, ("recipient", "Mixpanel"))
    lines = align([[stripe_a, google_a], [google_b, stripe_b], [other_c]])
    by_first = {tuple(r.id if r else None for r in line) for line in lines}
    assert (1, 4, None) in by_first
    assert (2, 3, None) in by_first
    assert (None, None, 5) in by_first
    # lines stated by most columns come first; every clause is placed exactly once
    assert sum(1 for r in lines[0] if r) == 2
    assert sorted(r.id for line in lines for r in line if r) == [1, 2, 3, 4, 5]


def test_a_column_never_has_two_clauses_on_one_line():
    a1 = ref(0, 1, ("recipient", "Stripe"))
    a2 = ref(0, 2, ("recipient", "Stripe"))
    b1 = ref(1, 3, ("recipient", "Stripe"))
    lines = align([[a1, a2], [b1]])
    assert len(lines) == 2
    assert all(len(line) == 2 for line in lines)
    assert lines[0][0].id == 1 and lines[0][1].id == 3
