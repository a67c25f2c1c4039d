"""Output serializers. Clause fields use exactly the names and values of the eval contract.

List endpoints serialize many rows, so the hot serializers (clauses, sections) build their
dicts directly in ``to_representation``; their declared fields exist for validation of the
shape in tests and for the OpenAPI schema, and the two are checked against each other by the
schemathesis response-conformance test.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from extraction.models import ExtractionRun
from policies.api import vocab
from policies.models import Clause, Company, Finding, Policy, PolicyVersion, Section, SectionKey
from policies.selectors import version_companies

COUNTRY_PATTERN = r"^([A-Z]{2}|\*)$"


def api_root(context: dict[str, Any]) -> str:
    """Absolute URL of /api/v1/, computed once per request and cached in the context."""
    root = context.get("_api_root")
    if root is None:
        request = context.get("request")
        root = request.build_absolute_uri("/api/v1/") if request is not None else "/api/v1/"
        context["_api_root"] = root
    return root


def link(context: dict[str, Any], collection: str, pk: Any) -> str | None:
    if pk is None:
        return None
    return f"{api_root(context)}{collection}/{pk}/"


# --- clauses ------------------------------------------------------------------------------


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


class ClauseSerializer(serializers.Serializer):
    """One extracted clause: a sentence (or list item) with its structured values."""

    id = serializers.IntegerField(read_only=True, help_text="Clause id.")
    url = serializers.URLField(read_only=True, help_text="This clause in the API.")
    version = serializers.IntegerField(help_text="Id of the policy version the clause is from.")
    version_url = serializers.URLField(help_text="That version in the API.")
    company = serializers.SlugField(help_text="Slug of the company whose policy it is.")
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
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SectionKey.choices),
        help_text="Section keys the clause belongs to.",
    )
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
    data_types = serializers.ListField(
        child=serializers.CharField(),
        help_text="Data types named: " + ", ".join(f"`{v}`" for v in vocab.DATA_TYPES) + ".",
    )
    purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.choices(vocab.PURPOSES)),
        help_text="Purposes of use named.",
    )
    recipient_names = serializers.ListField(
        child=serializers.CharField(),
        help_text='Canonical names of the recipient organisations (e.g. "Google Analytics").',
    )
    recipient_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.choices(vocab.RECIPIENT_CATEGORIES)),
        help_text="Kinds of recipients named.",
    )
    retention = RetentionSerializer(
        allow_null=True, help_text="The retention period stated, or null."
    )
    retention_days = serializers.IntegerField(
        allow_null=True,
        help_text="The retention duration in (approximate) days, for sorting; null without one.",
    )
    rights = serializers.ListField(
        child=serializers.ChoiceField(choices=vocab.choices(vocab.RIGHTS)),
        help_text="Rights or choices offered to the user.",
    )
    countries = serializers.ListField(
        child=serializers.RegexField(COUNTRY_PATTERN),
        help_text='ISO 3166-1 alpha-2 codes of transfer or storage locations; "*" means '
        "outside the user's country / anywhere.",
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


# A clause as the views read it: a row of ``clause_rows(queryset)`` (the columns by attribute
# name: ``version_id``, ``section_id``), completed by ``complete_clause_rows``: the JSON
# columns decoded, and ``policy_id``, ``company_slug`` and ``company_name`` of its version
# added (selectors.version_companies). No model instances, and no join of four tables to plan
# for every page.
CLAUSE_JSON_COLUMNS = tuple(
    f.attname for f in Clause._meta.concrete_fields if isinstance(f, models.JSONField)
)
CLAUSE_ROW_COLUMNS = tuple(
    f.attname for f in Clause._meta.concrete_fields if f.attname not in CLAUSE_JSON_COLUMNS
)


def clause_rows(queryset: QuerySet[Clause]) -> QuerySet:
    """The rows of these clauses, their JSON columns as undecoded text (``<name>_json``)."""
    return queryset.values(
        *CLAUSE_ROW_COLUMNS,
        **{f"{name}_json": Cast(name, models.TextField()) for name in CLAUSE_JSON_COLUMNS},
    )


def complete_clause_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Decode the rows' JSON columns (all of them with one ``json.loads``: 8 per clause, one
    by one, cost about 0.6 ms a page) and add their companies; a row whose version is gone by
    now (deleted meanwhile) is dropped."""
    if not rows:
        return rows
    texts = [row.pop(f"{name}_json") for row in rows for name in CLAUSE_JSON_COLUMNS]
    decoded = iter(json.loads("[" + ",".join(texts) + "]"))
    companies = version_companies(version_ids=(row["version_id"] for row in rows))
    out = []
    for row in rows:
        for name in CLAUSE_JSON_COLUMNS:
            row[name] = next(decoded)
        company = companies.get(row["version_id"])
        if company is not None:
            row["policy_id"], row["company_slug"], row["company_name"] = company
            out.append(row)
    return out


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
        "sections": list(row["sections"]),
        "practice": row["practice"] or None,
        "negated": row["negated"],
        "modality": row["modality"] or None,
        "data_types": list(row["data_types"]),
        "purposes": list(row["purposes"]),
        "recipient_names": list(row["recipient_names"]),
        "recipient_categories": list(row["recipient_categories"]),
        "retention": (
            {"duration": row["retention_duration"] or None, "qualifier": qualifier}
            if qualifier
            else None
        ),
        "retention_days": row["retention_days"],
        "rights": list(row["rights"]),
        "countries": list(row["countries"]),
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


