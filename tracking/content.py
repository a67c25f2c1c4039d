"""A fetched document's policy text, and the fingerprint that decides whether it changed.

HTML pages go through trafilatura (main-content extraction: navigation, headers, footers,
cookie banners, sidebars and scripts are dropped) and then through the upload validation and
conversion every upload gets (``extraction.intake.check_bytes``), so a tracked version's text
has the structure (headings, list items, paragraphs on their own lines) segmentation needs.
PDF and DOCX go straight to that validation, as uploads do.

The fingerprint hashes the text after removing what changes on every request without being
policy text: clock times and timestamps, long hex/base64 tokens (session ids, nonces, cache
busters), and whitespace/Unicode forms. Dates (a new "Last updated: 3 March 2026") are kept:
they are part of what the policy says.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from extraction.intake import Intake, UploadError, check_bytes
from extraction.nlp import ConversionError
from extraction.nlp.convert import decode_text

_ISO_TIMESTAMP = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b"
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?|utc|gmt)?",
                    re.IGNORECASE)
_EPOCH = re.compile(r"\b1[5-9]\d{8}(?:\.\d+)?\b")  # Unix times 2017–2033 (s or s.fraction)
_TOKEN = re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}\b")
_SPACE = re.compile(r"\s+")
_INDENT = re.compile(r">[ \t]*\n\s*<")


def page_text(data: bytes, *, media_type: str, filename: str = "", url: str = "",
              fetched_at=None) -> Intake:
    """The policy text of a fetched document, validated as every upload is
    (``extraction.intake.check_bytes``), or ``UploadError`` saying why not."""
    if "html" in media_type or (not media_type and data.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html"))):
        try:
            html, _ = decode_text(data)
        except ConversionError as exc:
            raise UploadError("undecodable", str(exc), "url") from exc
        main = _main_content_html(html)
        if main:
            main = _INDENT.sub("><", main)  # trafilatura's pretty-printing is not text
            data = ("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                    f"{main}</body></html>").encode()
        media_type = "text/html"
    return check_bytes(data, filename=filename or "page.html", media_type=media_type,
                       source_kind="url", source_url=url, fetched_at=fetched_at, field="url")


def _main_content_html(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(
        html,
        output_format="html",
        favor_recall=True,  # keep short blocks: contact lines, one-line list items, headings
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        deduplicate=False,
        fast=True,
    )


def normalise_for_fingerprint(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _ISO_TIMESTAMP.sub(" ", text)
    text = _CLOCK.sub(" ", text)
    text = _EPOCH.sub(" ", text)
    text = _TOKEN.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_for_fingerprint(text).encode("utf-8")).hexdigest()
