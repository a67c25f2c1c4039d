"""Filter building blocks shared by every app's API: the strict filterset (unknown values are a
400, built cheaply per request), id and company filters, strict booleans, UTC date-times,
column choices, comma-or-repeat values and full-text search."""

from __future__ import annotations

import copy
import datetime as dt

import django_filters as df
from django import forms
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from policies.models import Company


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


class ColumnChoiceFilter(df.MultipleChoiceFilter):
    """Any of several values of a column of the model itself. django-filter's default
    (``distinct=True``) made these a ``SELECT DISTINCT`` over every column, JSON included, for
    rows that cannot repeat (no join is involved)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


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
