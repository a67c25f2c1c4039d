"""The upload page: sign-in, CSRF, sources (paste, file, URL), bad input, duplicates."""

from __future__ import annotations

import functools
import http.server
import io
import socket
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from extraction.models import ExtractionRun
from policies.models import Company, PolicyVersion
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

POLICY = (
    "Example Shop Privacy Policy\n\nInformation we collect\nWe collect your name and email "
    "address when you place an order.\n\nRetention\nWe keep order records for 6 years.\n"
)


@pytest.fixture
def analyst_client(client):
    client.force_login(UserFactory(username="analyst"))
    return client


@pytest.fixture
def post(analyst_client, django_capture_on_commit_callbacks):
    def _post(data, files=None):
        payload = dict(data)
        payload.update(files or {})
        with django_capture_on_commit_callbacks(execute=True):
            return analyst_client.post(reverse("extraction:upload"), payload)

    return _post


def _nothing_saved(before_companies: int = 0) -> bool:
    return (
        PolicyVersion.objects.count() == 0
        and ExtractionRun.objects.count() == 0
        and Company.objects.count() == before_companies
    )


def test_upload_requires_sign_in(client):
    response = client.get(reverse("extraction:upload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_upload_enforces_csrf():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory())
    response = csrf_client.post(reverse("extraction:upload"),
                                {"new_company": "X", "text": POLICY})
    assert response.status_code == 403
    assert _nothing_saved()


def test_paste_for_a_new_company_redirects_to_the_extracted_version(post, analyst_client):
    response = post({"new_company": "Example Shop", "text": POLICY,
                     "last_updated": "2024-03-03"})
    version = PolicyVersion.objects.get()
    assert version.policy.company.slug == "example-shop"
    assert version.source_kind == "paste"
    assert version.uploaded_by.username == "analyst"
    assert str(version.last_updated) == "2024-03-03"
    url = reverse("policies:version-detail", args=["example-shop", version.pk])
    assert response.status_code == 302 and response["Location"] == url
    page = analyst_client.get(url).content.decode()
    assert "Extraction <strong>done</strong>" in page
    assert 'class="clause sec-' in page
    assert "Stored a new version" in page


def test_file_upload_for_an_existing_company_and_duplicate(post, analyst_client):
    company = CompanyFactory(slug="shop", name="Shop")
    upload = SimpleUploadedFile("policy.txt", POLICY.encode(), content_type="text/plain")
    response = post({"company": company.pk}, {"file": upload})
    assert response.status_code == 302
    version = PolicyVersion.objects.get()
    assert (version.original_filename, version.source_kind) == ("policy.txt", "upload")

    again = SimpleUploadedFile("copy.txt", POLICY.encode(), content_type="text/plain")
    response = post({"company": company.pk}, {"file": again})
    assert PolicyVersion.objects.count() == 1
    page = analyst_client.get(response["Location"]).content.decode()
    assert "Duplicate: this exact text is already stored" in page
    assert f'href="{reverse("policies:version-detail", args=["shop", version.pk])}"' in page


def test_html_upload_keeps_text_and_drops_scripts(post, analyst_client):
    html = (b"<html><head><script>window.__pwned=1</script></head><body><h1>Privacy</h1>"
            b"<p>We collect your email address &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
            b"<script>alert(2)</script></body></html>")
    upload = SimpleUploadedFile("policy.html", html, content_type="text/html")
    response = post({"new_company": "Html Co"}, {"file": upload})
    assert response.status_code == 302
    version = PolicyVersion.objects.get()
    assert "__pwned" not in version.text and "alert(2)" not in version.text
    assert "<script>alert(1)</script>" in version.text  # text that *shows* a tag stays text
    page = analyst_client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_non_utf8_text_is_decoded(post):
    text = "Politique de confidentialité\n\nNous collectons votre adresse e-mail. Données "
    text += "conservées 2 ans. Café, naïve, résumé.\n"
    upload = SimpleUploadedFile("policy.txt", text.encode("cp1252"), content_type="text/plain")
    response = post({"new_company": "Café Co"}, {"file": upload})
    assert response.status_code == 302
    assert "confidentialité" in PolicyVersion.objects.get().text


@pytest.mark.parametrize(
    "filename, content, field, message",
    [
        ("empty.txt", b"", "file", "The submitted file is empty."),
        ("blank.txt", b"   \n\n  ", "file", "empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "file", "PNG image"),
        ("binary.txt", bytes(range(256)) * 8, "file", "binary"),
        ("policy.exe", b"MZ\x90\x00", "file", "not accepted"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(post, filename, content, field, message):
    upload = SimpleUploadedFile(filename, content, content_type="application/octet-stream")
    response = post({"new_company": "Bad Co"}, {"file": upload})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert message.split()[0] in response.content.decode()
    assert _nothing_saved()


def test_a_20_mb_file_is_refused_with_the_limit(post, settings):
    settings.POLICY_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    upload = SimpleUploadedFile("big.txt", b"a" * (20 * 1024 * 1024), content_type="text/plain")
    response = post({"new_company": "Big Co"}, {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["The file is 20 MB; the limit is 5 MB."]
    assert _nothing_saved()


def test_missing_and_conflicting_fields_are_reported_next_to_them(post):
    company = CompanyFactory()
    response = post({})
    errors = response.context["form"].errors
    assert "company" in errors and "text" in errors
    response = post({"company": company.pk, "new_company": "Other", "text": POLICY,
                     "url": "https://example.org/privacy"})
    errors = response.context["form"].errors
    assert "new_company" in errors and "url" in errors
    html = response.content.decode()
    assert 'id="field-url"' in html and "Give only one source" in html
    assert _nothing_saved(before_companies=1)


class _Handler(http.server.SimpleHTTPRequestHandler):
    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):  # noqa: N802
        content_type, body = self.pages.get(self.path, ("text/plain", b""))
        if not body:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Handler.pages
    server.shutdown()
    server.server_close()


def test_url_fetch_extracts_the_main_content(post, local_server, settings):
    settings.POLICY_ALLOW_PRIVATE_URLS = True
    base, pages = local_server
    body = io.BytesIO()
    body.write(b"<html><body><nav>Home | Shop | Basket</nav><header>Big banner</header><main>")
    body.write(b"<h1>Privacy Policy</h1><p>We collect your email address and postal address "
               b"when you order. We keep order records for 6 years to comply with tax law. "
               b"We share your address with our courier DHL to deliver parcels.</p></main>")
    body.write(b"<footer>Copyright Example</footer><script>window.__pwned=1</script></body>"
               b"</html>")
    pages["/privacy"] = ("text/html; charset=utf-8", body.getvalue())
    response = post({"new_company": "Fetched Co", "url": f"{base}/privacy"})
    assert response.status_code == 302, response.content.decode()[:2000]
    version = PolicyVersion.objects.get()
    assert version.source_kind == "url" and version.source_url == f"{base}/privacy"
    assert "We collect your email address" in version.text
    assert "Big banner" not in version.text and "Basket" not in version.text
    assert "__pwned" not in version.text


def test_url_fetch_errors(post, local_server, settings):
    base, _ = local_server
    settings.POLICY_ALLOW_PRIVATE_URLS = False
    response = post({"new_company": "Local Co", "url": f"{base}/privacy"})
    assert "private or local address" in " ".join(response.context["form"].errors["url"])
    settings.POLICY_ALLOW_PRIVATE_URLS = True
    response = post({"new_company": "Local Co", "url": f"{base}/missing"})
    assert "404" in " ".join(response.context["form"].errors["url"])
    assert _nothing_saved()


@pytest.mark.parametrize(
    "address, allowed",
    [("127.0.0.1", False), ("10.1.2.3", False), ("169.254.169.254", False),
     ("::ffff:127.0.0.1", False), ("::1", False), ("93.184.216.34", True)],
)
def test_private_addresses_are_refused(monkeypatch, settings, address, allowed):
    from extraction import fetch

    settings.POLICY_ALLOW_PRIVATE_URLS = False
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(fetch.socket, "getaddrinfo",
                        lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, 443))])
    if allowed:
        fetch._check_host("https://policy.example/privacy")
    else:
        with pytest.raises(fetch.FetchError, match="private or local address"):
            fetch._check_host("https://policy.example/privacy")
    with pytest.raises(fetch.FetchError, match="Only http"):
        fetch._check_host("file:///etc/passwd")


def test_pasted_text_over_the_limit_gets_the_limit_in_its_message(post, settings):
    settings.POLICY_MAX_UPLOAD_BYTES = 1024 * 1024
    response = post({"new_company": "Paste Co", "text": "We collect data. " * 70_000})
    assert response.status_code == 400
    assert response.context["form"].errors["text"] == [
        "The pasted text is 1.1 MB; the limit is 1 MB."
    ]
    assert _nothing_saved()
