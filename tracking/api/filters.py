"""Filters of the change-event list: company, section, field, materiality, date range."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as df

from config.api.filters import StrictFilterSet, company_filter
from policies.models import SectionKey
from tracking.api.serializers import CHANGE_FIELDS
from tracking.models import ChangeEvent, Source
from tracking.selectors import change_events_filter


class IntFilter(df.NumberFilter):
    field_class = forms.IntegerField


class ChangeEventFilter(StrictFilterSet):
    company = company_filter("company")
    section = df.ChoiceFilter(choices=SectionKey.choices, method="_noop",
                              help_text="Only events with a change in this section.")
    field = df.ChoiceFilter(choices=[(f, f) for f in CHANGE_FIELDS], method="_noop",
                            help_text="Only events with a change of this field.")
    min_materiality = IntFilter(
        method="_noop", min_value=0, max_value=100,
        help_text="Only events with a change at least this material (0–100).",
    )
    since = df.DateFilter(field_name="occurred_at", method="_noop",
                          help_text="From this day (YYYY-MM-DD, inclusive, UTC).")
    until = df.DateFilter(field_name="occurred_at", method="_noop",
                          help_text="To this day (YYYY-MM-DD, inclusive, UTC).")

    class Meta:
        model = ChangeEvent
        fields: list[str] = []

    def _noop(self, qs, name, value):
        return qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return change_events_filter(
            queryset, section=data.get("section") or "", field=data.get("field") or "",
            min_materiality=data.get("min_materiality"), since=data.get("since"),
            until=data.get("until"),
        )


class SourceFilter(StrictFilterSet):
    company = company_filter("company")
    status = df.ChoiceFilter(choices=Source.Status.choices, help_text="Only this status.")

    class Meta:
        model = Source
        fields: list[str] = []
