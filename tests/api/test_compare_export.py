"""Comparison, version diff and exports over the API, built by the comparison selectors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from comparison.builders import comparison_build
from policies.models import Clause

SLUGS = ["all-in-print", "intsig", "keditec-print"]


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_compare_matches_the_selector_with_offsets(api, seeds):
    url = "/api/v1/compare/?" + "&".join(f"company={s}" for s in SLUGS)
    response = api.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    expected = comparison_build(slugs=SLUGS)
    assert [c["slug"] for c in body["columns"]] == SLUGS
    assert [c["version_id"] for c in body["columns"]] == [c.version_id for c in expected.columns]
    assert [r["key"] for r in body["rows"]] == [r.key for r in expected.rows]
    assert set(body["matrices"]) == {"data_types", "recipients", "purposes", "rights",
                                     "transfers", "do_not_track", "retention", "conflicts"}
    clauses = {c.pk: c for c in Clause.objects.select_related("version")}
    seen = 0
    for row in body["rows"]:
        for group in row["groups"]:
            assert len(group["cells"]) == len(SLUGS)
            for index, cell in enumerate(group["cells"]):
                for ref in cell:
                    clause = clauses[ref["id"]]
                    assert clause.version_id == ref["version_id"] == body["columns"][index][
                        "version_id"]
                    assert clause.version.text[ref["start"] : ref["end"]] == ref["text"]
                    seen += 1
    assert seen > 0
    for entry in (e for r in body["matrices"]["retention"] for e in r["entries"]):
        clause = clauses[entry["clause_id"]]
        assert clause.version.text[entry["start"] : entry["end"]] == clause.text


@pytest.mark.parametrize(
    "query",
    ["company=intsig", "", "company=intsig&company=nobody",
     "&".join(f"company=c{i}" for i in range(7))],
)
def test_compare_bad_requests(api, db, query):
    response = api.get(f"/api/v1/compare/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "company"


def test_compare_csv_and_json_exports(api, seeds):
    query = "&".join(f"company={s}" for s in SLUGS)
    response = api.get(f"/api/v1/compare/?{query}&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {r["company_slug"] for r in rows} == set(SLUGS)
    export = api.get(f"/api/v1/compare/export/?{query}&table=retention")
    assert export.status_code == 200
    data = export.json()
    assert data and {r["table"] for r in data} == {"retention"}
    assert all(isinstance(r["clause_id"], int) for r in data)
    as_csv = api.get(f"/api/v1/compare/export/?{query}&table=retention",
                     HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.content.decode())))) == len(data)
    bad = api.get(f"/api/v1/compare/export/?{query}&table=everything&format=csv")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/json"


def test_clause_exports_stream_every_match(api, seeds):
    expected = {c.pk for c in Clause.objects.all() if "retention" in c.sections}
    response = api.get("/api/v1/clauses/export/?section=retention")
    assert response.status_code == 200
    data = json.loads(streamed(response))
    assert {c["id"] for c in data} == expected
    assert set(data[0]) >= {"start", "end", "text", "sections", "retention", "evidence"}
    response = api.get("/api/v1/clauses/export/?section=retention&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="clauses.csv"'
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert {int(r["id"]) for r in rows} == expected
    assert "retention_duration" in rows[0] and "evidence" not in rows[0]
    assert api.get("/api/v1/clauses/export/?page=2").status_code == 400


def test_csv_cells_cannot_inject_formulas(api, seeds):
    clause = Clause.objects.order_by("pk").first()
    Clause.objects.filter(pk=clause.pk).update(text="=HYPERLINK(\"http://evil\")")
    response = api.get(f"/api/v1/clauses/export/?version={clause.version_id}&format=csv")
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(streamed(response)))}
    assert rows[clause.pk]["text"].startswith("'=")


def test_version_diff(api, auth_api, seeds, django_capture_on_commit_callbacks):
    policy = api.get("/api/v1/policies/?company=all-in-print").json()["results"][0]
    old_id = policy["latest_version"]
    old_text = api.get(f"/api/v1/versions/{old_id}/").json()["text"]
    new_text = old_text.replace("18 months", "36 months") + (
        "\nWe share your email address with Mixpanel for analytics.\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = auth_api.post(policy["versions_url"], {"text": new_text}, format="json")
    new_id = created.json()["version"]["id"]
    response = api.get(f"/api/v1/diff/?new={new_id}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["old"]["id"] == old_id and body["new"]["id"] == new_id
    assert body["changes"] and body["stats"]["lines_added"] >= 1
    materiality = [c["materiality"] for c in body["changes"]]
    assert materiality == sorted(materiality, reverse=True)
    located = [c for c in body["changes"] if c["new_clause"]]
    for change in located:
        brief = change["new_clause"]
        assert new_text[brief["start"] : brief["end"]] == brief["text"]
    assert any(c["field"] == "retention" for c in body["changes"])
    explicit = api.get(f"/api/v1/diff/?old={old_id}&new={new_id}&text=false").json()
    assert explicit["text"] == [] and explicit["changes"] == body["changes"]
    other = api.get("/api/v1/policies/?company=intsig").json()["results"][0]["latest_version"]
    assert api.get(f"/api/v1/diff/?old={other}&new={new_id}").status_code == 400
    assert api.get(f"/api/v1/diff/?new={old_id}").status_code == 400
    assert api.get("/api/v1/diff/?new=999999").status_code == 400


def test_compare_api_reads_no_more_than_the_page(api, seeds, django_assert_max_num_queries):
    """The builders' dataclasses carry the evidence offsets: the API does not query them
    again: the read cache's stamp, the comparison's four reads, the reviews of its clauses and
    its GDPR checklist, nothing more."""
    from django.core.cache import cache

    url = "/api/v1/compare/?" + "&".join(f"company={s}" for s in SLUGS)
    api.get(url)
    cache.clear()
    with django_assert_max_num_queries(7):
        assert api.get(url).status_code == 200
