"""Turn uploaded bytes (text, HTML, PDF, DOCX) into the plain text that gets stored.

Offsets of every clause refer to the returned text. Structure (headings, list items,
paragraphs) becomes separate lines so segmentation can see it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

_BINARY_MAGIC: dict[bytes, str] = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"MZ": "a Windows executable",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "a legacy Office document",
    b"OggS": "an audio file",
    b"ID3": "an MP3 file",
    b"RIFF": "a media file",
}
_BLOCK_TAGS = (
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "td", "th", "caption",
    "blockquote", "pre", "title",
)
_DROP_TAGS = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "head",
              "footer", "form", "button")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


class ConversionError(ValueError):
    """The upload cannot be turned into policy text; the message says why and ``code`` names
    the kind: ``empty``, ``binary``, ``undecodable``, ``unreadable`` (a PDF or DOCX that
    cannot be read), ``no_text``."""

    def __init__(self, message: str, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` looks like BOM-less UTF-16 text: in a sample,
    most bytes at one parity are NUL (the high byte of Latin text) and few at the other."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    even_nul, odd_nul = even.count(0) / half, odd.count(0) / half
    if odd_nul >= 0.3 and even_nul <= 0.05:
        return "utf-16-le"
    if even_nul >= 0.3 and odd_nul <= 0.05:
        return "utf-16-be"
    return None


@dataclass(frozen=True)
class ConvertedText:
    text: str
    media_type: str
    encoding: str | None = None


def _kind(data: bytes, filename: str, media_type: str) -> str:
    name = filename.lower()
    mt = media_type.lower()
    if data.startswith(b"%PDF") or name.endswith(".pdf") or mt == "application/pdf":
        return "pdf"
    if name.endswith(".docx") or "wordprocessingml" in mt:
        return "docx"
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx"
    if name.endswith((".html", ".htm", ".xhtml")) or "html" in mt:
        return "html"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes, detecting the encoding; refuse binary data."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ConversionError(f"The file is {what}, not text. Upload a text, HTML, PDF or "
                                  "DOCX document.", "binary")
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
    )
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ConversionError(
                    f"The file claims {enc} but is not valid {enc}.", "undecodable"
                ) from exc
    if b"\x00" in data[:4096]:
        utf16 = utf16_without_bom(data)
        if utf16 is not None:
            try:
                return data.decode(utf16), utf16
            except UnicodeDecodeError:
                pass
        raise ConversionError("The file contains binary data (NUL bytes), not text.", "binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ConversionError("The file is not text in any encoding we recognise.", "undecodable")
    encoding = best.encoding
    # Western European readings only: cp1250/1251/1253... are other scripts' code pages.
    western = ("ascii", "latin_1", "iso8859_1", "iso8859_15", "cp1252", "mac_roman", "cp850",
               "cp437")
    # Short texts often fit several 8-bit code pages equally well; like browsers (WHATWG),
    # prefer windows-1252 whenever it is among the equally plausible readings.
    plausible = {
        m.encoding
        for m in results
        if m.chaos <= best.chaos + 0.02 and m.coherence >= best.coherence - 0.05
    }
    if encoding.startswith(western) or "cp1252" in plausible:
        try:
            return data.decode("cp1252"), "cp1252"  # by far the most common 8-bit encoding
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = str(best), best.encoding
    return text, encoding


def _check_text(text: str) -> str:
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:20000]) // 100):
        raise ConversionError(
            "The file looks binary (too many control characters), not text.", "binary"
        )
    if "\x00" in text:
        raise ConversionError("The text contains NUL characters; is it a binary file?", "binary")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.replace("\ufeff", "").strip():
        raise ConversionError("The document contains no text.", "no_text")
    return text


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one line per heading, paragraph or list item."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(list(_BLOCK_TAGS) + ["div", "section", "article", "ul", "ol",
                                                 "table", "tr", "header", "main"]):
        tag.insert_before("\n")
        if tag.name in ("li", "dd") and not tag.get_text("", strip=True).startswith(("-", "•")):
            tag.insert(0, "- ")
        tag.insert_after("\n")
    root = soup.body or soup
    raw = root.get_text("")
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip() + "\n"


def pdf_to_text(data: bytes) -> str:
    """Text of a PDF, with pdfminer.six."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise ConversionError(f"The PDF could not be read: {exc}.") from exc
    except Exception as exc:  # pdfminer raises many private error types
        raise ConversionError(f"The PDF could not be read ({type(exc).__name__}).") from exc
    text = text.replace("\x0c", "\n")
    if not text.strip():
        raise ConversionError(
            "The PDF has no extractable text (is it a scanned image?).", "no_text"
        )
    return text


def docx_to_text(data: bytes) -> str:
    """Paragraphs of a DOCX file, headings and list items on their own lines."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several error types
        raise ConversionError(f"The DOCX file could not be read ({type(exc).__name__}).") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        line = para.text.strip()
        if not line:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        if style.lower().startswith("list") and not line.startswith(("-", "•")):
            line = "- " + line
        if style.lower().startswith(("heading", "title")) and lines:
            lines.append("")
        lines.append(line)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def convert_to_text(data: bytes, *, filename: str = "", media_type: str = "") -> ConvertedText:
    """Convert an upload to stored text, or raise ``ConversionError`` with a clear message."""
    if not data or not data.strip():
        raise ConversionError("The file is empty.", "empty")
    kind = _kind(data, filename, media_type)
    if kind == "pdf":
        return ConvertedText(_check_text(pdf_to_text(data)), "application/pdf", None)
    if kind == "docx":
        mt = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return ConvertedText(_check_text(docx_to_text(data)), mt, None)
    text, encoding = decode_text(data)
    if kind == "html":
        return ConvertedText(_check_text(html_to_text(text)), "text/html", encoding)
    return ConvertedText(_check_text(text), "text/plain", encoding)