# --- sections -----------------------------------------------------------------------------


class SectionSerializer(serializers.Serializer):
    """A headed part of a version, classified into section keys."""

    id = serializers.IntegerField(help_text="Section id.")
    url = serializers.URLField(help_text="This section in the API.")
    version = serializers.IntegerField(help_text="Id of the version.")
    company = serializers.SlugField(help_text="Slug of the company.")
    key = serializers.ChoiceField(
        choices=SectionKey.choices, help_text="Primary section key."
    )
    keys = serializers.ListField(
        child=serializers.ChoiceField(choices=SectionKey.choices),
        help_text="Every section key it covers, primary first.",
    )
    heading = serializers.CharField(
        allow_blank=True, help_text='The heading as written ("" for an unheaded preamble).'
    )
    order = serializers.IntegerField(min_value=0, help_text="Position in the version.")
    start = serializers.IntegerField(min_value=0, help_text="Start offset of the heading.")
    body_start = serializers.IntegerField(min_value=0, help_text="Start offset of the body.")
    end = serializers.IntegerField(min_value=0, help_text="End offset (exclusive).")
    clause_count = serializers.IntegerField(help_text="Clauses extracted from it.")

    def to_representation(self, s: Section) -> dict[str, Any]:
        ctx = self.context
        return {
            "id": s.pk,
            "url": link(ctx, "sections", s.pk),
            "version": s.version_id,
            "company": s.version.policy.company.slug,
            "key": s.key,
            "keys": list(s.keys or [s.key]),
            "heading": s.heading,
            "order": s.order,
            "start": s.start,
            "body_start": s.body_start,
            "end": s.end,
            "clause_count": getattr(s, "clause_count", 0),
        }


class SectionDetailSerializer(SectionSerializer):
    text = serializers.CharField(help_text="The section's text: the version's text[start:end].")

    def to_representation(self, s: Section) -> dict[str, Any]:
        data = super().to_representation(s)
        data["text"] = s.version.text[s.start : s.end]
        return data


# --- versions -----------------------------------------------------------------------------


class RunSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Extraction run id.")
    url = serializers.URLField(help_text="The run in the API.")
    status = serializers.ChoiceField(
        choices=ExtractionRun.Status.choices, help_text="Where the run is."
    )
    stage = serializers.ChoiceField(choices=ExtractionRun.Stage.choices, help_text="Current stage.")
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="Percent.")
    error = serializers.CharField(allow_blank=True, help_text="Why it failed, when it did.")
    clause_count = serializers.IntegerField(help_text="Clauses saved by the run.")


def run_summary(context: dict[str, Any], run: Any) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "url": link(context, "runs", run.pk),
        "status": run.status,
        "stage": run.stage,
        "progress": run.progress,
        "error": run.error,
        "clause_count": run.clause_count,
    }


class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Finding.Kind.choices,
        help_text="What the policy fails to say.",
    )
    section_key = serializers.ChoiceField(
        choices=SectionKey.choices, help_text="The section concerned."
    )
    message = serializers.CharField(help_text="Explanation, for humans.")
    start = serializers.IntegerField(allow_null=True, help_text="Start offset, when located.")
    end = serializers.IntegerField(allow_null=True, help_text="End offset, when located.")


class PolicyVersionSerializer(serializers.ModelSerializer):
    """A stored version of a policy (without its text in lists)."""

    url = serializers.SerializerMethodField(help_text="This version in the API.")
    company = serializers.SlugField(source="policy.company.slug", help_text="Company slug.")
    company_name = serializers.CharField(source="policy.company.name", help_text="Company name.")
    kind = serializers.CharField(source="policy.kind", help_text="Kind of policy.")
    uploaded_by = serializers.SerializerMethodField(
        help_text="Username of who uploaded it, or null (fixtures, deleted users)."
    )
    extraction = serializers.SerializerMethodField(
        help_text="The latest extraction run of this version, or null."
    )
    clauses_url = serializers.SerializerMethodField(help_text="Its clauses in the API.")
    source_url = serializers.CharField(
        read_only=True, help_text='Where it was fetched from, or "" when unknown.'
    )

    class Meta:
        model = PolicyVersion
        fields = [
            "id", "url", "policy", "company", "company_name", "kind", "last_updated",
            "ingested_at", "source_kind", "source_url", "original_filename", "media_type",
            "content_sha256", "word_count", "uploaded_by", "extraction", "clauses_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Version id."},
            "policy": {"help_text": "Id of the policy."},
            "source_kind": {"help_text": "How the text arrived."},
            "original_filename": {"help_text": "The uploaded file's name, if any."},
            "media_type": {"help_text": "Media type of what was uploaded."},
            "content_sha256": {"help_text": "SHA-256 of the stored text (duplicate detection)."},
            "word_count": {"help_text": "Words in the stored text."},
            "ingested_at": {"help_text": "When it was stored."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: PolicyVersion) -> str:
        return link(self.context, "versions", obj.pk)  # type: ignore[return-value]

    @extend_schema_field(OpenApiTypes.URI)
    def get_clauses_url(self, obj: PolicyVersion) -> str:
        return f"{api_root(self.context)}clauses/?version={obj.pk}"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_uploaded_by(self, obj: PolicyVersion) -> str | None:
        return obj.uploaded_by.get_username() if obj.uploaded_by_id else None

    @staticmethod
    def latest_run(obj: PolicyVersion) -> Any:
        runs = getattr(obj, "runs_desc", None)
        if runs is None:
            return obj.extraction_runs.order_by("-created_at", "-id").first()
        return runs[0] if runs else None

    @extend_schema_field(RunSummarySerializer(allow_null=True))
    def get_extraction(self, obj: PolicyVersion) -> dict[str, Any] | None:
        return run_summary(self.context, self.latest_run(obj))


