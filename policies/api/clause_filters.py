"""The clause list's filters. Every filter combines with every other (AND).

A filter given several times (``?data_type=contact&data_type=location``) matches clauses with
*any* of the values. Multi-valued clause attributes are matched with one ``EXISTS`` subquery per
filter on the ``ClauseValue(field, value, clause)`` index, so combining filters never duplicates
a clause and needs no ``DISTINCT``. Values outside the vocabularies are a 400, not ignored.
"""

from __future__ import annotations

import re

import django_filters as df
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from rest_framework.exceptions import ValidationError

from config.api.filters import (
    BooleanFilter,
    ColumnChoiceFilter,
    MultiValueCSVWidget,
    StrictFilterSet,
    company_filter,
    id_filter,
)
from contract import vocabularies as vocab
from contract.clause_fields import CLAUSE_LIST_FIELDS, ClauseListField
from policies.clause_list import ClauseListPlan, clause_list_plan
from policies.models import Clause, ClauseValue
from policies.search import clause_text_match
from policies.selectors import canonical_values, latest_version_exists
from policies.values import iso_duration_days as to_days


def iso_duration_days(value: str) -> int:
    days = to_days(value)
    if days is None:
        raise ValidationError(
            {"retention_longer_than": [f'"{value}" is not an ISO-8601 duration such as P6M.']}
        )
    return days


def value_exists(field: str, values: list[str]) -> Exists:
    """EXISTS (a ClauseValue of this clause with this field and one of these values)."""
    return Exists(
        ClauseValue.objects.filter(clause=OuterRef("pk"), field=field, value__in=values)
    )


class ValueFilterMixin:
    """A multi-valued clause attribute matched through ``ClauseValue``: ``filter`` keeps the
    clauses having a row ``(value_field, one of the values)``; ``matched_values`` says which
    values that was (None: the filter did nothing)."""

    value_field: str

    def matched_values(self, value) -> list[str] | None:
        return list(value) if value else None

    def filter(self, qs, value):
        values = self.matched_values(value)
        if values is None:
            return qs
        return qs.filter(value_exists(self.value_field, values))


class ValueFilter(ValueFilterMixin, df.MultipleChoiceFilter):
    """Values from a vocabulary (``choices``); repeat for any of several."""

    def __init__(self, *args, value_field: str, **kwargs):
        self.value_field = value_field
        super().__init__(*args, **kwargs)


class FreeValueFilter(ValueFilterMixin, df.BaseInFilter, df.CharFilter):
    """Free-form values (recipient names, countries), repeated or comma-separated."""

    def __init__(self, *args, value_field: str, normalize=None, validate=None,
                 canonical: bool = False, **kwargs):
        self.value_field = value_field
        self.normalize = normalize
        self.canonical = canonical
        self.validate = validate
        super().__init__(*args, **kwargs)

    def matched_values(self, value) -> list[str] | None:
        if not value:
            return None
        values = [v.strip() for v in value if v and v.strip()]
        if self.normalize:
            values = [self.normalize(v) for v in values]
        if self.canonical:
            values = canonical_values(field=self.value_field, values=values)
        if self.validate:
            bad = [v for v in values if not self.validate(v)]
            if bad:
                raise ValidationError({self.field_name: [f'"{b}" is not valid.' for b in bad]})
        return values or None


# Free-valued list attributes: how a query value is normalised before it is checked against
# the registry row's ``pattern``.
NORMALIZE = {"countries": str.upper}
# Looked up case-insensitively among the stored values (``recipient=mixpanel`` finds
# "Mixpanel"), then matched exactly (the indexed fast path).
CANONICAL = {"recipient_names"}


def value_filter(field: ClauseListField) -> ValueFilterMixin:
    """The filter of one clause list attribute (contract.clause_fields): its vocabulary's
    values, or free values (repeated or comma-separated)."""
    if field.vocabulary is not None:
        return ValueFilter(
            value_field=field.value_field,
            choices=vocab.choices(field.vocabulary),
            help_text=field.filter_help,
        )
    return FreeValueFilter(
        value_field=field.value_field,
        widget=MultiValueCSVWidget,
        help_text=field.filter_help,
        normalize=NORMALIZE.get(field.name),
        canonical=field.name in CANONICAL,
        validate=re.compile(field.pattern).match if field.pattern else None,
    )


# One filter per registry row (``?section=``, ``?data_type=``, ...).
ClauseValueFilters = type(
    "ClauseValueFilters",
    (StrictFilterSet,),
    {"__module__": __name__, **{f.filter_name: value_filter(f) for f in CLAUSE_LIST_FIELDS}},
)


