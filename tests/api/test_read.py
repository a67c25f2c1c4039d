"""Read endpoints: field names of the contract, filters alone and combined, errors."""

from __future__ import annotations

import pytest

from policies.models import Clause, ClauseValue

CONTRACT_FIELDS = {
    "start", "end", "text", "sections", "practice", "negated", "modality", "data_types",
    "purposes", "recipient_names", "recipient_categories", "retention", "rights", "countries",
    "children_age", "evidence",
}


def all_results(api, url):
    """Follow `next` links; return every result."""
    results = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        results.extend(body["results"])
        url = body["next"]
    return results


def ids(api, query):
    return {c["id"] for c in all_results(api, f"/api/v1/clauses/?page_size=1000&{query}")}


def db_ids(**value_filters):
    """Clause ids having every (field, any-of-values) pair, computed from the JSON lists."""
    out = set()
    for clause in Clause.objects.all():
        if all(set(getattr(clause, attr)) & set(values) for attr, values in value_filters.items()):
            out.add(clause.pk)
    return out


@pytest.mark.django_db
def test_clause_fields_are_the_contract_names(api, seeds):
    response = api.get("/api/v1/clauses/?section=retention&page_size=5")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] > 0
    clause = body["results"][0]
    assert CONTRACT_FIELDS <= set(clause)
    assert {"id", "url", "version", "version_url", "company"} <= set(clause)
    stored = Clause.objects.select_related("version").get(pk=clause["id"])
    assert stored.version.text[clause["start"] : clause["end"]] == clause["text"]
    assert "retention" in clause["sections"]
    for item in clause["evidence"]:
        assert set(item) == {"field", "value", "start", "end"}


@pytest.mark.django_db
def test_retention_is_null_or_duration_and_qualifier(api, seeds):
    clauses = all_results(api, "/api/v1/clauses/?has_retention=true&page_size=1000")
    assert clauses
    for clause in clauses:
        assert set(clause["retention"]) == {"duration", "qualifier"}
    without = api.get("/api/v1/clauses/?has_retention=false&page_size=20").json()["results"]
    assert all(c["retention"] is None for c in without)


@pytest.mark.django_db
def test_section_filter_matches_the_stored_lists(api, seeds):
    assert ids(api, "section=retention") == db_ids(sections=["retention"])
    assert ids(api, "section=retention&section=rights") == db_ids(
        sections=["retention", "rights"]
    )


@pytest.mark.django_db
def test_combined_multi_valued_filters_do_not_duplicate_rows(api, seeds):
    query = "section=sharing&section=use&data_type=contact&data_type=device_identifiers"
    results = all_results(api, f"/api/v1/clauses/?page_size=1000&{query}")
    found = [c["id"] for c in results]
    assert len(found) == len(set(found)), "a clause appeared twice"
    expected = db_ids(sections=["sharing", "use"], data_types=["contact", "device_identifiers"])
    assert set(found) == expected
    assert expected, "the seeds should have such clauses"


@pytest.mark.django_db
def test_every_value_filter_agrees_with_the_database(api, seeds):
    for field, attr in [
        ("data_type", "data_types"),
        ("purpose", "purposes"),
        ("recipient_category", "recipient_categories"),
        ("right", "rights"),
        ("country", "countries"),
        ("recipient", "recipient_names"),
    ]:
        value = (
            ClauseValue.objects.filter(field=field).values_list("value", flat=True).first()
        )
        if value is None:
            continue
        from urllib.parse import quote

        assert ids(api, f"{field}={quote(value)}") == db_ids(**{attr: [value]}), field


@pytest.mark.django_db
def test_scalar_filters(api, seeds):
    negated = all_results(api, "/api/v1/clauses/?negated=true&page_size=1000")
    assert negated and all(c["negated"] for c in negated)
    retain = all_results(api, "/api/v1/clauses/?practice=retain&page_size=1000")
    assert retain and all(c["practice"] == "retain" for c in retain)
    longer = all_results(api, "/api/v1/clauses/?retention_longer_than=P1Y&page_size=1000")
    assert longer and all(c["retention_days"] > 365 for c in longer)
    company = all_results(api, "/api/v1/clauses/?company=intsig&page_size=1000")
    assert company and {c["company"] for c in company} == {"intsig"}
    assert len(company) == Clause.objects.filter(version__policy__company__slug="intsig").count()
    text = all_results(api, "/api/v1/clauses/?q=cookies&page_size=1000")
    # The text, or the section labels and values indexed with it ("Cookies & tracking").
    assert text and all("cookie" in c["text"].lower() or "cookies" in c["sections"]
                        for c in text)
    assert any("cookie" in c["text"].lower() for c in text)


