"""Typed shapes of a comparison and a company summary (``comparison.types``, built by
``comparison.builders``, the same code the pages use)."""

from __future__ import annotations

from rest_framework import serializers

from comparison.builders.verdicts import QUESTION_CHOICES, STATUS_CHOICES
from comparison.export import MATRIX_TABLES
from config.api.checklist import ChecklistRowSerializer
from policies.values import LOW_CONFIDENCE


class ComparedValueSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="data_type | recipient | recipient_category | purpose | right | country | "
        "retention | children_age."
    )
    value = serializers.CharField(help_text='Machine value, e.g. "P18M", "Mixpanel".')
    label = serializers.CharField(help_text='Human label, e.g. "18 months".')
    distinct = serializers.BooleanField(
        help_text="True when not every other company covering this section states it too."
    )
    review = serializers.CharField(
        allow_blank=True,
        help_text="What reviewers settled (or dispute), by whom and when; '' if unreviewed.",
    )
    machine = serializers.CharField(
        allow_blank=True, help_text="The machine's label, when reviewers corrected the value."
    )


class ComparedClauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Clause id (`/api/v1/clauses/{id}/`).")
    version_id = serializers.IntegerField(help_text="Id of the version it is from.")
    column = serializers.IntegerField(help_text="Index of the company column.")
    order = serializers.IntegerField(help_text="Position in its version.")
    start = serializers.IntegerField(help_text="Start offset of the evidence in the version text.")
    end = serializers.IntegerField(help_text="End offset (exclusive).")
    text = serializers.CharField(help_text="The evidence sentence, exactly as stored.")
    practice = serializers.CharField(allow_blank=True, help_text='Practice, or "" for none.')
    negated = serializers.BooleanField(help_text="A denial.")
    modality = serializers.CharField(allow_blank=True, help_text='may / will / must, or "".')
    url = serializers.CharField(help_text="The sentence on the version's web page.")
    values = ComparedValueSerializer(many=True, help_text="Values it states.")
    rejected = ComparedValueSerializer(
        many=True, help_text="Values reviewers rejected (`review`: who and when)."
    )
    confidence = serializers.FloatField(help_text="How sure the pipeline is of it, 0–1.")
    scope = serializers.CharField(
        allow_blank=True, help_text='What it is limited to, as worded; "" = the whole policy.'
    )


class ColumnSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Column index (order asked for).")
    company_id = serializers.IntegerField(help_text="Company id.")
    slug = serializers.CharField(help_text="Company slug.")
    name = serializers.CharField(help_text="Company name.")
    version_id = serializers.IntegerField(
        allow_null=True, help_text="Id of the version compared (its latest), or null."
    )
    version_date = serializers.DateField(
        allow_null=True, help_text="The version's date ('last updated', else when stored)."
    )
    last_updated = serializers.DateField(allow_null=True, help_text="Its stated date.")
    ingested_at = serializers.DateTimeField(allow_null=True, help_text="When it was stored.")
    version_url = serializers.CharField(
        allow_blank=True, help_text='The version\'s web page, or "" without a version.'
    )
    clause_count = serializers.IntegerField(help_text="Clauses extracted.")
    extracted = serializers.BooleanField(help_text="Whether it has been extracted.")


class CellSerializer(serializers.Serializer):
    column = serializers.IntegerField(help_text="Column index.")
    gap = serializers.BooleanField(help_text="True when the company says nothing on this.")
    gap_kind = serializers.CharField(
        allow_blank=True,
        help_text='"missing_section" | "empty_section" | "not_extracted" | "no_clause", or "".',
    )
    gap_reason = serializers.CharField(allow_blank=True, help_text="Why, for humans.")
    clause_count = serializers.IntegerField(help_text="Clauses of this section.")


