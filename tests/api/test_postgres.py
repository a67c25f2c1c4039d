"""PostgreSQL-only behaviour: full-text search with web-search syntax, query plans."""

from __future__ import annotations

import pytest
from django.db import connection

from policies.models import Clause

pytestmark = pytest.mark.services


@pytest.fixture(autouse=True)
def _extract_in_process():
    """These tests are about PostgreSQL, not the broker: extract the seeds in-process."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def results(api, query):
    response = api.get(f"/api/v1/clauses/?page_size=1000&{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_full_text_search_uses_postgres_websearch(api, seeds):
    assert connection.vendor == "postgresql"
    cookies = results(api, "q=cookies")
    assert cookies
    # Stemming: "cookie" finds "cookies" too.
    assert {c["id"] for c in results(api, "q=cookie")} == {c["id"] for c in cookies}
    phrase = results(api, 'q="personal information"')
    assert phrase and all("personal information" in c["text"].lower() for c in phrase)
    without = results(api, "q=cookies%20-browser")
    assert without and all("browser" not in c["text"].lower() for c in without)
    assert len(without) < len(cookies) or not any(
        "browser" in c["text"].lower() for c in cookies
    )
    combined = results(api, "q=cookies&section=cookies")
    assert {c["id"] for c in combined} <= {c["id"] for c in cookies}


def test_value_filters_use_the_index(api, seeds):
    from policies.api.clause_filters import value_exists

    queryset = Clause.objects.filter(value_exists("section", ["retention"]))
    plan = queryset.explain()
    assert "clausevalue" in plan.lower()
