"""One flat row of a comparison export (``comparison.export``)."""

from __future__ import annotations

from rest_framework import serializers

from comparison.export import EXPORT_FIELDS


class ExportRowSerializer(serializers.Serializer):
    """One flat row of a comparison export."""

    company = serializers.CharField(help_text="Company name.")
    company_slug = serializers.CharField(help_text="Company slug.")
    version_id = serializers.IntegerField(allow_null=True, help_text="Version id.")
    version_date = serializers.CharField(allow_blank=True, help_text="Version date (ISO).")
    table = serializers.CharField(help_text="comparison or a matrix key.")
    section = serializers.CharField(help_text="Section key.")
    field = serializers.CharField(
        help_text="The comparison table: the value's field (data_type, recipient, ...), "
        "`practice` or `gap`; a matrix: the question (collected, shared, shared_with, "
        "shared_for, offered, transfer, do_not_track)."
    )
    value = serializers.CharField(allow_blank=True, help_text="Machine value.")
    label = serializers.CharField(allow_blank=True, help_text="Human label.")
    status = serializers.CharField(
        allow_blank=True,
        help_text="The comparison table: common / differs / statement / gap; a matrix: the "
        "verdict stated / denied / conflicting / not_stated; retention: the qualifier; the "
        "checklist: addressed / not_found / not_computed, or rejected / excluded for a sentence "
        "reviewers struck out.",
    )
    practice = serializers.CharField(allow_blank=True, help_text="Practice.")
    negated = serializers.BooleanField(
        allow_null=True, help_text="A denial; null for gaps and values not stated."
    )
    evidence = serializers.CharField(
        allow_blank=True, help_text="Evidence sentence (a conflict: the affirmative one)."
    )
    clause_id = serializers.IntegerField(allow_null=True, help_text="Clause id; null for gaps.")
    url = serializers.CharField(allow_blank=True, help_text="Web page of the sentence.")
    confidence = serializers.FloatField(
        allow_null=True, help_text="0–1: of the clause, or of the verdict from its evidence."
    )
    scope = serializers.CharField(
        allow_blank=True,
        help_text="What the statement is limited to; a matrix verdict: the scopes of the "
        "narrower denials it outweighed.",
    )
    conflicting_evidence = serializers.CharField(
        allow_blank=True, help_text="A conflict: the denial it contradicts, else \"\"."
    )
    conflicting_clause_id = serializers.IntegerField(
        allow_null=True, help_text="A conflict: the denial's clause id."
    )
    conflicting_url = serializers.CharField(
        allow_blank=True, help_text="A conflict: the denial's sentence on the web page."
    )
    reviewed = serializers.CharField(
        allow_blank=True, help_text="Reviewed value: what, the reviewer's name and the date."
    )
    machine_value = serializers.CharField(
        allow_blank=True, help_text="The machine's label beside a reviewer's correction."
    )


assert tuple(ExportRowSerializer().fields) == EXPORT_FIELDS