class PracticeGroupSerializer(serializers.Serializer):
    practice = serializers.CharField(allow_blank=True, help_text='Practice, "" for others.')
    label = serializers.CharField(help_text="Human label.")
    differs = serializers.BooleanField(help_text="The companies differ here.")
    cells = serializers.ListField(
        child=ComparedClauseSerializer(many=True),
        help_text="One list of aligned clauses per column.",
    )


class SectionRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Section key.")
    label = serializers.CharField(help_text="Human label.")
    differs = serializers.BooleanField(help_text="The companies differ in this section.")
    cells = CellSerializer(many=True, help_text="One per column.")
    groups = PracticeGroupSerializer(many=True, help_text="Clauses aligned by practice.")


class StatementSerializer(serializers.Serializer):
    clause_id = serializers.IntegerField(help_text="The clause (`/api/v1/clauses/{id}/`).")
    url = serializers.CharField(help_text="The sentence on the version's web page.")
    text = serializers.CharField(help_text="The evidence sentence, exactly as stored.")
    negated = serializers.BooleanField(help_text="A denial.")
    start = serializers.IntegerField(help_text="Start offset of the sentence in its version.")
    end = serializers.IntegerField(help_text="End offset (exclusive).")
    scope = serializers.CharField(
        allow_blank=True, help_text='What it is limited to, as worded; "" = the whole policy.'
    )
    confidence = serializers.FloatField(help_text="The clause's confidence, 0–1.")
    reviewed = serializers.BooleanField(help_text="Set by an analyst's review.")
    review = serializers.CharField(
        allow_blank=True,
        help_text="What reviewers settled about this value of the sentence, by whom and when "
        "(for a rejected statement: 'rejected by Rita, 2026-12-02'); '' if unreviewed.",
    )
    machine = serializers.CharField(
        allow_blank=True, help_text="The machine's label, when reviewers corrected the value."
    )


class VerdictSerializer(serializers.Serializer):
    question = serializers.ChoiceField(
        choices=QUESTION_CHOICES,
        help_text="What is decided about the row's value: collected, shared (data types), "
        "shared_with (recipients), shared_for (purposes), offered (rights), transfer "
        "(countries), do_not_track (stated = honoured, denied = ignored).",
    )
    status = serializers.ChoiceField(
        choices=STATUS_CHOICES,
        help_text="stated; denied (a denial for the whole scope, no affirmative); conflicting "
        "(a whole-scope denial and an affirmative: `affirmed[0]` vs `denied[0]`); not_stated "
        "(nothing, or only denials narrower than the policy, listed in `limited`).",
    )
    label = serializers.CharField(help_text='Human label ("not collected", "conflicting").')
    confidence = serializers.FloatField(
        allow_null=True,
        help_text="0–1 from the deciding statements (a conflict: the weaker side's best); "
        "null when not stated.",
    )
    low_confidence = serializers.BooleanField(
        help_text=f"Confidence below {LOW_CONFIDENCE}: check the sentence."
    )
    affirmed = StatementSerializer(many=True, help_text="Affirmative statements, best first.")
    denied = StatementSerializer(
        many=True, help_text="Denials that decide (for the whole scope), best first."
    )
    limited = StatementSerializer(
        many=True, help_text="Narrower denials that do not decide the value."
    )
    rejected = StatementSerializer(
        many=True, help_text="Statements of this value reviewers rejected: they decide nothing "
        "(the page shows them struck through, with who and when)."
    )


class MatrixRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Value (data type, recipient, right, country).")
    label = serializers.CharField(help_text="Human label.")
    cells = serializers.ListField(
        child=VerdictSerializer(many=True),
        help_text="Per column, one verdict per question of the matrix (in `questions` order).",
    )


class MatrixSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Matrix key.")
    title = serializers.CharField(help_text="Title.")
    section = serializers.CharField(help_text="Section it summarises.")
    questions = serializers.ListField(
        child=serializers.ChoiceField(choices=QUESTION_CHOICES),
        help_text="The questions each cell answers, in order.",
    )
    rows = MatrixRowSerializer(many=True, help_text="One row per value.")


