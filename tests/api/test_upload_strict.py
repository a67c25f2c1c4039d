"""One set of upload rules (extraction.intake) for the API and the form: strict types, future
dates, file types, one source, BOM-less UTF-16, coded errors rendered by both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from extraction import intake
from policies.models import PolicyVersion
from tests.factories import PolicyFactory, UserFactory

TEXT = (
    "Example Privacy Policy\n\nINFORMATION WE COLLECT\n\nWe collect your email address and your "
    "IP address when you sign up.\n\nRETENTION\n\nWe keep account data for 2 years after you "
    "close your account.\n"
)
FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def policy(db):
    return PolicyFactory()


def url(policy):
    return f"/api/v1/policies/{policy.pk}/versions/"


def codes(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "payload,field,code",
    [
        ({"text": 123}, "text", "wrong_type"),
        ({"text": ["a", "list"]}, "text", "wrong_type"),
        ({"text": None}, "text", "wrong_type"),
        ({"text": TEXT, "last_updated": "2999-01-01"}, "last_updated", "future_date"),
        ({"text": TEXT, "last_updated": FUTURE}, "last_updated", "future_date"),
        ({"text": TEXT, "last_updated": 20240101}, "last_updated", "wrong_type"),
        ({"text": TEXT, "source_url": 5}, "source_url", "wrong_type"),
        ({"text": TEXT, "colour": "blue"}, "colour", "unknown_field"),
        ({"text": TEXT, "file": "x.txt"}, "file", "unknown_field"),
    ],
)
def test_strict_json_input(auth_api, policy, payload, field, code):
    response = auth_api.post(url(policy), payload, format="json")
    assert response.status_code == 400, response.content
    assert (field, code) in codes(response)
    assert not PolicyVersion.objects.filter(policy=policy).exists()


def test_exe_file_is_refused_like_the_form_does(auth_api, policy):
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 200,
                             content_type="application/octet-stream")
    response = auth_api.post(url(policy), {"file": exe}, format="multipart")
    assert response.status_code == 400
    assert ("file", "unsupported_type") in codes(response)
    # Renamed, it is still an executable.
    renamed = SimpleUploadedFile("policy.txt", b"MZ\x90\x00" + b"\x00" * 200)
    response = auth_api.post(url(policy), {"file": renamed}, format="multipart")
    assert response.status_code == 400 and ("file", "binary") in codes(response)


def test_text_and_file_together_are_refused(auth_api, policy):
    upload = SimpleUploadedFile("p.txt", TEXT.encode(), content_type="text/plain")
    response = auth_api.post(url(policy), {"file": upload, "text": "another text"},
                             format="multipart")
    assert response.status_code == 400
    assert ("file", "several_sources") in codes(response)
    assert not PolicyVersion.objects.filter(policy=policy).exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_bom_is_decoded(auth_api, policy, encoding):
    data = ("Politique de confidentialité — " + TEXT).encode(encoding)
    upload = SimpleUploadedFile("p.txt", data, content_type="text/plain")
    response = auth_api.post(url(policy), {"file": upload}, format="multipart")
    assert response.status_code == 202, response.content
    version = PolicyVersion.objects.get(pk=response.json()["version"]["id"])
    assert version.text.startswith("Politique de confidentialité — Example Privacy Policy")


def test_multipart_text_is_checked_like_json_text(auth_api, policy):
    response = auth_api.post(url(policy), {"text": TEXT, "last_updated": "2020-02-02"},
                             format="multipart")
    assert response.status_code == 202, response.content
    assert response.json()["version"]["last_updated"] == "2020-02-02"


def test_one_service_for_every_source(settings, tmp_path):
    """The rules the form and API use are the intake functions; bulk imports call them too."""
    settings.POLICY_MAX_UPLOAD_BYTES = 2000
    with pytest.raises(intake.UploadError) as err:
        intake.check_text(123)
    assert err.value.code == "wrong_type"
    with pytest.raises(intake.UploadError) as err:
        intake.check_bytes(b"x" * 3000, filename="a.txt", source_kind="fixture")
    assert err.value.code == "too_large"
    with pytest.raises(intake.UploadError) as err:
        intake.check_bytes(b"\x00\x01\x02\x03" * 10, filename="a.txt", source_kind="fixture")
    assert err.value.code == "binary"
    ok = intake.check_bytes(TEXT.encode("utf-16-le"), filename="a.txt", source_kind="fixture")
    assert ok.text == TEXT and ok.encoding == "utf-16-le"
    with pytest.raises(intake.UploadError) as err:
        intake.check_url("ftp://example.org/policy.txt")
    assert err.value.code == "fetch_failed"
    with pytest.raises(intake.UploadError) as err:
        intake.one_source({"text": "a", "file": object(), "url": ""})
    assert err.value.code == "several_sources"


@pytest.mark.django_db
def test_the_form_renders_the_same_codes(client):
    client.force_login(UserFactory())
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" * 50)
    response = client.post(reverse("extraction:upload"),
                           {"new_company": "Exe Co", "file": exe, "last_updated": "2999-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-code="unsupported_type"' in html and ">unsupported_type</code>" in html
    assert 'data-code="future_date"' in html
    response = client.post(reverse("extraction:upload"), {
        "new_company": "Two Co", "text": TEXT,
        "file": SimpleUploadedFile("p.txt", TEXT.encode()),
    })
    assert 'data-code="several_sources"' in response.content.decode()
    utf16 = SimpleUploadedFile("p.txt", TEXT.encode("utf-16-le"))
    response = client.post(reverse("extraction:upload"), {"new_company": "Utf Co", "file": utf16})
    assert response.status_code == 302
    assert PolicyVersion.objects.get(policy__company__name="Utf Co").text == TEXT
