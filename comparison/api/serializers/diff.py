"""Typed shape of a version diff (``comparison.diff``)."""

from __future__ import annotations

from rest_framework import serializers


class VersionInfoSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Version id.")
    date = serializers.DateField(help_text="Its date ('last updated', else when stored).")
    last_updated = serializers.DateField(allow_null=True, help_text="Stated date.")
    ingested_at = serializers.DateTimeField(help_text="When it was stored.")
    url = serializers.CharField(help_text="Its web page.")
    clause_count = serializers.IntegerField(help_text="Clauses extracted.")


class ClauseBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Clause id.")
    start = serializers.IntegerField(help_text="Start offset in its version's text.")
    end = serializers.IntegerField(help_text="End offset (exclusive).")
    text = serializers.CharField(help_text="The evidence sentence.")
    url = serializers.CharField(help_text="The sentence on its version's web page.")


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("added", "added"), ("removed", "removed"), ("changed", "changed")],
        help_text="What happened.",
    )
    field = serializers.CharField(
        help_text="retention | recipient | data_type | country | recipient_category | right | "
        "purpose | children_age | negation | practice | section | clause."
    )
    section = serializers.CharField(allow_blank=True, help_text="Section key.")
    summary = serializers.CharField(help_text="The change in one sentence.")
    before = serializers.CharField(allow_blank=True, help_text="Old value's label, or \"\".")
    after = serializers.CharField(allow_blank=True, help_text="New value's label, or \"\".")
    materiality = serializers.IntegerField(
        min_value=0, max_value=100, help_text="0–100: how much it matters (most first)."
    )
    old_clause = ClauseBriefSerializer(allow_null=True, help_text="Evidence in the old version.")
    new_clause = ClauseBriefSerializer(allow_null=True, help_text="Evidence in the new version.")


class DiffLineSerializer(serializers.Serializer):
    op = serializers.ChoiceField(
        choices=[(" ", "same"), ("-", "removed"), ("+", "added")],
        help_text='" " unchanged, "-" removed, "+" added.',
    )
    old_no = serializers.IntegerField(allow_null=True, help_text="Line number in the old text.")
    new_no = serializers.IntegerField(allow_null=True, help_text="Line number in the new text.")
    text = serializers.CharField(allow_blank=True, help_text="The line.")
    parts = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(allow_blank=True)),
        help_text='Word-level [op, text] pairs for changed lines (op " ", "-" or "+").',
    )


class DiffHunkSerializer(serializers.Serializer):
    old_start = serializers.IntegerField(help_text="First old line number.")
    new_start = serializers.IntegerField(help_text="First new line number.")
    lines = DiffLineSerializer(many=True, help_text="Lines of the hunk.")


class DiffStatsSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="Clause-level additions.")
    removed = serializers.IntegerField(help_text="Clause-level removals.")
    changed = serializers.IntegerField(help_text="Clause-level changes.")
    lines_added = serializers.IntegerField(help_text="Text lines added.")
    lines_removed = serializers.IntegerField(help_text="Text lines removed.")


class VersionDiffSerializer(serializers.Serializer):
    old = VersionInfoSerializer(help_text="The older version.")
    new = VersionInfoSerializer(help_text="The newer version.")
    changes = ChangeSerializer(many=True, help_text="Clause-level changes, most material first.")
    text = DiffHunkSerializer(many=True, help_text="Line diff of the texts (empty if text=false).")
    stats = DiffStatsSerializer(help_text="Counts.")