class RetentionEntrySerializer(serializers.Serializer):
    duration = serializers.CharField(allow_blank=True, help_text='ISO-8601 duration, or "".')
    days = serializers.IntegerField(allow_null=True, help_text="Duration in days, or null.")
    qualifier = serializers.CharField(help_text="Retention qualifier.")
    label = serializers.CharField(help_text="Human label.")
    data_types = serializers.ListField(
        child=serializers.CharField(), help_text="Data types it applies to."
    )
    clause_id = serializers.IntegerField(help_text="The clause.")
    start = serializers.IntegerField(help_text="Start offset of the clause in its version.")
    end = serializers.IntegerField(help_text="End offset (exclusive).")
    url = serializers.CharField(help_text="The sentence on the version's web page.")
    text = serializers.CharField(help_text="The evidence sentence.")


class RetentionRowSerializer(serializers.Serializer):
    column = serializers.IntegerField(help_text="Column index.")
    entries = RetentionEntrySerializer(many=True, help_text="Retention statements.")
    min_days = serializers.IntegerField(allow_null=True, help_text="Shortest period, days.")
    max_days = serializers.IntegerField(allow_null=True, help_text="Longest period, days.")


class ConflictSerializer(serializers.Serializer):
    column = serializers.IntegerField(help_text="Column index of the company.")
    matrix = serializers.CharField(help_text="Matrix key.")
    row = serializers.CharField(help_text="Row key (the value).")
    row_label = serializers.CharField(help_text="Human label of the value.")
    verdict = VerdictSerializer(help_text="The conflicting verdict, with both sentences.")


class MatricesSerializer(serializers.Serializer):
    data_types = MatrixSerializer(help_text="Data types collected or shared.")
    recipients = MatrixSerializer(help_text="Named recipients.")
    purposes = MatrixSerializer(help_text="Purposes data is shared for.")
    rights = MatrixSerializer(help_text="Rights offered (Do Not Track has its own matrix).")
    transfers = MatrixSerializer(help_text="Transfer destinations.")
    do_not_track = MatrixSerializer(
        help_text="One row: the Do Not Track signal honoured (stated) / ignored (denied) / "
        "conflicting / not stated."
    )
    retention = RetentionRowSerializer(many=True, help_text="Retention, per column.")
    conflicts = ConflictSerializer(
        many=True, help_text="Every conflicting verdict, by column (also under `verdict=`)."
    )


class ComparisonSerializer(serializers.Serializer):
    columns = ColumnSerializer(many=True, help_text="One per company, in the order asked for.")
    rows = SectionRowSerializer(many=True, help_text="One per section.")
    matrices = MatricesSerializer(help_text="The summary matrices the comparison page shows.")
    checklist = ChecklistRowSerializer(
        many=True, help_text="GDPR Art. 13/14 checklist: one row per requirement, one cell per "
        "company (addressed with evidence links, a gap, or not checked yet)."
    )


class SummaryValueSerializer(serializers.Serializer):
    matrix = serializers.ChoiceField(
        choices=[(m, m) for m in MATRIX_TABLES], help_text="The matrix it is a row of."
    )
    value = serializers.CharField(help_text='Machine value ("contact", "Mixpanel", "DE").')
    label = serializers.CharField(help_text="Human label.")
    verdict = VerdictSerializer(help_text="The verdict, with its evidence.")


class CompanySummarySerializer(serializers.Serializer):
    column = ColumnSerializer(help_text="The company and the version summarised (its latest).")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many values have each verdict (before `verdict`/`matrix` filters).",
    )
    do_not_track = VerdictSerializer(
        help_text="The Do Not Track stance: stated = honoured, denied = ignored, conflicting, "
        "not_stated."
    )
    values = SummaryValueSerializer(many=True, help_text="Every value with its verdict.")
