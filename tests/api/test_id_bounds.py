"""Ids beyond 64 bits are a 400 everywhere, never a driver overflow (found by schemathesis)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HUGE = str(2**64 + 12345)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/clauses/?policy={HUGE}",
        f"/api/v1/clauses/export/?policy={HUGE}",
        f"/api/v1/clauses/export/?policy={HUGE}&format=csv",
    ],
)
def test_huge_id_filters_are_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "policy"


@pytest.mark.parametrize(
    "path", ["versions", "clauses", "runs", "policies", "sections", "companies"]
)
def test_huge_ids_in_paths_are_not_found(client, path):
    assert client.get(f"/api/v1/{path}/{HUGE}/").status_code in {400, 404}
