"""A PDF upload in a real browser: the request answers at once, the status page polls while
the file is converted "on a worker", then moves on to the new version by itself; a broken PDF
says why and keeps the file."""

from __future__ import annotations

from tests.browser.conftest import sign_in
from tests.documents import minimal_pdf


def _upload(page, tmp_path, name: str, data: bytes, company: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.goto(f"{page.base}/upload/")
    page.fill("#id_new_company", company)
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Upload and extract").click()
    page.wait_for_url("**/uploads/*/")


def test_a_pdf_is_converted_after_the_response_and_the_page_follows(
    page, analyst, tmp_path, monkeypatch
):
    from extraction.services import upload_conversion_execute

    held: list[int] = []
    monkeypatch.setattr(
        "extraction.services.uploads.upload_conversion_dispatch",
        lambda *, upload_id: held.append(upload_id) or True,
    )
    sign_in(page)

    _upload(page, tmp_path, "harbour.pdf", minimal_pdf("We retain logs for 90 days."),
            "Harbour Books")
    status = page.locator(".upload-status")
    assert status.get_attribute("data-state") == "queued"
    assert "Waiting to convert" in status.inner_text()
    upload_conversion_execute(upload_id=held[-1])  # the worker
    page.wait_for_url("**/companies/harbour-books/versions/*/", timeout=20_000)
    page.wait_for_selector("text=Extraction done", timeout=20_000)
    assert "90 days" in page.locator("article.policy-text").inner_text()

    _upload(page, tmp_path, "broken.pdf", b"%PDF-1.4 not really a pdf", "Broken Books")
    upload_conversion_execute(upload_id=held[-1])
    page.wait_for_selector(".upload-status[data-state=failed]", timeout=20_000)
    assert "The file is kept" in page.locator(".upload-status").inner_text()
    assert page.get_by_role("button", name="Try the conversion again").is_visible()
    assert not page.js_errors and not page.dialogs
