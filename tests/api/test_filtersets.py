"""The filtersets' per-request shortcuts (shallow filter copies, one form class per filterset
class) keep every request's filters its own, and single-column filters need no DISTINCT."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from policies.api.clause_filters import ClauseFilter
from policies.api.filters import PolicyFilter, SectionFilter
from policies.clause_list import LIST_ORDER
from policies.models import Clause, Policy, Section
from tests.factories import clause_value


def clause_filter(query: str, *order: str) -> ClauseFilter:
    return ClauseFilter(QueryDict(query), queryset=Clause.objects.order_by(*(order or ["pk"])))


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


@pytest.mark.django_db
def test_forms_copy_fields_shallowly_but_keep_their_own_errors():
    bad, good = clause_filter("section=nope"), clause_filter("section=retention")
    assert not bad.is_valid() and "section" in bad.errors
    assert good.is_valid(), good.errors
    assert good.form.cleaned_data["section"] == ["retention"]
    shared = type(good.form).base_fields["section"]
    assert good.form.fields["section"] is not shared
    assert good.form.fields["section"].choices == shared.choices


# --- counts from the value index -------------------------------------------------------------


@pytest.fixture
def valued_clauses(db):
    """Four clauses: sections and data types as ClauseValue rows (as extraction stores them)."""
    from policies.models import ClauseValue
    from tests.factories import PolicyVersionFactory

    version = PolicyVersionFactory()
    spec = [  # (sections, data types, practice)
        (["retention", "rights"], ["contact"], "retain"),
        (["retention"], [], "retain"),
        (["rights"], ["contact"], "share"),
        ([], [], "collect"),
    ]
    clauses = []
    for order, (sections, data_types, practice) in enumerate(spec):
        clause = Clause.objects.create(
            version=version, order=order, start=order * 10, end=order * 10 + 5, text="x",
            sections=sections, data_types=data_types, practice=practice,
            pipeline_version="test",
        )
        ClauseValue.objects.bulk_create(
            [clause_value(clause, "section", v) for v in sections]
            + [clause_value(clause, "data_type", v) for v in data_types]
        )
        clauses.append(clause)
    return clauses


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected,from_values_only",
    [
        ("section=retention", 2, True),
        ("section=retention&section=rights", 3, True),  # a clause with both counts once
        ("section=retention&data_type=contact", 1, True),  # both filters: the intersection
        ("section=retention&section=rights&data_type=contact&ordering=-id", 2, True),
        ("section=retention&practice=retain", 2, False),  # another filter: clauses counted
        ("practice=share", 1, False),
        ("", 4, False),
    ],
)
def test_counts_equal_the_clauses_listed(valued_clauses, query, expected, from_values_only):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fs = clause_filter(query)
    assert fs.is_valid()
    plan = fs.plan()
    with CaptureQueriesContext(connection) as captured:
        count = plan.count()
    assert count == len(list(fs.qs)) == len(plan.page(0, 100)) == expected
    (sql,) = [q["sql"] for q in captured]
    assert ('"policies_clause"' not in sql) is from_values_only, sql


# --- pages of one value from the value index ------------------------------------------------


@pytest.fixture
def clauses_out_of_id_order(db):
    """Two versions; the later version's clauses are stored first, so ids do not follow the
    list order (version id, order). Every other clause is in ``retention``."""
    from policies.models import ClauseValue
    from tests.factories import PolicyVersionFactory

    early, late = PolicyVersionFactory(), PolicyVersionFactory()
    for version in (late, early):
        clauses = Clause.objects.bulk_create(
            Clause(version=version, order=order, start=order, end=order + 1, text="x",
                   sections=["retention"] if order % 2 == 0 else ["rights"],
                   pipeline_version="test")
            for order in range(7)
        )
        ClauseValue.objects.bulk_create(
            clause_value(c, "section", c.sections[0]) for c in clauses
        )
    return [
        pk for pk, sections in Clause.objects.order_by("version_id", "order")
        .values_list("pk", "sections") if "retention" in sections
    ]


@pytest.mark.django_db
def test_one_value_pages_come_from_the_value_index_in_list_order(clauses_out_of_id_order):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expected = clauses_out_of_id_order
    assert expected != sorted(expected)  # ids alone would give another order
    fs = clause_filter("section=retention", "version_id", "order")  # the view's order
    assert fs.is_valid()
    plan = fs.plan()
    assert plan.count_query is not None and plan.ordered_ids is not None
    assert plan.count() == len(expected) == 8
    pages = []
    for start in range(0, len(expected), 3):
        with CaptureQueriesContext(connection) as captured:
            pages.append([c.pk for c in plan.page(start, start + 3)])
        assert "sort_version" in captured[0]["sql"]  # the ids, from the value index
    assert pages == [expected[i:i + 3] for i in range(0, len(expected), 3)]
    assert [c.pk for c in fs.qs] == expected  # django-filter's qs: the same clauses, in order
    # several values, another filter or another ordering: the clauses are walked instead
    for query, order in [
        ("section=retention&section=rights", LIST_ORDER),
        ("section=retention&practice=retain", LIST_ORDER),
        ("section=retention&ordering=-id", LIST_ORDER),
        ("section=retention", ["pk"]),
    ]:
        fs = clause_filter(query, *order)
        assert fs.is_valid()
        plan = fs.plan()
        assert plan.ordered_ids is None, query
        with CaptureQueriesContext(connection) as captured:
            rows = plan.page(0, 3)
        assert "sort_version" not in captured[0]["sql"], query
        assert [c.pk for c in rows] == [c.pk for c in fs.qs[:3]]
        assert plan.count() == fs.qs.count()


@pytest.mark.django_db
def test_one_value_page_of_rows_is_one_query_and_the_same_rows(clauses_out_of_id_order):
    """The view's rows (``clause_rows``) with one value filter: each page is one query (ids
    from the value index joined to the clauses and their companies), and gives exactly the
    rows the general path gives, completed the same way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policies.clause_list import clause_rows, complete_clause_rows

    expected = clauses_out_of_id_order
    fs = ClauseFilter(QueryDict("section=retention"),
                      queryset=clause_rows(Clause.objects.order_by(*LIST_ORDER)))
    assert fs.is_valid()
    plan = fs.plan()
    assert plan.one_value == ("section", "retention")
    assert plan.count() == len(expected)
    general = complete_clause_rows(list(fs.qs))
    assert [row["id"] for row in general] == expected
    got = []
    for start in range(0, len(expected) + 3, 3):
        with CaptureQueriesContext(connection) as captured:
            page = complete_clause_rows(plan.page(start, start + 3))
        assert len(captured) == 1, captured
        got.extend(page)
    assert got == general  # same columns, decoded JSON, policy and company
    assert {row["company_slug"] for row in got} == {row["company_slug"] for row in general}
    assert plan.page(4, 4) == []
    # any other filter, or model instances, keep the general path
    for query in ("section=retention&practice=retain", "section=retention&section=rights"):
        other = ClauseFilter(QueryDict(query),
                             queryset=clause_rows(Clause.objects.order_by(*LIST_ORDER)))
        assert other.is_valid()
        assert other.plan().one_value is None
    instances = clause_filter("section=retention", *LIST_ORDER)
    assert instances.is_valid()
    assert instances.plan().one_value is None
