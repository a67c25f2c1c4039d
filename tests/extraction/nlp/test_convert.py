"""convert_to_text: formats, encodings and the inputs it must refuse."""

from __future__ import annotations

import io

import pytest

from extraction.nlp import ConversionError, convert_to_text
from tests.documents import minimal_pdf as _minimal_pdf

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


def test_plain_utf8():
    out = convert_to_text(b"We collect your name.\r\n", filename="p.txt")
    assert out.text == "We collect your name.\n"
    assert out.media_type == "text/plain" and out.encoding == "utf-8"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "\ufeff".encode("utf-8-sig")])
def test_empty_is_refused(data):
    with pytest.raises(ConversionError, match="empty|no text"):
        convert_to_text(data, filename="p.txt")


def test_png_renamed_txt_is_refused():
    with pytest.raises(ConversionError, match="PNG"):
        convert_to_text(PNG + bytes(range(256)), filename="policy.txt")


def test_binary_garbage_is_refused():
    with pytest.raises(ConversionError):
        convert_to_text(bytes(range(256)) * 20, filename="policy.txt")


def test_cp1252_is_decoded():
    text = "Café “Privacy” policy – we don’t sell your data. Ünïcode résumé naïve."
    out = convert_to_text(text.encode("cp1252"), filename="p.txt")
    assert out.text == text
    assert out.encoding and out.encoding != "utf-8"


def test_utf16_with_bom_is_decoded():
    text = "We retain logs for 90 days — ça va."
    out = convert_to_text(text.encode("utf-16"), filename="p.txt")
    assert out.text == text


def test_html_keeps_structure_and_drops_scripts():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<nav>Home | About</nav><h1>Privacy Policy</h1><h2>Cookies</h2>"
        "<p>We use <b>cookies</b>.</p><script>alert('x')</script>"
        "<ul><li>Log files: 90 days</li><li>Orders: 2 years</li></ul></body></html>"
    )
    out = convert_to_text(html.encode(), filename="p.html")
    lines = out.text.splitlines()
    assert "Privacy Policy" in lines and "Cookies" in lines
    assert "We use cookies." in lines
    assert "- Log files: 90 days" in lines and "- Orders: 2 years" in lines
    assert "alert" not in out.text and "Home | About" not in out.text and "p{}" not in out.text
    assert out.media_type == "text/html"


def test_html_detected_without_extension():
    out = convert_to_text(b"<!DOCTYPE html><html><body><p>Hello there.</p></body></html>")
    assert out.text.strip() == "Hello there."


def test_docx_headings_and_lists():
    import docx

    document = docx.Document()
    document.add_heading("Your Rights", level=1)
    document.add_paragraph("You may access your data.")
    document.add_paragraph("Erasure", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    out = convert_to_text(buffer.getvalue(), filename="policy.docx")
    assert out.text.splitlines() == ["Your Rights", "You may access your data.", "- Erasure"]


def test_broken_pdf_and_docx_are_refused():
    with pytest.raises(ConversionError, match="PDF"):
        convert_to_text(b"%PDF-1.4\nthis is not really a pdf", filename="p.pdf")
    with pytest.raises(ConversionError, match="DOCX"):
        convert_to_text(b"PK\x03\x04 not a zip", filename="p.docx")


def test_pdf_text_is_extracted():
    out = convert_to_text(_minimal_pdf("We retain logs for 90 days."), filename="p.pdf")
    assert "We retain logs for 90 days." in out.text
    assert out.media_type == "application/pdf"
