"""Clauses as the API shows them. Field names and values are exactly the eval contract's.

Reviewed values win: the views apply ``review.selectors.review_overlay_rows`` to each page
(one query), so the value fields hold the reviewed values, ``review`` says who and when (with
the machine's values beside) and ``excluded`` flags clauses reviewers judged no practice.

The list serializes many rows, so ``ClauseSerializer`` builds its dicts directly in
``to_representation`` (``clause_representation``); its declared fields exist for validation of
the shape in tests and for the OpenAPI schema, and the two are checked against each other by
the schemathesis response-conformance test.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from config.api.links import api_root
from contract import vocabularies as vocab
from contract.clause_fields import CLAUSE_LIST_FIELDS, LIST_ATTRIBUTES, ClauseListField
from policies.models import Clause
from review.models import ReviewField


class RetentionSerializer(serializers.Serializer):
    duration = serializers.CharField(
        allow_null=True,
        help_text='ISO-8601 duration of the retention period (e.g. "P18M"), or null when the '
        "policy names no period.",
    )
    qualifier = serializers.ChoiceField(
        choices=Clause.RetentionQualifier.choices,
        help_text="How long, in words: `fixed` (the duration applies), `while_account_active`, "
        "`as_long_as_necessary`, `legal_requirement`, `after_account_closure`, "
        "`after_completion`, `indefinite`, `unspecified`.",
    )


class EvidenceSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The clause field the value belongs to, e.g. `data_types`, `recipient_names`, "
        "`retention`, `practice`."
    )
    value = serializers.CharField(help_text="The extracted value.")
    start = serializers.IntegerField(
        min_value=0, help_text="Start offset of the evidence in the version's text."
    )
    end = serializers.IntegerField(
        min_value=0, help_text="End offset (exclusive) of the evidence in the version's text."
    )


MARK_STATES = ("confirm", "reject", "correct", "add_missing", "not_practice", "disputed")


class ClauseReviewMarkSerializer(serializers.Serializer):
    """What reviewers settled (or dispute) about one value of the clause."""

    field = serializers.ChoiceField(choices=ReviewField.choices, help_text="The reviewed field.")
    value = serializers.CharField(
        allow_blank=True, help_text="The machine's value judged ('' for an added value)."
    )
    state = serializers.ChoiceField(
        choices=MARK_STATES,
        help_text="The settled action, or `disputed` when reviewers disagree (nothing applied).",
    )
    reason = serializers.CharField(
        allow_blank=True, help_text="`wrong_value` / `wrong_polarity` for a rejection, or ''."
    )
    new_value = serializers.CharField(
        allow_blank=True, help_text="The corrected or added value ('' otherwise)."
    )
    reviewer = serializers.CharField(help_text="Who (names, comma-separated).")
    at = serializers.DateTimeField(help_text="When (the latest say).")
    summary = serializers.CharField(help_text='"corrected → P2Y by Rita, 2026-12-02".')


# The machine's list values: one optional field per registry row (contract.clause_fields).
ClauseMachineListValues = type(
    "ClauseMachineListValues",
    (serializers.Serializer,),
    {"__module__": __name__, **{
        f.name: serializers.ListField(child=serializers.CharField(), required=False,
                                      help_text=f"The machine's {f.label.lower()} values.")
        for f in CLAUSE_LIST_FIELDS
    }},
)


class ClauseMachineValuesSerializer(ClauseMachineListValues):  # type: ignore[misc, valid-type]
    """The machine's values of the fields reviews changed (absent: unchanged)."""

    practice = serializers.CharField(
        allow_null=True, required=False, help_text="The machine's practice."
    )
    negated = serializers.BooleanField(required=False, help_text="The machine's polarity.")
    retention = RetentionSerializer(
        allow_null=True, required=False, help_text="The machine's retention period."
    )
    retention_days = serializers.IntegerField(
        allow_null=True, required=False, help_text="The machine's period in days."
    )
    children_age = serializers.IntegerField(
        allow_null=True, required=False, help_text="The machine's children's age."
    )
    dnt_stance = serializers.CharField(
        allow_null=True, required=False, help_text="The machine's Do Not Track stance."
    )


