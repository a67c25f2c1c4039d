"""Reviewed passages in the gold format (for ``export_reviews`` and training) and the model
registry's active model."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from policies.models import Clause, PolicyVersion
from review.models import Review
from review.selectors.overlay import ClauseReview, review_overlay


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's paragraphs (runs of text between blank lines)."""
    spans, start = [], 0
    for match in re.finditer(r"\n[ \t]*\n\s*", text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def reviewed_passages(*, min_passages: int = 1) -> list[dict]:
    """Reviewed passages in the gold format of ../shared/eval/README.md, one document per
    reviewed version; a passage is a paragraph of the version's text holding at least one
    clause whose sections a reviewer settled (not disputed). Its labels are its clauses'
    reviewed values — the machine's where no reviewer changed them — (sections, data types)
    and the typed values of each clause (``clauses``). A reviewer who settles a passage's
    sections judges all of them, so every section key but ``other`` is scored."""
    from extraction.nlp.types import SECTION_KEYS

    reviewed = set(
        Review.objects.filter(status=Review.Status.ACTIVE, clause__isnull=False,
                              field="section")
        .values_list("clause_id", flat=True)
    )
    version_ids = set(Clause.objects.filter(pk__in=reviewed).values_list("version_id",
                                                                         flat=True))
    clauses = list(
        Clause.objects.filter(version_id__in=version_ids)
        .select_related("section").order_by("version_id", "order")
    )
    states = review_overlay(clauses)
    versions = PolicyVersion.objects.select_related("policy__company").in_bulk(version_ids)
    by_version: dict[int, list[Clause]] = defaultdict(list)
    for clause in clauses:
        by_version[clause.version_id].append(clause)
    docs = []
    for version_id, version_clauses in sorted(by_version.items()):
        version = versions[version_id]
        segments = []
        paragraphs = _paragraphs(version.text)
        starts = [p[0] for p in paragraphs]
        grouped: dict[int, list[Clause]] = defaultdict(list)
        for clause in version_clauses:
            i = bisect.bisect_right(starts, (clause.start + clause.end) // 2) - 1
            grouped[max(i, 0)].append(clause)
        data_types_reviewed = False
        for i, members in sorted(grouped.items()):
            settled = [c for c in members if (st := states.get(c.pk)) is not None
                       and any(m.field == "section" and not m.disputed for m in st.marks)]
            if not settled:
                continue
            kept = [c for c in members if not (states.get(c.pk) and states[c.pk].excluded)]
            if any(m.field == "data_type" and not m.disputed
                   for c in members if states.get(c.pk) for m in states[c.pk].marks):
                data_types_reviewed = True
            start, end = paragraphs[i] if paragraphs else (members[0].start, members[-1].end)
            heading = next((c.section.heading for c in members if c.section_id and c.section
                            and c.section.heading), "")
            segments.append({
                "text": version.text[start:end],
                "context": [heading] if heading else [],
                "sections": list(dict.fromkeys(
                    k for c in kept for k in (c.sections or ()) if k != "other")),
                "data_types": list(dict.fromkeys(
                    k for c in kept for k in (c.data_types or ()))),
                "clauses": [_typed_values(c, states.get(c.pk)) for c in kept],
            })
        if len(segments) < min_passages:
            continue
        docs.append({
            "id": f"{version.policy.company.slug}-v{version.pk}",
            "source": "policy-atlas-reviews",
            "title": version.policy.title or version.policy.company.name,
            "scored_sections": [k for k in SECTION_KEYS if k != "other"],
            "scored_data_types": data_types_reviewed,
            "segments": segments,
        })
    return docs


def _typed_values(clause: Clause, state: ClauseReview | None) -> dict:
    retention = None
    if clause.retention_duration or clause.retention_qualifier:
        retention = {"duration": clause.retention_duration or None,
                     "qualifier": clause.retention_qualifier or "unspecified"}
    return {
        "start": clause.start, "end": clause.end, "sections": list(clause.sections or ()),
        "practice": clause.practice, "negated": bool(clause.negated),
        "data_types": list(clause.data_types or ()), "purposes": list(clause.purposes or ()),
        "recipient_names": list(clause.recipient_names or ()),
        "recipient_categories": list(clause.recipient_categories or ()),
        "rights": list(clause.rights or ()), "countries": list(clause.countries or ()),
        "retention": retention, "children_age": clause.children_age,
        "reviewed": state is not None and any(not m.disputed for m in state.marks),
        "reviewers": sorted({s.reviewer for m in state.marks for s in m.says}) if state else [],
    }


def active_model() -> tuple[str, str] | None:
    """``(name, path)`` of the registry's active model (POLICY_CLASSIFIER_PROVIDER), or None."""
    from review.models import TrainedModel

    row = TrainedModel.objects.filter(active=True).values_list("name", "path").first()
    return (row[0], row[1]) if row else None
