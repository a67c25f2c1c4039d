"""Filters of the company, policy, version and section lists (the clause list's:
``clause_filters``)."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate

from config.api.filters import (
    ColumnChoiceFilter,
    StrictFilterSet,
    UtcIsoDateTimeFilter,
    company_filter,
    id_filter,
)
from policies.models import Company, Policy, PolicyVersion, Section, SectionKey
from policies.selectors import versions_naming_recipient


class CompanyFilter(StrictFilterSet):
    q = df.CharFilter(method="filter_q", help_text="Name or slug contains (case-insensitive).")
    jurisdiction = df.CharFilter(lookup_expr="iexact", help_text="Jurisdiction, exactly.")
    recipient = df.CharFilter(
        method="filter_recipient",
        help_text="Companies whose latest privacy policy names a recipient containing this, "
        "in any case or script (`mixp` finds Mixpanel).",
    )
    ordering = df.OrderingFilter(
        fields=(("name", "name"), ("created_at", "created_at"), ("id", "id")),
        help_text="Sort by these (prefix - for descending); default: name.",
    )

    class Meta:
        model = Company
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(slug__icontains=value))

    def filter_recipient(self, qs, name, value):
        if not value.strip():
            return qs
        return qs.filter(latest_version_id__in=versions_naming_recipient(value))


class PolicyFilter(StrictFilterSet):
    company = company_filter("company")
    kind = ColumnChoiceFilter(choices=Policy.Kind.choices, help_text="Kind of policy.")
    ordering = df.OrderingFilter(
        fields=(("company__name", "company"), ("created_at", "created_at"), ("id", "id")),
        help_text="Sort by these (prefix - for descending); default: company, kind.",
    )

    class Meta:
        model = Policy
        fields: list[str] = []


class VersionFilter(StrictFilterSet):
    company = company_filter("policy__company")
    policy = id_filter("policy_id", "Policy id.")
    source_kind = ColumnChoiceFilter(
        choices=PolicyVersion.SourceKind.choices, help_text="How the text arrived."
    )
    version_date_after = df.DateFilter(
        method="filter_date_after", help_text="Dated on or after (YYYY-MM-DD)."
    )
    version_date_before = df.DateFilter(
        method="filter_date_before", help_text="Dated on or before (YYYY-MM-DD)."
    )
    ingested_after = UtcIsoDateTimeFilter(
        field_name="ingested_at", lookup_expr="gte", help_text="Stored at or after (ISO-8601)."
    )
    ordering = df.OrderingFilter(
        fields=(("ingested_at", "ingested_at"), ("last_updated", "last_updated"), ("id", "id")),
        help_text="Sort by these (prefix - for descending); default: newest first.",
    )

    class Meta:
        model = PolicyVersion
        fields: list[str] = []

    def _dated(self, qs):
        return qs.alias(_version_date=Coalesce("last_updated", TruncDate("ingested_at")))

    def filter_date_after(self, qs, name, value):
        return self._dated(qs).filter(_version_date__gte=value)

    def filter_date_before(self, qs, name, value):
        return self._dated(qs).filter(_version_date__lte=value)


class SectionFilter(StrictFilterSet):
    company = company_filter("version__policy__company")
    version = id_filter("version_id", "Version id.")
    key = ColumnChoiceFilter(
        choices=SectionKey.choices, help_text="Primary section key; repeat for several."
    )
    ordering = df.OrderingFilter(
        fields=(("order", "order"), ("id", "id")),
        help_text="Sort by these (prefix - for descending); default: version, order.",
    )

    class Meta:
        model = Section
        fields: list[str] = []