class ClauseReviewSerializer(serializers.Serializer):
    """Reviewed values win: the clause's value fields hold the reviewed values; this says
    what reviewers settled, who and when, and keeps the machine's values beside them."""

    state = serializers.ChoiceField(
        choices=("reviewed", "disputed", "excluded"),
        help_text="`excluded`: reviewers judged it no statement of practice (comparisons leave "
        "it out); `disputed`: reviewers disagree on a value (that value is the machine's); "
        "`reviewed`: settled reviews applied.",
    )
    reviewer = serializers.CharField(help_text="Who reviewed it (names, comma-separated).")
    at = serializers.DateTimeField(help_text="When it was last reviewed.")
    machine = ClauseMachineValuesSerializer(
        help_text="The machine's values of the fields reviews changed (beside a correction)."
    )
    marks = ClauseReviewMarkSerializer(many=True, help_text="One per reviewed value.")


def review_representation(state: Any, machine: dict[str, Any]) -> dict[str, Any] | None:
    """The ``review`` object of a clause (``review.selectors.ClauseReview``, set on the row
    by ``review.selectors.review_overlay_rows``); None when nobody reviewed it."""
    if state is None:
        return None
    marks = state.marks
    if state.excluded:
        overall = "excluded"
    elif any(m.disputed for m in marks):
        overall = "disputed"
    else:
        overall = "reviewed"
    shown = {k: v for k, v in machine.items() if not k.startswith("retention_")}
    if "retention_duration" in machine or "retention_qualifier" in machine:
        duration = machine.get("retention_duration", "")
        qualifier = machine.get("retention_qualifier", "")
        shown["retention"] = ({"duration": duration or None, "qualifier": qualifier}
                              if qualifier else None)
    if "retention_days" in machine:
        shown["retention_days"] = machine["retention_days"]
    return {
        "state": overall,
        "reviewer": ", ".join(dict.fromkeys(s.reviewer for m in marks for s in m.says)),
        "at": max(m.at for m in marks).isoformat(),
        "machine": shown,
        "marks": [
            {"field": m.field, "value": m.value, "state": m.state, "reason": m.reason,
             "new_value": m.new_value, "reviewer": m.reviewers, "at": m.at.isoformat(),
             "summary": m.summary}
            for m in marks
        ],
    }


def list_field(field: ClauseListField) -> serializers.ListField:
    """The API field of one clause list attribute (contract.clause_fields)."""
    child: serializers.Field
    if field.vocabulary is not None:
        child = serializers.ChoiceField(choices=vocab.choices(field.vocabulary))
    elif field.pattern is not None:
        child = serializers.RegexField(field.pattern)
    else:
        child = serializers.CharField()
    return serializers.ListField(child=child, help_text=field.api_help)


# The list attributes' fields, one per registry row.
ClauseListFields = type(
    "ClauseListFields",
    (serializers.Serializer,),
    {"__module__": __name__, **{f.name: list_field(f) for f in CLAUSE_LIST_FIELDS}},
)


