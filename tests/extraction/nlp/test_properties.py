"""Property tests: offsets always slice the original text; nothing crashes on any unicode."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction.nlp import analyze_document, classify_passages

POLICYISH = st.lists(
    st.sampled_from([
        "PRIVACY POLICY", "1. Cookies", "(II) Your Rights", "We do not sell data.",
        "- Logs: 90 days", "We keep data for 18 months.", "Servers located in China.",
        "Contact us at a@b.co.", "including the following:", "\n", "\n\n", "  ", "e.g.",
    ]) | st.text(max_size=40),
    max_size=25,
).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400) | POLICYISH)
def test_offsets_always_slice_the_text(text):
    a = analyze_document(text)
    for clause in a.clauses:
        assert text[clause.start:clause.end] == clause.text
        assert clause.text.strip()
        for ev in clause.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
    for span in a.sections:
        assert 0 <= span.start <= span.body_start <= len(text)
        assert text[span.start:span.start + len(span.heading)] == span.heading
    for finding in a.findings:
        if finding.start is not None:
            assert finding.end is not None and 0 <= finding.start <= finding.end <= len(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=120), st.lists(st.text(max_size=30), max_size=3)),
                max_size=5))
def test_classify_passages_never_crashes(items):
    results = classify_passages(items)
    assert len(results) == len(items)
