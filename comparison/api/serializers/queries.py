"""Query parameters of the comparison, summary, export and diff endpoints."""

from __future__ import annotations

from rest_framework import serializers

from comparison.builders.verdicts import STATUS_CHOICES
from comparison.export import MATRIX_TABLES, TABLES
from comparison.selectors import MAX_COMPANIES, MIN_COMPANIES

VERDICT_HELP = ("Only matrix rows (in exports: verdict rows) with a verdict of these statuses "
                "(repeat for several), e.g. `verdict=conflicting`.")


class CompareQuerySerializer(serializers.Serializer):
    company = serializers.ListField(
        child=serializers.SlugField(allow_unicode=True),
        min_length=MIN_COMPANIES,
        max_length=MAX_COMPANIES,
        help_text=f"Company slugs, {MIN_COMPANIES} to {MAX_COMPANIES}: "
        "`?company=a&company=b`. Each company's latest privacy-policy version is compared.",
    )
    verdict = serializers.MultipleChoiceField(
        choices=STATUS_CHOICES, required=False, help_text=VERDICT_HELP
    )


class SummaryQuerySerializer(serializers.Serializer):
    verdict = serializers.MultipleChoiceField(
        choices=STATUS_CHOICES, required=False,
        help_text="Only values with a verdict of these statuses (repeat for several).",
    )
    matrix = serializers.MultipleChoiceField(
        choices=[(m, m) for m in MATRIX_TABLES], required=False,
        help_text="Only values of these matrices (repeat for several).",
    )


class CompareExportQuerySerializer(CompareQuerySerializer):
    table = serializers.MultipleChoiceField(
        choices=[(t, t) for t in TABLES],
        required=False,
        help_text="Tables to export (repeat for several; default all): the section-by-section "
        "`comparison`, the `data_types`, `recipients`, `purposes`, `rights`, `transfers`, "
        "`do_not_track` and `retention` matrices and the GDPR `checklist`.",
    )


class DiffQuerySerializer(serializers.Serializer):
    new = serializers.IntegerField(min_value=1, help_text="Id of the newer version.")
    old = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Id of the older version of the same policy; default: the version stored "
        "just before `new`.",
    )
    text = serializers.BooleanField(
        required=False, default=True, help_text="Include the line diff of the texts."
    )
