"""Filters for the read endpoints. Every filter combines with every other (AND).

A filter given several times (``?data_type=contact&data_type=location``) matches clauses with
*any* of the values. Multi-valued clause attributes are matched with one ``EXISTS`` subquery per
filter on the ``ClauseValue(field, value, clause)`` index, so combining filters never duplicates
a clause and needs no ``DISTINCT``. Values outside the vocabularies are a 400, not ignored.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

import django_filters as df
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from policies.api import vocab
from policies.models import Clause, ClauseValue, Company, Policy, PolicyVersion, Section, SectionKey
from policies.values import iso_duration_days as to_days

_COUNTRY = re.compile(r"^([A-Za-z]{2}|\*)$")


def iso_duration_days(value: str) -> int:
    days = to_days(value)
    if days is None:
        raise ValidationError(
            {"retention_longer_than": [f'"{value}" is not an ISO-8601 duration such as P6M.']}
        )
    return days


@extend_schema_field(
    {"type": "string", "description": "Company slug; repeat for several. Unknown slugs are a 400."}
)
class CompanySlugFilter(df.ModelMultipleChoiceFilter):
    """Companies by slug."""

    def filter(self, qs, value):
        # Without ?company= the form gives ``Company.objects.none()``; django-filter's ``if not
        # value`` would evaluate (compile) that queryset on every request.
        if isinstance(value, QuerySet) and value.query.is_empty():
            return qs
        return super().filter(qs, value)


MAX_ID = 2**63 - 1


class UtcIsoDateTimeField(df.fields.IsoDateTimeField):
    """An ISO-8601 date-time, converted to UTC: any offset Python accepts (up to ±23:59) is
    valid input, but PostgreSQL refuses offsets past ±15:59, so none reaches the database."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or value.tzinfo is None:
            return value
        try:
            return value.astimezone(dt.UTC)
        except OverflowError as exc:
            raise forms.ValidationError("Date-time out of range.", code="invalid") from exc


