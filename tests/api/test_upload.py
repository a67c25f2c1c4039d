"""Uploads through the API: 202 with the run, duplicates, and clear 400s for bad input."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from extraction.models import ExtractionRun
from policies.models import Clause, PolicyVersion
from tests.factories import PolicyFactory

TEXT = (
    "Example Privacy Policy\n\nINFORMATION WE COLLECT\n\nWe collect your email address and your "
    "IP address when you sign up.\n\nRETENTION\n\nWe keep account data for 2 years after you "
    "close your account.\n"
)


@pytest.fixture
def policy(db):
    return PolicyFactory()


def url(policy):
    return f"/api/v1/policies/{policy.pk}/versions/"


def test_json_upload_returns_202_with_the_run_and_extracts(
    auth_api, policy, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_api.post(url(policy), {"text": TEXT, "last_updated": "2024-05-01"},
                                 format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["created"] is True
    assert response["Location"] == body["run_url"] == body["run"]["url"]
    version = PolicyVersion.objects.get(pk=body["version"]["id"])
    assert version.uploaded_by == user and version.text == TEXT
    assert version.source_kind == "api" and str(version.last_updated) == "2024-05-01"
    run = auth_api.get(body["run_url"]).json()
    assert run["status"] == "done" and run["progress"] == 100 and run["version"] == version.pk
    clauses = auth_api.get(f"/api/v1/clauses/?version={version.pk}&section=retention").json()
    assert clauses["count"] >= 1
    assert Clause.objects.filter(version=version).count() == run["clause_count"]


def test_duplicate_upload_returns_the_existing_version_with_200(auth_api, policy):
    first = auth_api.post(url(policy), {"text": TEXT}, format="json")
    second = auth_api.post(url(policy), {"text": TEXT}, format="json")
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["created"] is False
    assert second.json()["version"]["id"] == first.json()["version"]["id"]
    assert PolicyVersion.objects.filter(policy=policy).count() == 1
    assert ExtractionRun.objects.filter(version__policy=policy).count() == 1


def test_multipart_file_upload_html_is_converted(auth_api, policy):
    html = (
        b"<html><head><script>alert('x')</script></head><body><h1>Privacy</h1>"
        b"<p>We collect your email address.</p><script>steal()</script></body></html>"
    )
    upload = SimpleUploadedFile("policy.html", html, content_type="text/html")
    response = auth_api.post(url(policy), {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    version = PolicyVersion.objects.get(pk=response.json()["version"]["id"])
    assert "We collect your email address." in version.text
    assert "alert" not in version.text and "steal" not in version.text
    assert version.original_filename == "policy.html" and version.media_type == "text/html"


def test_multipart_plain_text_in_latin1_is_decoded(auth_api, policy):
    data = "Politique de confidentialité\n\nNous collectons votre adresse e-mail.\n"
    upload = SimpleUploadedFile("p.txt", data.encode("latin-1"), content_type="text/plain")
    response = auth_api.post(url(policy), {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    assert "confidentialité" in PolicyVersion.objects.get(
        pk=response.json()["version"]["id"]
    ).text


@pytest.mark.parametrize(
    "payload,field,code",
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "   \n\t "}, "text", "empty"),
        ({}, "text", "no_source"),
        ({"text": "abc\x00def"}, "text", "binary"),
        ({"text": TEXT, "last_updated": "last tuesday"}, "last_updated", "invalid_date"),
        ({"text": TEXT, "source_url": "not a url"}, "source_url", "invalid"),
    ],
)
def test_bad_json_uploads_are_400(auth_api, policy, payload, field, code):
    response = auth_api.post(url(policy), payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert (field, code) in {(e["field"], e["code"]) for e in errors}, errors
    assert not PolicyVersion.objects.filter(policy=policy).exists()


def test_json_body_that_is_not_an_object_is_400(auth_api, policy):
    response = auth_api.post(url(policy), '["just", "a", "list"]', content_type="application/json")
    assert response.status_code == 400
    response = auth_api.post(url(policy), '{"text": ', content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid" or (
        response.json()["code"] == "parse_error"
    )


def test_oversized_uploads_are_400(auth_api, policy, settings):
    settings.POLICY_MAX_UPLOAD_BYTES = 1000
    response = auth_api.post(url(policy), {"text": "word " * 400}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_large"
    big = SimpleUploadedFile("big.txt", b"word " * 400, content_type="text/plain")
    response = auth_api.post(url(policy), {"file": big}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "file", "code": "too_large",
        "message": "The file is 2 KB; the limit is 1,000 bytes.",
    }
    assert not PolicyVersion.objects.filter(policy=policy).exists()


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png"),
        ("empty.txt", b"", "text/plain"),
        ("blank.txt", b"   \n  ", "text/plain"),
        ("binary.bin", bytes(range(256)) * 8, "application/octet-stream"),
        # a PDF is converted after the response, but one that is not a PDF at all is a 400
        ("renamed.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "application/pdf"),
        ("renamed.docx", b"MZ\x90\x00" + bytes(range(256)) * 4, "application/octet-stream"),
    ],
)
def test_unusable_files_are_400_saying_why(auth_api, policy, name, data, content_type):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = auth_api.post(url(policy), {"file": upload}, format="multipart")
    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert error["field"] == "file" and error["message"]
    assert not PolicyVersion.objects.filter(policy=policy).exists()


def test_wrong_content_type_is_415(auth_api, policy):
    response = auth_api.post(url(policy), TEXT, content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_upload_to_a_missing_policy_is_404(auth_api, db):
    response = auth_api.post("/api/v1/policies/999999/versions/", {"text": TEXT}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_session_auth_needs_csrf(policy, user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(url(policy), {"text": TEXT}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_multipart_file_object(auth_api, policy):
    handle = io.BytesIO(TEXT.encode("utf-16"))
    handle.name = "policy-utf16.txt"
    response = auth_api.post(url(policy), {"file": handle}, format="multipart")
    assert response.status_code == 202, response.content
    assert PolicyVersion.objects.get(pk=response.json()["version"]["id"]).text.strip() == (
        TEXT.strip()
    )


def test_create_a_company_then_upload_its_policy(api, auth_api, db):
    assert api.post("/api/v1/companies/", {"name": "Acme"}, format="json").status_code == 401
    response = auth_api.post("/api/v1/companies/", {"name": "Acme Widgets",
                                                    "website": "https://acme.example"},
                             format="json")
    assert response.status_code == 201, response.content
    company = response.json()
    assert company["slug"] == "acme-widgets" and response["Location"] == company["url"]
    assert [p["kind"] for p in company["policies"]] == ["privacy"]
    again = auth_api.post("/api/v1/companies/", {"name": "Acme Widgets"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == company["id"]
    listed = api.get("/api/v1/companies/?q=acme").json()
    assert [c["slug"] for c in listed["results"]] == ["acme-widgets"]
    upload = auth_api.post(f"/api/v1/policies/{company['policies'][0]['id']}/versions/",
                           {"text": TEXT}, format="json")
    assert upload.status_code == 202
    for bad in ({}, {"name": "   "}, {"name": "!!!"}, {"name": "X", "website": "nope"}):
        response = auth_api.post("/api/v1/companies/", bad, format="json")
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["field"] in {"name", "website"}


def test_large_uploads_under_the_limit_are_accepted(auth_api, policy):
    """Bodies bigger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) but within
    POLICY_MAX_UPLOAD_BYTES (5 MB) go through, as JSON and as a file."""
    text = ("We collect your email address to send you receipts. " * 60 + "\n\n") * 1000
    assert 2.6e6 < len(text.encode()) < 5 * 1024 * 1024
    response = auth_api.post(url(policy), {"text": text}, format="json")
    assert response.status_code == 202, response.content[:300]
    upload = SimpleUploadedFile("big.txt", ("Other. " + text).encode(), content_type="text/plain")
    response = auth_api.post(url(policy), {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content[:300]


def test_bodies_over_the_limit_are_400_not_500(auth_api, policy, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = auth_api.post(url(policy), {"text": "word " * 400}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_large"
