"""The clause-field registry is the one place the clause's list attributes are named."""

from __future__ import annotations

import dataclasses

from contract.clause_fields import CLAUSE_LIST_FIELDS, FACT_FIELDS, LIST_ATTRIBUTES
from extraction.nlp.types import Clause as NlpClause
from extraction.services import VALUE_FIELDS
from policies.api.clause_filters import ClauseFilter
from policies.api.serializers import ClauseSerializer
from policies.api.views import CLAUSE_CSV_FIELDS
from policies.models import Clause, ClauseValue
from policies.values import FIELD_LABELS, LIST_FIELDS


def test_every_registry_row_is_a_clause_attribute_everywhere():
    nlp_fields = {f.name for f in dataclasses.fields(NlpClause)}
    model_fields = {f.name for f in Clause._meta.get_fields()}
    api_fields = ClauseSerializer().fields
    filters = ClauseFilter.base_filters
    for row in CLAUSE_LIST_FIELDS:
        assert row.name in nlp_fields and row.name in model_fields, row
        assert VALUE_FIELDS[row.name] == row.value_field
        assert ClauseValue.Field(row.value_field).label == row.label
        assert row.name in api_fields and api_fields[row.name].help_text == row.api_help
        assert filters[row.filter_name].value_field == row.value_field
        assert row.csv_column in CLAUSE_CSV_FIELDS


def test_derived_lists_follow_the_registry():
    assert [v for v, _ in ClauseValue.Field.choices] == [f.value_field for f in CLAUSE_LIST_FIELDS]
    assert LIST_FIELDS == tuple((f.name, f.value_field) for f in FACT_FIELDS)
    assert all(FIELD_LABELS[f.value_field] == f.label for f in FACT_FIELDS)
    assert set(LIST_ATTRIBUTES) == set(VALUE_FIELDS)
    assert "sections" in LIST_ATTRIBUTES and "sections" not in dict(LIST_FIELDS)


def test_vocabularies_reach_the_filters_and_choices():
    for row in CLAUSE_LIST_FIELDS:
        if row.vocabulary is not None:
            choices = ClauseFilter.base_filters[row.filter_name].extra["choices"]
            assert [v for v, _ in choices] == list(row.vocabulary)
        else:
            assert "choices" not in ClauseFilter.base_filters[row.filter_name].extra
