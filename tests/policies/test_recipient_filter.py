"""The companies' recipient filter is case-insensitive and partial, on the page and in the API,
in any script and on both databases (matched on NFKC-casefolded names, not the database's
LIKE, which on SQLite folds only ASCII)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from policies.models import Clause, ClauseValue
from policies.selectors import company_search, values_containing
from tests.factories import clause_value

pytestmark = pytest.mark.django_db


def _page(client, recipient: str) -> list[str]:
    html = client.get(reverse("policies:company-list"), {"recipient": recipient}).content.decode()
    return re.findall(r'<td><a href="/companies/([\w-]+)/">', html)


def _api(recipient: str) -> list[str]:
    response = APIClient().get("/api/v1/companies/", {"recipient": recipient})
    assert response.status_code == 200, response.content
    return sorted(c["slug"] for c in response.json()["results"])


@pytest.mark.parametrize("query", ["Mixpanel", "mixpanel", "MIXPANEL", "mixp", " ixpan "])
def test_mixpanel_in_any_case_or_part_finds_intsig(client, seeds, query):
    assert _page(client, query) == ["intsig"]
    assert _api(query) == ["intsig"]


def test_no_match_finds_nothing_and_empty_filters_nothing(client, seeds):
    assert _page(client, "no-such-recipient") == []
    assert _api("no-such-recipient") == []
    assert len(_page(client, "")) == len(seeds)
    assert len(_api("")) == len(seeds)


def test_page_offers_the_stored_names_and_keeps_the_typed_value(client, seeds):
    html = client.get(reverse("policies:company-list"), {"recipient": "mixp"}).content.decode()
    assert 'list="recipient-choices"' in html and '<option value="Mixpanel">' in html
    assert 'value="mixp"' in html


def test_non_ascii_names_match_case_insensitively_on_both_databases(seeds):
    clause = Clause.objects.filter(version__policy__company__slug="all-in-print").first()
    ClauseValue.objects.bulk_create([
        clause_value(clause, ClauseValue.Field.RECIPIENT, "Überwachung GmbH"),
        clause_value(clause, ClauseValue.Field.RECIPIENT, "ΔΈΛΤΑ Analytics"),
    ])
    field = ClauseValue.Field.RECIPIENT
    assert values_containing(field=field, query="überwachung") == ["Überwachung GmbH"]
    assert values_containing(field=field, query="ÜBERW") == ["Überwachung GmbH"]
    assert values_containing(field=field, query="δέλτα") == ["ΔΈΛΤΑ Analytics"]
    slugs = [c.slug for c in company_search(recipient="überwachung")]
    assert slugs == ["all-in-print"]
    assert _api("ÜBERWACHUNG") == ["all-in-print"]
    assert _api("δέλτα") == ["all-in-print"]
    # The clause API's exact recipient filter finds the stored spelling in any case too.
    count = APIClient().get("/api/v1/clauses/", {"recipient": "überwachung gmbh"}).json()["count"]
    assert count == 1