class UtcIsoDateTimeFilter(df.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class IdFilter(df.NumberFilter):
    """An object id: a positive integer (``1.5`` or ``abc`` are a 400)."""

    field_class = forms.IntegerField


def id_filter(field_name: str, help_text: str) -> IdFilter:
    # Ids are 64-bit: a larger number is a 400, not an overflow in the database driver.
    filter_ = IdFilter(
        field_name=field_name, help_text=help_text, min_value=1, max_value=MAX_ID
    )
    filter_._spectacular_annotation = {  # typed and described in the OpenAPI schema
        "field": {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": help_text}
    }
    return filter_


def company_filter(path: str) -> df.ModelMultipleChoiceFilter:
    """``?company=<slug>`` (repeatable); an unknown slug is a 400."""
    return CompanySlugFilter(
        field_name=f"{path}__slug",
        to_field_name="slug",
        distinct=False,
        queryset=Company.objects.all(),
        help_text="Company slug; repeat for several.",
    )


def value_exists(field: str, values: list[str]) -> Exists:
    """EXISTS (a ClauseValue of this clause with this field and one of these values)."""
    return Exists(
        ClauseValue.objects.filter(clause=OuterRef("pk"), field=field, value__in=values)
    )


class ColumnChoiceFilter(df.MultipleChoiceFilter):
    """Any of several values of a column of the model itself. django-filter's default
    (``distinct=True``) made these a ``SELECT DISTINCT`` over every column, JSON included, for
    rows that cannot repeat (no join is involved)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


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

    def __init__(self, *args, value_field: str, normalize=None, validate=None, **kwargs):
        self.value_field = value_field
        self.normalize = normalize
        self.validate = validate
        super().__init__(*args, **kwargs)

    def matched_values(self, value) -> list[str] | None:
        if not value:
            return None
        values = [v.strip() for v in value if v and v.strip()]
        if self.normalize:
            values = [self.normalize(v) for v in values]
        if self.validate:
            bad = [v for v in values if not self.validate(v)]
            if bad:
                raise ValidationError({self.field_name: [f'"{b}" is not valid.' for b in bad]})
        return values or None


def value_count_query(matched: list[tuple[str, list[str]]]) -> QuerySet:
    """A query over the ``ClauseValue`` index on ``(field, value, ..., clause)`` alone, counting
    the clauses that have, for every ``(field, values)``, a row with that field and one of the
    values.

    Every ``ClauseValue`` row belongs to an existing clause (foreign key) and a clause has at
    most one row per ``(field, value)`` (unique constraint), so one field with one value counts
    its rows; several values count distinct clauses; several fields intersect those sets. The
    exact same number as ``COUNT(*)`` over the clauses with one ``EXISTS`` per filter, without
    one clause lookup per match (on 133k clauses, 6.8k of them in ``retention``: about a
    tenth of the time).
    """
    parts = [
        ClauseValue.objects.filter(field=field, value__in=values) for field, values in matched
    ]
    if len(parts) == 1 and len(matched[0][1]) == 1:
        return parts[0]
    ids = [part.values("clause_id") for part in parts]
    if len(ids) == 1:
        return ids[0].distinct()
    return ids[0].intersection(*ids[1:])


class MultiValueCSVWidget(df.widgets.CSVWidget):
    """Accept both ``?x=a&x=b`` and ``?x=a,b``."""

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        raw = getter(name) if getter else [data.get(name)]
        items = [p for v in raw if v for p in str(v).split(",")]
        return items or None


def full_text_filter(qs: QuerySet, field: str, value: str) -> QuerySet:
    """``q``: PostgreSQL full-text search (websearch syntax); elsewhere every word must occur."""
    value = (value or "").strip()
    if not value:
        return qs
    if len(value) > 200:
        raise ValidationError({"q": ["At most 200 characters."]})
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return qs.alias(_search=SearchVector(field, config="english")).filter(
            _search=SearchQuery(value, config="english", search_type="websearch")
        )
    condition = Q()
    for word in value.split():
        condition &= Q(**{f"{field}__icontains": word.strip('"')})
    return qs.filter(condition)


# The clause lists' default order (the view's queryset; ``ordering`` replaces it).
LIST_ORDER = ("version_id", "order")


def value_ordered_ids(matched: list[tuple[str, list[str]]]) -> QuerySet | None:
    """The ids of the clauses with this one ``(field, [value])`` in ``LIST_ORDER``, from the
    ``(field, value, sort_version, sort_order, clause)`` index alone: a page at any depth costs
    its own rows, where walking the clauses in order and probing each for the value costs
    every clause before the page. None for several values or several filters."""
    if len(matched) != 1 or len(matched[0][1]) != 1:
        return None
    ((field, (value,)),) = matched
    return (
        ClauseValue.objects.filter(field=field, value=value)
        .order_by("sort_version", "sort_order")
        .values_list("clause_id", flat=True)
    )


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error, not "no filter"."""

    TRUE = frozenset({"true", "1", "yes"})
    FALSE = frozenset({"false", "0", "no"})

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(f'"{value}" is not a boolean: use true or false.',
                                    code="invalid")


class BooleanFilter(df.BooleanFilter):
    field_class = StrictBooleanField


class SharedFormFields(dict):
    """``base_fields`` of a filterset's form class. A Django form deep-copies its class's fields
    on every instance (each field with its widget, choices and validators: about 1 ms for the
    clause filters' ~20 fields and vocabularies, on every request). Validating a form changes
    none of those, so each form gets its own shallow copy of every field instead, sharing the
    rest (querysets included: fields only ever derive new querysets from them)."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class StrictFilterSet(df.FilterSet):
    """Base: ordering choices are validated; unknown values are a 400.

    Built once per request, so django-filter's per-instance costs are paid once per class
    instead (about 5 ms of a clause list's CPU time): the filters are copied shallowly
    (``copy.deepcopy`` of ~20 filters with their choices and querysets), the form class is
    made once from the filters' form fields, and its forms copy those fields shallowly
    (``SharedFormFields``).
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        # A filter's own state is set here (model, parent) or memoised (its form field);
        # everything it shares with the class filter (choices, ``extra``) is only read.
        self.filters = {name: copy.copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # binds a FilterMethod to the copy, not the class's

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFormFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class


class ClauseFilter(StrictFilterSet):
    company = company_filter("version__policy__company")
    policy = id_filter("version__policy_id", "Policy id.")
    version = id_filter("version_id", "Version id.")
    latest = BooleanFilter(
        method="filter_latest",
        help_text="true: only clauses of the latest version of each policy; false: only older.",
    )
    section = ValueFilter(
        value_field=ClauseValue.Field.SECTION,
        choices=vocab.choices(vocab.SECTION_KEYS),
        help_text="Section key; repeat for any of several.",
    )
    practice = ColumnChoiceFilter(
        choices=vocab.choices(vocab.PRACTICES), help_text="Practice; repeat for any of several."
    )
    modality = ColumnChoiceFilter(
        choices=vocab.choices(vocab.MODALITIES), help_text="Modality; repeat for any of several."
    )
    data_type = ValueFilter(
        value_field=ClauseValue.Field.DATA_TYPE,
        choices=vocab.choices(vocab.DATA_TYPES),
        help_text="Data type; repeat for any of several.",
    )
    purpose = ValueFilter(
        value_field=ClauseValue.Field.PURPOSE,
        choices=vocab.choices(vocab.PURPOSES),
        help_text="Purpose; repeat for any of several.",
    )
    recipient = FreeValueFilter(
        value_field=ClauseValue.Field.RECIPIENT,
        widget=MultiValueCSVWidget,
        help_text='Canonical recipient name (e.g. "Google Analytics"); repeat or comma-separate.',
    )
    recipient_category = ValueFilter(
        value_field=ClauseValue.Field.RECIPIENT_CATEGORY,
        choices=vocab.choices(vocab.RECIPIENT_CATEGORIES),
        help_text="Recipient category; repeat for any of several.",
    )
    country = FreeValueFilter(
        value_field=ClauseValue.Field.COUNTRY,
        widget=MultiValueCSVWidget,
        normalize=lambda v: v.upper(),
        validate=lambda v: bool(_COUNTRY.match(v)),
        help_text='ISO 3166-1 alpha-2 code, or "*" for "outside your country"; repeat or '
        "comma-separate.",
    )
    right = ValueFilter(
        value_field=ClauseValue.Field.RIGHT,
        choices=vocab.choices(vocab.RIGHTS),
        help_text="Right or choice offered; repeat for any of several.",
    )
    negated = BooleanFilter(help_text='true: only denials ("we do not sell ..."); false: none.')
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
        ),
        help_text="Sort by these (prefix - for descending); default: version id, order.",
    )

    class Meta:
        model = Clause
        fields: list[str] = []

    def filter_queryset(self, queryset):
        """Apply every filter (as django-filter does); when only value filters (and ordering)
        did anything, the result counts itself from the value index (``value_count_query``),
        and with one value in the default order, takes its pages' ids from it too
        (``value_ordered_ids``)."""
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
        if matched and not exact_count_needed:
            in_list_order = tuple(queryset.query.order_by) == LIST_ORDER
            queryset = queryset.with_count_query(
                value_count_query(matched),
                value_ordered_ids(matched) if in_list_order else None,
            )
        return queryset

    def filter_latest(self, qs, name, value):
        newer = PolicyVersion.objects.filter(policy=OuterRef("version__policy")).filter(
            Q(ingested_at__gt=OuterRef("version__ingested_at"))
            | Q(ingested_at=OuterRef("version__ingested_at"), pk__gt=OuterRef("version_id"))
        )
        return qs.filter(~Exists(newer)) if value else qs.filter(Exists(newer))

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
        return full_text_filter(qs, "text", value)


class CompanyFilter(StrictFilterSet):
    q = df.CharFilter(method="filter_q", help_text="Name or slug contains (case-insensitive).")
    jurisdiction = df.CharFilter(lookup_expr="iexact", help_text="Jurisdiction, exactly.")
    ordering = df.OrderingFilter(
        fields=(("name", "name"), ("created_at", "created_at"), ("id", "id")),
        help_text="Sort by these (prefix - for descending); default: name.",
    )

    class Meta:
        model = Company
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(slug__icontains=value))


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