class ClauseSerializer(ClauseListFields):  # type: ignore[misc, valid-type]
    """One extracted clause: a sentence (or list item) with its structured values."""

    id = serializers.IntegerField(read_only=True, help_text="Clause id.")
    url = serializers.URLField(read_only=True, help_text="This clause in the API.")
    version = serializers.IntegerField(help_text="Id of the policy version the clause is from.")
    version_url = serializers.URLField(help_text="That version in the API.")
    company = serializers.CharField(help_text="Slug of the company whose policy it is.")
    company_name = serializers.CharField(help_text="That company's name.")
    policy = serializers.IntegerField(help_text="Id of the policy.")
    section_id = serializers.IntegerField(
        allow_null=True, help_text="Id of the headed section of the version that holds it."
    )
    order = serializers.IntegerField(
        min_value=0, help_text="Position of the clause in the version."
    )
    start = serializers.IntegerField(
        min_value=0, help_text="Start offset into the version's text (Python string index)."
    )
    end = serializers.IntegerField(min_value=0, help_text="End offset (exclusive).")
    text = serializers.CharField(help_text="Exactly the version's text[start:end].")
    practice = serializers.ChoiceField(
        choices=Clause.Practice.choices,
        allow_null=True,
        help_text="What the company does with data in this clause (`grant`: the user is offered "
        "a right or choice), or null.",
    )
    negated = serializers.BooleanField(
        help_text='True when the clause denies the practice ("we do not sell ...").'
    )
    modality = serializers.ChoiceField(
        choices=Clause.Modality.choices, allow_null=True, help_text="may / will / must."
    )
    retention = RetentionSerializer(
        allow_null=True, help_text="The retention period stated, or null."
    )
    retention_days = serializers.IntegerField(
        allow_null=True,
        help_text="The retention duration in (approximate) days, for sorting; null without one.",
    )
    children_age = serializers.IntegerField(
        allow_null=True, help_text="The age threshold for children stated, or null."
    )
    confidence = serializers.FloatField(
        min_value=0, max_value=1, help_text="How sure the pipeline is of this reading, 0–1."
    )
    scope = serializers.CharField(
        allow_null=True,
        help_text="What the statement (above all a denial) is limited to, as worded "
        '("cookies", "complete card numbers"); null: the whole policy.',
    )
    dnt_stance = serializers.ChoiceField(
        choices=Clause.DntStance.choices,
        allow_null=True,
        help_text="`honoured` / `ignored` when the clause speaks of the Do Not Track signal, "
        "else null.",
    )
    evidence = EvidenceSerializer(many=True, help_text="Where each value was found.")
    pipeline_version = serializers.CharField(help_text="The NLP pipeline that extracted it.")
    excluded = serializers.BooleanField(
        help_text="Reviewers judged it no statement of practice: comparisons leave it out; "
        "the list keeps it, flagged."
    )
    review = ClauseReviewSerializer(
        allow_null=True,
        help_text="What reviewers settled (values above are the reviewed ones), or null.",
    )

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return clause_representation(row, api_root(self.context))


def clause_representation(row: dict[str, Any], root: str) -> dict[str, Any]:
    """One clause as the API shows it, from its row; ``root`` is the absolute /api/v1/ URL."""
    pk = row["id"]
    version_id = row["version_id"]
    qualifier = row["retention_qualifier"]
    state = row.get("review_state")  # review.selectors.review_overlay_rows
    return {
        "id": pk,
        "url": f"{root}clauses/{pk}/",
        "version": version_id,
        "version_url": f"{root}versions/{version_id}/",
        "company": row["company_slug"],
        "company_name": row["company_name"],
        "policy": row["policy_id"],
        "section_id": row["section_id"],
        "order": row["order"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        **{name: list(row[name]) for name in LIST_ATTRIBUTES},
        "practice": row["practice"] or None,
        "negated": row["negated"],
        "modality": row["modality"] or None,
        "retention": (
            {"duration": row["retention_duration"] or None, "qualifier": qualifier}
            if qualifier
            else None
        ),
        "retention_days": row["retention_days"],
        "children_age": row["children_age"],
        "confidence": row["confidence"],
        "scope": row["scope"] or None,
        "dnt_stance": row["dnt_stance"] or None,
        "evidence": [
            {"field": e["field"], "value": e["value"], "start": e["start"], "end": e["end"]}
            for e in row["evidence"]
        ],
        "pipeline_version": row["pipeline_version"],
        "excluded": bool(state is not None and state.excluded),
        "review": review_representation(state, row.get("machine", {})) if state else None,
    }
