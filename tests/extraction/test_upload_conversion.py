"""PDF and DOCX uploads: stored in the request, converted to text after the response.

The request only checks name, size and first bytes; conversion (pdfminer.six, python-docx)
runs as a task (a background thread on the embedded default), claims its row by a conditional
UPDATE, and ingests the text exactly as a text upload does. A failed conversion keeps the file.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from extraction.models import ExtractionRun, UploadConversion
from extraction.services import (
    upload_conversion_claim,
    upload_conversion_execute,
    upload_conversion_retry,
    upload_conversions_sweep,
)
from policies.models import Company, PolicyVersion
from tests.documents import minimal_docx, minimal_pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

State = UploadConversion.State
PDF = minimal_pdf("We retain your order history for 18 months after your last order.")


@pytest.fixture
def analyst(client):
    user = UserFactory(username="analyst")
    client.force_login(user)
    return user


@pytest.fixture
def no_conversion_in_request(monkeypatch):
    """Fail the test if anything converts a PDF or DOCX while the request runs."""
    def refuse(*args, **kwargs):
        raise AssertionError("converted inside the request")

    monkeypatch.setattr("extraction.nlp.convert.pdf_to_text", refuse)
    monkeypatch.setattr("extraction.nlp.convert.docx_to_text", refuse)
    return monkeypatch


def _post(client, name, data, content_type, captured, **fields):
    payload = {"new_company": "Harbour Books", **fields}
    payload["file"] = SimpleUploadedFile(name, data, content_type=content_type)
    with captured(execute=True):
        return client.post(reverse("extraction:upload"), payload)


def test_a_pdf_upload_answers_without_converting_then_becomes_a_version(
    client, analyst, held_conversions, no_conversion_in_request, django_capture_on_commit_callbacks
):
    response = _post(client, "harbour.pdf", PDF, "application/pdf",
                     django_capture_on_commit_callbacks, last_updated="2024-03-01")
    upload = UploadConversion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("extraction:upload-detail", args=[upload.pk])
    assert held_conversions == [upload.pk]
    assert upload.state == State.QUEUED and bytes(upload.data) == PDF
    assert upload.uploaded_by == analyst and upload.company.name == "Harbour Books"
    assert not PolicyVersion.objects.exists()

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"Waiting to convert" in page.content and b"hx-get" in page.content

    no_conversion_in_request.undo()  # now "on a worker"
    with django_capture_on_commit_callbacks(execute=True):
        done = upload_conversion_execute(upload_id=upload.pk)
    assert done.state == State.DONE and done.created_version is True
    assert bytes(done.data) == b""  # the version holds the text now
    version = PolicyVersion.objects.get()
    assert done.version == version and done.run.version == version
    assert "18 months" in version.text
    assert version.original_filename == "harbour.pdf"
    assert version.media_type == "application/pdf"
    assert version.last_updated.isoformat() == "2024-03-01"
    assert version.uploaded_by == analyst
    assert ExtractionRun.objects.get(version=version).status == ExtractionRun.Status.DONE

    version_url = reverse("policies:version-detail", args=["harbour-books", version.pk])
    assert client.get(reverse("extraction:upload-detail", args=[upload.pk]))["Location"] == (
        version_url
    )
    fragment = client.get(reverse("extraction:upload-status", args=[upload.pk]))
    assert fragment["HX-Redirect"] == version_url and b"hx-get" not in fragment.content
    status = client.get(reverse("extraction:upload-status-json", args=[upload.pk])).json()
    assert status["state"] == "done" and status["version"] == version.pk


def test_a_docx_upload_is_converted_after_the_response(
    client, analyst, held_conversions, django_capture_on_commit_callbacks
):
    data = minimal_docx("We share your address with our courier.", heading="Sharing")
    _post(client, "harbour.docx", data,
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          django_capture_on_commit_callbacks)
    upload = UploadConversion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        upload_conversion_execute(upload_id=upload.pk)
    version = PolicyVersion.objects.get()
    assert version.text.splitlines()[:2] == ["Sharing", "We share your address with our courier."]


def test_without_holding_the_task_the_upload_is_converted_on_commit(
    client, analyst, django_capture_on_commit_callbacks
):
    """Eager tasks (the embedded default without its background thread, as in tests)."""
    response = _post(client, "harbour.pdf", PDF, "application/pdf",
                     django_capture_on_commit_callbacks)
    upload = UploadConversion.objects.get()
    assert upload.state == State.DONE
    assert client.get(response["Location"])["Location"].endswith(f"/versions/{upload.version_id}/")


def test_a_renamed_file_is_refused_in_the_request_and_nothing_is_stored(
    client, analyst, held_conversions, django_capture_on_commit_callbacks
):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    response = _post(client, "scan.pdf", png, "application/pdf",
                     django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "is not a PDF document" in response.content.decode()
    empty = _post(client, "empty.docx", b"", "application/octet-stream",
                  django_capture_on_commit_callbacks)
    assert empty.status_code == 400 and "empty" in empty.content.decode()
    assert not UploadConversion.objects.exists() and held_conversions == []
    assert not Company.objects.filter(name="Harbour Books").exists()


def test_a_failed_conversion_keeps_the_file_says_why_and_can_be_retried(
    client, analyst, held_conversions, django_capture_on_commit_callbacks
):
    broken = b"%PDF-1.4\nthis is not really a pdf"
    _post(client, "broken.pdf", broken, "application/pdf", django_capture_on_commit_callbacks)
    upload = UploadConversion.objects.get()
    failed = upload_conversion_execute(upload_id=upload.pk)
    assert failed.state == State.FAILED and failed.error_code == "unreadable"
    assert "PDF could not be read" in failed.error
    assert bytes(failed.data) == broken  # nothing lost
    assert not PolicyVersion.objects.exists()

    page = client.get(reverse("extraction:upload-detail", args=[upload.pk])).content.decode()
    assert "Conversion <strong>failed</strong>" in page and "The file is kept" in page
    assert "Try the conversion again" in page and "csrfmiddlewaretoken" in page

    held_conversions.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("extraction:upload-retry", args=[upload.pk]))
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.state == State.QUEUED and upload.error == "" and held_conversions == [upload.pk]


def test_a_scanned_pdf_without_text_fails_with_no_text(analyst, held_conversions):
    from extraction.services import upload_conversion_create

    blank = minimal_pdf("")
    company = Company.objects.create(name="Scans Ltd", slug="scans-ltd")
    upload = upload_conversion_create(company=company, filename="scan.pdf", data=blank,
                                      source_kind="upload", uploaded_by=analyst)
    assert upload_conversion_execute(upload_id=upload.pk).error_code in {"no_text", "empty"}


def test_the_claim_is_taken_once_and_a_duplicate_message_is_a_no_op(
    client, analyst, held_conversions, django_capture_on_commit_callbacks
):
    _post(client, "harbour.pdf", PDF, "application/pdf", django_capture_on_commit_callbacks)
    upload = UploadConversion.objects.get()
    assert upload_conversion_claim(upload_id=upload.pk) is True
    assert upload_conversion_claim(upload_id=upload.pk) is False  # another worker has it
    assert upload_conversion_execute(upload_id=upload.pk) is None
    # the claim went stale (its worker died): it can be taken over, once
    UploadConversion.objects.filter(pk=upload.pk).update(
        claimed_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_conversion_execute(upload_id=upload.pk).state == State.DONE
    assert upload_conversion_execute(upload_id=upload.pk) is None
    assert PolicyVersion.objects.count() == 1
    assert UploadConversion.objects.get().attempts == 2


def test_the_same_file_twice_is_a_duplicate_not_a_second_version(
    client, analyst, held_conversions, django_capture_on_commit_callbacks
):
    for _ in range(2):
        _post(client, "harbour.pdf", PDF, "application/pdf", django_capture_on_commit_callbacks,
              company=Company.objects.first().pk if Company.objects.exists() else "",
              new_company="" if Company.objects.exists() else "Harbour Books")
        with django_capture_on_commit_callbacks(execute=True):
            upload_conversion_execute(upload_id=UploadConversion.objects.first().pk)
    first, second = UploadConversion.objects.order_by("pk")
    assert first.created_version is True and second.created_version is False
    assert second.version == first.version and PolicyVersion.objects.count() == 1
    page = client.get(reverse("extraction:upload-detail", args=[second.pk]) + "?stay=1")
    assert "already has this text" in page.content.decode()


def test_a_transient_database_error_puts_it_back_in_the_queue(
    client, analyst, held_conversions, monkeypatch, django_capture_on_commit_callbacks
):
    _post(client, "harbour.pdf", PDF, "application/pdf", django_capture_on_commit_callbacks)
    upload = UploadConversion.objects.get()

    def down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("extraction.services.uploads.policy_version_ingest", down)
    with pytest.raises(OperationalError):
        upload_conversion_execute(upload_id=upload.pk)
    upload.refresh_from_db()
    assert upload.state == State.QUEUED and bytes(upload.data) == PDF


def test_the_sweep_sends_conversions_never_sent_or_whose_worker_died(analyst, held_conversions):
    from extraction.services import upload_conversion_create

    company = Company.objects.create(name="Sweep Co", slug="sweep-co")
    lost = upload_conversion_create(company=company, filename="a.pdf", data=PDF,
                                    source_kind="upload", uploaded_by=analyst)
    dead = upload_conversion_create(company=company, filename="b.pdf", data=PDF,
                                    source_kind="upload", uploaded_by=analyst)
    fresh = upload_conversion_create(company=company, filename="c.pdf", data=PDF,
                                     source_kind="upload", uploaded_by=analyst)
    long_ago = timezone.now() - timedelta(hours=1)
    UploadConversion.objects.filter(pk=lost.pk).update(created_at=long_ago)
    UploadConversion.objects.filter(pk=dead.pk).update(state=State.CONVERTING,
                                                       claimed_at=long_ago)
    # on_commit never ran (no capture): nothing was dispatched yet
    assert upload_conversions_sweep() == [lost.pk, dead.pk]
    assert held_conversions == [lost.pk, dead.pk] and fresh.pk not in held_conversions


def test_only_the_uploader_or_staff_see_an_upload(client, analyst, held_conversions):
    from extraction.services import upload_conversion_create

    company = Company.objects.create(name="Private Co", slug="private-co")
    upload = upload_conversion_create(company=company, filename="a.pdf", data=PDF,
                                      source_kind="upload", uploaded_by=analyst)
    client.force_login(UserFactory(username="someone-else"))
    assert client.get(reverse("extraction:upload-detail", args=[upload.pk])).status_code == 404
    assert client.post(reverse("extraction:upload-retry", args=[upload.pk])).status_code == 404
    client.force_login(UserFactory(username="boss", is_staff=True))
    assert client.get(reverse("extraction:upload-detail", args=[upload.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("extraction:upload-detail", args=[upload.pk])).status_code == 302


def test_retry_only_requeues_a_failed_conversion(analyst, held_conversions):
    from extraction.services import upload_conversion_create

    company = Company.objects.create(name="Retry Co", slug="retry-co")
    upload = upload_conversion_create(company=company, filename="a.pdf", data=PDF,
                                      source_kind="upload", uploaded_by=analyst)
    assert upload_conversion_retry(upload=upload) is False  # still queued
