"""PDF and DOCX uploads through the API: 202 with the upload to poll, then the version."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from extraction.models import UploadConversion
from extraction.services import upload_conversion_execute
from policies.models import PolicyVersion
from tests.documents import minimal_docx, minimal_pdf
from tests.factories import PolicyFactory

PDF = minimal_pdf("We keep support tickets for two years.")


@pytest.fixture
def policy(db):
    return PolicyFactory()


def _upload(api, policy, name, data, content_type, captured, **extra):
    body = {"file": SimpleUploadedFile(name, data, content_type=content_type), **extra}
    with captured(execute=True):
        return api.post(f"/api/v1/policies/{policy.pk}/versions/", body, format="multipart")


def test_a_pdf_is_accepted_at_once_and_polled_until_it_is_a_version(
    auth_api, policy, user, held_conversions, django_capture_on_commit_callbacks
):
    response = _upload(auth_api, policy, "terms.pdf", PDF, "application/pdf",
                       django_capture_on_commit_callbacks, last_updated="2023-11-02")
    assert response.status_code == 202, response.content
    body = response.json()
    upload = UploadConversion.objects.get()
    assert body["url"].endswith(f"/api/v1/uploads/{upload.pk}/")
    assert response["Location"] == body["url"]
    assert body["state"] == "queued" and body["is_active"] is True
    assert body["filename"] == "terms.pdf" and body["size"] == len(PDF)
    assert body["version_url"] is None and held_conversions == [upload.pk]
    assert upload.source_kind == PolicyVersion.SourceKind.API and upload.uploaded_by == user

    with django_capture_on_commit_callbacks(execute=True):
        upload_conversion_execute(upload_id=upload.pk)
    polled = auth_api.get(body["url"]).json()
    assert polled["state"] == "done" and polled["created_version"] is True
    version = PolicyVersion.objects.get(policy=policy)
    assert polled["version"] == version.pk
    assert polled["version_url"].endswith(f"/api/v1/versions/{version.pk}/")
    assert polled["run_url"].endswith(f"/api/v1/runs/{polled['run']}/")
    assert "two years" in version.text and version.last_updated.isoformat() == "2023-11-02"
    assert auth_api.get(polled["run_url"]).json()["status"] == "done"


def test_a_broken_docx_fails_later_with_its_code(
    auth_api, policy, held_conversions, django_capture_on_commit_callbacks
):
    response = _upload(auth_api, policy, "terms.docx", b"PK\x03\x04 not a zip",
                       "application/octet-stream", django_capture_on_commit_callbacks)
    assert response.status_code == 202
    upload_conversion_execute(upload_id=UploadConversion.objects.get().pk)
    polled = auth_api.get(response["Location"]).json()
    assert polled["state"] == "failed" and polled["error_code"] == "unreadable"
    assert "DOCX" in polled["error"]
    assert not PolicyVersion.objects.filter(policy=policy).exists()


def test_a_docx_with_text_too_is_refused(auth_api, policy, held_conversions,
                                         django_capture_on_commit_callbacks):
    response = _upload(auth_api, policy, "terms.docx", minimal_docx("We sell nothing."),
                       "application/octet-stream", django_capture_on_commit_callbacks,
                       text="and some text")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "several_sources"
    assert not UploadConversion.objects.exists()


def test_uploads_are_seen_by_their_uploader_and_staff_only(
    auth_api, api, policy, other_user, held_conversions, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    url = _upload(auth_api, policy, "terms.pdf", PDF, "application/pdf",
                  django_capture_on_commit_callbacks)["Location"]
    assert api.get(url).status_code in {401, 403, 404}
    other = APIClient()
    other.force_authenticate(other_user)
    assert other.get(url).status_code == 404
    assert other.get("/api/v1/uploads/").json()["results"] == []
    other_user.is_staff = True
    other_user.save()
    assert other.get(url).status_code == 200
    assert auth_api.post("/api/v1/uploads/", {}).status_code == 405


def test_the_upload_list_is_a_fixed_number_of_queries(
    auth_api, policy, held_conversions, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    for n in range(5):
        _upload(auth_api, policy, f"t{n}.pdf", minimal_pdf(f"Version {n} of the terms."),
                "application/pdf", django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(4):
        body = auth_api.get("/api/v1/uploads/").json()
    assert len(body["results"]) == 5