class ClauseFilter(ClauseValueFilters):  # type: ignore[misc, valid-type]
    company = company_filter("version__policy__company")
    policy = id_filter("version__policy_id", "Policy id.")
    version = id_filter("version_id", "Version id.")
    latest = BooleanFilter(
        method="filter_latest",
        help_text="true: only clauses of the latest version of each policy; false: only older.",
    )
    practice = ColumnChoiceFilter(
        choices=vocab.choices(vocab.PRACTICES), help_text="Practice; repeat for any of several."
    )
    modality = ColumnChoiceFilter(
        choices=vocab.choices(vocab.MODALITIES), help_text="Modality; repeat for any of several."
    )
    negated = BooleanFilter(help_text='true: only denials ("we do not sell ..."); false: none.')
    scoped = BooleanFilter(
        method="filter_scoped",
        help_text="true: only statements limited to a scope (`scope` set, e.g. \"the cookies "
        'our website uses"); false: only those about the whole policy.',
    )
    dnt_stance = ColumnChoiceFilter(
        choices=Clause.DntStance.choices,
        help_text="Do Not Track stance (`honoured` / `ignored`); repeat for either.",
    )
    confidence_below = df.NumberFilter(
        field_name="confidence", lookup_expr="lt", min_value=0, max_value=1,
        help_text="Only clauses read with less confidence than this (0–1), e.g. 0.6.",
    )
    has_retention = BooleanFilter(
        method="filter_has_retention", help_text="true: only clauses stating a retention period."
    )
    retention_qualifier = ColumnChoiceFilter(
        choices=vocab.choices(vocab.RETENTION_QUALIFIERS),
        help_text="Retention qualifier; repeat for any of several.",
    )
    retention_longer_than = df.CharFilter(
        method="filter_retention_longer",
        help_text="ISO-8601 duration (e.g. P1Y): clauses whose retention duration is longer.",
    )
    version_date_after = df.DateFilter(
        method="filter_date_after",
        help_text="Versions dated on or after (YYYY-MM-DD): the policy's own 'last updated' "
        "date, or when it was stored if it states none.",
    )
    version_date_before = df.DateFilter(
        method="filter_date_before", help_text="Versions dated on or before (YYYY-MM-DD)."
    )
    q = df.CharFilter(
        method="filter_q",
        help_text="Full-text search in the clause text (PostgreSQL: web-search syntax with "
        '"quoted phrases", or, -exclusions; SQLite: every word must occur).',
    )
    ordering = df.OrderingFilter(
        fields=(
            ("id", "id"),
            ("version__policy__company__name", "company"),
            ("version__ingested_at", "version_date"),
            ("order", "order"),
            ("retention_days", "retention_days"),
            ("practice", "practice"),
            ("confidence", "confidence"),
        ),
        help_text="Sort by these (prefix - for descending); default: version id, order.",
    )

    class Meta:
        model = Clause
        fields: list[str] = []

    def plan(self, queryset: QuerySet | None = None) -> ClauseListPlan:
        """How to read the filtered list (``policies.clause_list.clause_list_plan``): every
        filter applied as django-filter does, noting which were value filters and whether any
        other condition was added (then the clauses are counted and paged themselves). Call
        after ``is_valid()``; ``queryset`` defaults to the filterset's."""
        if queryset is None:
            queryset = self.queryset.all()
        matched: list[tuple[str, list[str]]] = []
        exact_count_needed = False
        for name, value in self.form.cleaned_data.items():
            filter_ = self.filters[name]
            if isinstance(filter_, ValueFilterMixin):
                values = filter_.matched_values(value)
                if values is not None:
                    matched.append((filter_.value_field, values))
                    queryset = queryset.filter(value_exists(filter_.value_field, values))
                continue
            filtered = filter_.filter(queryset, value)
            if filtered is not queryset and not isinstance(filter_, df.OrderingFilter):
                exact_count_needed = True  # another condition: count the clauses themselves
            queryset = filtered
        return clause_list_plan(
            query=queryset, matched=matched, exact_count_needed=exact_count_needed
        )

    def filter_queryset(self, queryset):
        """The filtered clauses (django-filter's ``qs``: the detail view and the export)."""
        return self.plan(queryset).query

    def filter_latest(self, qs, name, value):
        latest = latest_version_exists("version__")
        return qs.filter(latest) if value else qs.exclude(latest)

    def filter_scoped(self, qs, name, value):
        return qs.exclude(scope="") if value else qs.filter(scope="")

    def filter_has_retention(self, qs, name, value):
        return qs.exclude(retention_qualifier="") if value else qs.filter(retention_qualifier="")

    def filter_retention_longer(self, qs, name, value):
        return qs.filter(retention_days__gt=iso_duration_days(value))

    def _dated(self, qs):
        return qs.alias(
            _version_date=Coalesce("version__last_updated", TruncDate("version__ingested_at"))
        )

    def filter_date_after(self, qs, name, value):
        return self._dated(qs).filter(_version_date__gte=value)

    def filter_date_before(self, qs, name, value):
        return self._dated(qs).filter(_version_date__lte=value)

    def filter_q(self, qs, name, value):
        if len((value or "").strip()) > 200:
            raise ValidationError({"q": ["At most 200 characters."]})
        return clause_text_match(qs, value)
