"""Bad input in a real browser: clear messages next to the field, nothing half-saved, and no
script from a policy ever runs (an alert/confirm dialog or ``window.__pwned`` fails the test)."""

from __future__ import annotations

from tests.browser.conftest import sign_in

HOSTILE_HTML = b"""<!doctype html><html><head><title>x</title>
<script>window.__pwned = 'head'; alert('head')</script></head>
<body><main><h1>Privacy Policy <img src=x onerror="window.__pwned='img';alert('img')"></h1>
<p>We collect your email address &lt;script&gt;window.__pwned='text';alert('text')&lt;/script&gt;
and your IP address when you visit. <a href="javascript:alert('link')">settings</a></p>
<p>We share your email address with Mailgun &lt;img src=x onerror=alert('esc')&gt; to send
receipts. We keep account data for 2 years.</p>
<script>window.__pwned = 'body'; alert('body')</script></main></body></html>
"""


def _upload(page, name: str, payload: bytes, tmp_path) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    page.goto(f"{page.base}/upload/")
    page.fill("#id_new_company", "Bad Input Co")
    page.set_input_files("#id_file", str(path), timeout=60_000)
    page.get_by_role("button", name="Upload and extract").click()
    page.wait_for_load_state("domcontentloaded")


def _file_error(page) -> str:
    errors = page.locator("#field-file .field-errors")
    assert errors.is_visible(), "the message sits next to the file field"
    return errors.inner_text()


def _assert_no_script_ran(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.dialogs, page.dialogs


def test_bad_uploads_get_clear_messages_and_save_nothing(page, analyst, settings, tmp_path):
    from policies.models import Company, PolicyVersion

    settings.POLICY_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    sign_in(page)

    _upload(page, "empty.txt", b"", tmp_path)
    assert "empty" in _file_error(page).lower()

    _upload(page, "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, tmp_path)
    assert "PNG image, not text" in _file_error(page)

    _upload(page, "huge.txt", b"We collect data. " * (20 * 1024 * 1024 // 17 + 1), tmp_path)
    assert "the limit is 5 MB" in _file_error(page)

    assert PolicyVersion.objects.count() == 0
    assert not Company.objects.filter(name="Bad Input Co").exists()
    # the form keeps what was typed
    assert page.input_value("#id_new_company") == "Bad Input Co"
    _assert_no_script_ran(page)


def test_non_utf8_text_is_decoded_and_shown(page, analyst, tmp_path):
    text = ("Politique de confidentialité\n\nNous collectons votre adresse e-mail. Les données "
            "sont conservées pendant 2 ans. Société Générale, reçu, naïveté.\n")
    sign_in(page)
    _upload(page, "politique.txt", text.encode("cp1252"), tmp_path)
    page.wait_for_url("**/companies/bad-input-co/versions/*/")
    body = page.locator("article.policy-text").inner_text()
    assert "confidentialité" in body and "Société Générale" in body
    _assert_no_script_ran(page)


def test_html_with_scripts_never_executes_anywhere(page, analyst, seeded, tmp_path):
    sign_in(page)
    _upload(page, "policy.html", HOSTILE_HTML, tmp_path)
    page.wait_for_url("**/companies/bad-input-co/versions/*/")
    page.wait_for_selector("text=Extraction done")
    article = page.locator("article.policy-text")
    # Text that shows markup stays visible as text; real scripts were dropped on conversion.
    assert "<script>window.__pwned='text'" in article.inner_text()
    assert page.locator("article.policy-text script, article.policy-text img").count() == 0
    for clause in page.locator(".clause").all()[:5]:
        clause.click()
    _assert_no_script_ran(page)

    # The same text through every page that shows it: comparison, export link, search, diff.
    page.goto(f"{page.base}/compare/?c=bad-input-co&c=intsig")
    assert page.locator("table.compare").is_visible()
    _assert_no_script_ran(page)
    page.goto(f"{page.base}/search/?q=pwned")
    assert page.locator(".search-results li").count() >= 1
    _assert_no_script_ran(page)
    page.goto(f"{page.base}/search/?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E")
    _assert_no_script_ran(page)
    page.goto(f"{page.base}/?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E")
    _assert_no_script_ran(page)
    assert not page.js_errors, page.js_errors
