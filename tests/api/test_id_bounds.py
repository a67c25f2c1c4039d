"""Out-of-range input (ids beyond 64 bits, extreme time-zone offsets) is a 400 or handled,
never a database error (both found by schemathesis)."""

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


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("3465-05-14T03:04:03.313428+22:36", 200),  # PostgreSQL refuses offsets past 15:59
        ("2024-01-01T00:00:00-23:59", 200),
        ("0001-01-01T00:30:00+01:00", 400),  # before year 1 in UTC
        ("not-a-date", 400),
    ],
)
def test_ingested_after_takes_any_iso_offset_and_rejects_the_unrepresentable(
    client, value, status
):
    response = client.get("/api/v1/versions/", {"ingested_after": value})
    assert response.status_code == status, response.content