class PolicyVersionDetailSerializer(PolicyVersionSerializer):
    """A version with its text, sections and findings."""

    text = serializers.CharField(help_text="The stored text; every offset refers to it.")
    sections = serializers.SerializerMethodField(help_text="Its sections, in order.")
    findings = FindingSerializer(many=True, help_text="What the policy fails to say.")

    class Meta(PolicyVersionSerializer.Meta):
        fields = [*PolicyVersionSerializer.Meta.fields, "text", "sections", "findings"]
        read_only_fields = fields

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj: PolicyVersion) -> list[dict[str, Any]]:
        serializer = SectionSerializer(context=self.context)
        return [serializer.to_representation(s) for s in obj.sections.all()]


# --- companies and policies ---------------------------------------------------------------


class PolicyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Policy id.")
    url = serializers.URLField(help_text="The policy in the API.")
    kind = serializers.ChoiceField(choices=Policy.Kind.choices, help_text="Kind of policy.")
    title = serializers.CharField(allow_blank=True, help_text="Title.")


class CompanySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This company in the API.")
    latest_version = serializers.IntegerField(
        source="latest_version_id",
        allow_null=True,
        read_only=True,
        help_text="Id of the latest version of its privacy policy, or null.",
    )
    policies = serializers.SerializerMethodField(help_text="Its policies.")
    website = serializers.CharField(read_only=True, help_text='Website, or "" when unknown.')

    class Meta:
        model = Company
        fields = [
            "id", "url", "slug", "name", "website", "jurisdiction", "created_at",
            "latest_version", "policies",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Company id."},
            "slug": {"help_text": "Unique slug; use it in filters (`?company=`)."},
            "name": {"help_text": "Name."},
            "created_at": {"help_text": "When it was added."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Company) -> str:
        return link(self.context, "companies", obj.slug)  # type: ignore[return-value]

    @extend_schema_field(PolicyBriefSerializer(many=True))
    def get_policies(self, obj: Company) -> list[dict[str, Any]]:
        return [
            {"id": p.pk, "url": link(self.context, "policies", p.pk), "kind": p.kind,
             "title": p.title}
            for p in obj.policies.all()
        ]


class CompanyCreateSerializer(serializers.Serializer):
    """A new company."""

    name = serializers.CharField(max_length=200, help_text="Name.")
    slug = serializers.SlugField(
        max_length=100, required=False, allow_blank=True,
        help_text="Unique slug; derived from the name when omitted.",
    )
    website = serializers.URLField(
        required=False, allow_blank=True, max_length=200, help_text="Website."
    )
    jurisdiction = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="Country or region whose law governs, if known.",
    )


class PolicySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This policy in the API.")
    company = serializers.SlugField(source="company.slug", read_only=True, help_text="Slug.")
    company_name = serializers.CharField(source="company.name", read_only=True, help_text="Name.")
    version_count = serializers.IntegerField(read_only=True, help_text="Versions stored.")
    latest_version = serializers.IntegerField(
        source="latest_version_id",
        allow_null=True,
        read_only=True,
        help_text="Id of the latest version, or null.",
    )
    versions_url = serializers.SerializerMethodField(
        help_text="List its versions (GET) or upload a new one (POST)."
    )
    source_url = serializers.CharField(
        read_only=True, help_text='Where the policy is published, or "" when unknown.'
    )

    class Meta:
        model = Policy
        fields = [
            "id", "url", "company", "company_name", "kind", "title", "source_url", "created_at",
            "version_count", "latest_version", "versions_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Policy id."},
            "kind": {"help_text": "Kind of policy."},
            "title": {"help_text": "Title."},
            "created_at": {"help_text": "When it was added."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Policy) -> str:
        return link(self.context, "policies", obj.pk)  # type: ignore[return-value]

    @extend_schema_field(OpenApiTypes.URI)
    def get_versions_url(self, obj: Policy) -> str:
        return f"{api_root(self.context)}policies/{obj.pk}/versions/"