@pytest.mark.django_db
def test_version_date_range(api, seeds):
    all_ids = ids(api, "")
    old = ids(api, "version_date_before=2018-12-31")
    new = ids(api, "version_date_after=2019-01-01")
    assert old | new == all_ids and not old & new
    assert ids(api, "version_date_after=2100-01-01") == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,field",
    [
        ("bogus=1", "bogus"),
        ("section=nope", "section"),
        ("data_type=everything", "data_type"),
        ("practice=steal", "practice"),
        ("negated=maybe", "negated"),
        ("retention_longer_than=a%20while", "retention_longer_than"),
        ("version_date_after=yesterday", "version_date_after"),
        ("company=no-such-company", "company"),
        ("country=Narnia", "country"),
        ("ordering=password", "ordering"),
        ("page_size=0", "page_size"),
        ("page_size=5000", "page_size"),
    ],
)
def test_bad_query_parameters_are_400_with_the_error_format(api, query, field):
    response = api.get(f"/api/v1/clauses/?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == 400 and body["code"] == "invalid"
    assert field in {e["field"] for e in body["errors"]}


@pytest.mark.django_db
def test_unknown_parameters_are_rejected_on_every_collection(api):
    for path in ["companies", "policies", "versions", "sections", "clauses", "runs"]:
        response = api.get(f"/api/v1/{path}/?colour=red")
        assert response.status_code == 400, path
        assert response.json()["errors"][0]["field"] == "colour"


@pytest.mark.django_db
def test_ordering_and_pagination(api, seeds):
    body = api.get("/api/v1/clauses/?has_retention=true&ordering=-retention_days&page_size=3")
    days = [c["retention_days"] or 0 for c in body.json()["results"]]
    assert days == sorted(days, reverse=True)
    first = api.get("/api/v1/clauses/?page_size=2").json()
    assert first["next"] and first["previous"] is None
    second = api.get(first["next"]).json()
    assert {c["id"] for c in first["results"]}.isdisjoint({c["id"] for c in second["results"]})
    assert api.get("/api/v1/clauses/?page=9999").status_code == 404


@pytest.mark.django_db
def test_collections_and_details(api, seeds):
    companies = api.get("/api/v1/companies/").json()
    assert companies["count"] == len(seeds)
    slug = "intsig"
    company = api.get(f"/api/v1/companies/{slug}/").json()
    assert company["slug"] == slug and company["policies"]
    policy = api.get(company["policies"][0]["url"]).json()
    assert policy["company"] == slug and policy["version_count"] == 1
    version = api.get(f"/api/v1/versions/{policy['latest_version']}/").json()
    assert version["text"] and version["extraction"]["status"] == "done"
    assert version["sections"] and version["extraction"]["clause_count"] > 0
    section = api.get(version["sections"][1]["url"]).json()
    assert section["text"] == version["text"][section["start"] : section["end"]]
    runs = api.get(f"/api/v1/runs/?version={version['id']}").json()["results"]
    assert runs[0]["status"] == "done" and runs[0]["progress"] == 100
    listed = api.get(policy["versions_url"]).json()
    assert [v["id"] for v in listed["results"]] == [version["id"]]
    assert "text" not in listed["results"][0]
    assert api.get("/api/v1/companies/nobody/").json()["code"] == "not_found"
    missing = api.get("/api/v1/no-such-collection/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


@pytest.mark.django_db
def test_latest_filter(api, seeds, auth_api):
    policy = api.get("/api/v1/policies/?company=intsig").json()["results"][0]
    old_version = policy["latest_version"]
    old_text = api.get(f"/api/v1/versions/{old_version}/").json()["text"]
    text = old_text + "\n\nRETENTION\n\nWe keep your email address for 2 years.\n"
    response = auth_api.post(policy["versions_url"], {"text": text}, format="json")
    assert response.status_code == 202
    assert response.json()["version"]["held_back"] is False
    latest = {c["version"] for c in all_results(api, "/api/v1/clauses/?latest=true&page_size=1000")}
    assert old_version not in latest
    older = {c["version"] for c in all_results(api, "/api/v1/clauses/?latest=false&page_size=1000")}
    assert old_version in older


@pytest.mark.django_db
def test_unknown_format_is_400(api):
    response = api.get("/api/v1/clauses/?format=xml")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["field"] == "format"
    assert api.get("/api/v1/clauses/?format=json").status_code == 200
    assert api.get("/api/v1/clauses/export/?format=csv").status_code == 200


@pytest.mark.django_db
def test_rows_of_a_version_deleted_meanwhile_are_dropped_not_a_500():
    from policies.clause_list import CLAUSE_JSON_COLUMNS, complete_clause_rows
    from tests.factories import PolicyVersionFactory

    version = PolicyVersionFactory()
    raw = {f"{name}_json": '["a", {"b": 1}]' for name in CLAUSE_JSON_COLUMNS}
    rows = [{"id": 1, "version_id": version.pk, **raw}, {"id": 2, "version_id": 10**12, **raw}]
    assert complete_clause_rows(rows) == [{
        "id": 1, "version_id": version.pk, "policy_id": version.policy_id,
        "company_slug": version.policy.company.slug, "company_name": version.policy.company.name,
        **{name: ["a", {"b": 1}] for name in CLAUSE_JSON_COLUMNS},
    }]
    assert complete_clause_rows([]) == []
