"""The filtersets' per-request shortcuts (shallow filter copies, one form class per filterset
class) keep every request's filters its own, and single-column filters need no DISTINCT."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from policies.api.filters import ClauseFilter, PolicyFilter, SectionFilter
from policies.models import Clause, Policy, Section


def clause_filter(query: str) -> ClauseFilter:
    return ClauseFilter(QueryDict(query), queryset=Clause.objects.order_by("pk"))


@pytest.mark.django_db
def test_each_filterset_has_its_own_filters_bound_to_it():
    a, b = clause_filter("has_retention=true"), clause_filter("has_retention=false")
    for fs in (a, b):
        assert fs.is_valid(), fs.errors
        for name, filter_ in fs.filters.items():
            assert filter_.parent is fs
            assert filter_ is not ClauseFilter.base_filters[name]
        # method filters call the method of *this* filterset
        assert fs.filters["has_retention"].filter.f is fs.filters["has_retention"]
    assert a.filters["has_retention"] is not b.filters["has_retention"]
    assert 'NOT ("policies_clause"."retention_qualifier" = )' in str(a.qs.query)
    assert 'WHERE "policies_clause"."retention_qualifier" = ' in str(b.qs.query)
    assert a.form is not b.form and type(a.form) is type(b.form)
    assert a.form.fields["section"] is not b.form.fields["section"]


@pytest.mark.django_db
def test_single_column_choice_filters_do_not_add_distinct():
    queries = [
        clause_filter("practice=sell&modality=may&retention_qualifier=fixed").qs,
        PolicyFilter(QueryDict("kind=privacy"), queryset=Policy.objects.order_by("pk")).qs,
        SectionFilter(QueryDict("key=retention&key=children"),
                      queryset=Section.objects.order_by("pk")).qs,
    ]
    for qs in queries:
        sql = str(qs.query)
        assert "DISTINCT" not in sql and "WHERE" in sql


@pytest.mark.django_db
def test_no_company_filter_leaves_the_query_alone():
    assert "policies_company" not in str(clause_filter("section=retention").qs.query)
