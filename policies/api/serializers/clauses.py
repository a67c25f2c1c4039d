"""Clauses as the API shows them. Field names and values are exactly the eval contract's.

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

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return clause_representation(row, api_root(self.context))


def clause_representation(row: dict[str, Any], root: str) -> dict[str, Any]:
    """One clause as the API shows it, from its row; ``root`` is the absolute /api/v1/ URL."""
    pk = row["id"]
    version_id = row["version_id"]
    qualifier = row["retention_qualifier"]
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
    }
