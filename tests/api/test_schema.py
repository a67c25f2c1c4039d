"""The OpenAPI schema validates without warnings; Swagger UI is served without a CDN."""

from __future__ import annotations

import re
from io import StringIO

import pytest
import yaml
from django.core.management import call_command


def test_spectacular_validate_fail_on_warn(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out),
                 stdout=StringIO(), stderr=StringIO())
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/companies/", "/api/v1/policies/", "/api/v1/versions/", "/api/v1/sections/",
        "/api/v1/clauses/", "/api/v1/clauses/export/", "/api/v1/runs/", "/api/v1/runs/{id}/",
        "/api/v1/policies/{id}/versions/", "/api/v1/compare/", "/api/v1/compare/export/",
        "/api/v1/diff/",
    ]:
        assert path in paths, path


def _walk_properties(schema):
    for name, component in schema["components"]["schemas"].items():
        for prop, spec in (component.get("properties") or {}).items():
            yield name, prop, spec


def test_every_field_is_typed_and_described(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out), stdout=StringIO(), stderr=StringIO())
    schema = yaml.safe_load(out.read_text())
    missing = []
    for component, prop, spec in _walk_properties(schema):
        typed = any(k in spec for k in ("type", "$ref", "allOf", "oneOf", "anyOf"))
        if not typed or not spec.get("description"):
            missing.append(f"{component}.{prop}")
    assert not missing, missing
    clause_list = schema["paths"]["/api/v1/clauses/"]["get"]
    names = {p["name"] for p in clause_list["parameters"]}
    assert {
        "company", "section", "practice", "data_type", "purpose", "recipient",
        "recipient_category", "country", "right", "negated", "has_retention",
        "retention_longer_than", "version_date_after", "version_date_before", "q", "ordering",
        "page", "page_size",
    } <= names
    for parameter in clause_list["parameters"]:
        assert parameter.get("description"), parameter["name"]
    for code in ("400", "401", "403", "429"):
        ref = clause_list["responses"][code]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/Error")


@pytest.mark.django_db
def test_schema_and_swagger_ui_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"Policy Atlas API" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert not re.search(r"https?://(cdn|unpkg|cdnjs)", html)
