"""Upload validation: one set of rules for every way new policy text arrives.

The upload form, the REST API, URL fetches (the form's URL field and tracked sources) and bulk
imports all turn their input into an :class:`Intake` here, or get an :class:`UploadError`
with a machine-readable ``code`` and a sentence for humans. The form shows both (the code in
small print under the message); the API returns them in its error format
(``errors: [{field, code, message}]``).

Rules: text must be a string; pasted text, files and downloads are at most
``POLICY_MAX_UPLOAD_BYTES``; files must have one of :data:`ALLOWED_EXTENSIONS` (an
executable or archive is refused whatever its name, by its first bytes); no NUL bytes or
binary content; the encoding is detected (BOMs, UTF-8, BOM-less UTF-16, then
charset-normalizer); a ``last_updated`` must be a date, not in the future; exactly one
source (text, file or URL).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils import timezone

from extraction.fetch import FetchError, fetch_url
from extraction.nlp import ConversionError, convert_to_text
from extraction.nlp.convert import decode_text
from policies.services import FUTURE_DATE_SLACK

ALLOWED_EXTENSIONS = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf", ".docx")

#: Every code an UploadError can carry, with what it means (shown in the API docs).
ERROR_CODES: dict[str, str] = {
    "wrong_type": "The value has the wrong JSON type (e.g. a number for `text`).",
    "empty": "No text: an empty paste, file or page.",
    "too_large": "Larger than POLICY_MAX_UPLOAD_BYTES.",
    "unsupported_type": "A file type that is not accepted (e.g. .exe).",
    "binary": "Binary content (NUL bytes, an image, an archive, an executable).",
    "undecodable": "Bytes that are not text in any recognised encoding.",
    "unreadable": "A PDF or DOCX that cannot be read.",
    "no_text": "A document with no extractable text (e.g. a scanned PDF).",
    "fetch_failed": "The URL could not be fetched (refused address, error status, timeout).",
    "several_sources": "More than one of text, file and URL given.",
    "no_source": "None of text, file and URL given.",
    "future_date": "A `last_updated` date in the future.",
    "invalid_date": "A `last_updated` that is not a YYYY-MM-DD date.",
}

class UploadError(ValueError):
    def __init__(self, code: str, message: str, field: str | None = "text") -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Intake:
    """Validated text, ready for ``policy_version_ingest``."""

    text: str
    media_type: str
    source_kind: str
    encoding: str | None = None
    original_filename: str = ""
    source_url: str = ""
    fetched_at: dt.datetime | None = None


def max_bytes() -> int:
    return int(settings.POLICY_MAX_UPLOAD_BYTES)


def megabytes(n: int) -> str:
    """A size for people: MB from a tenth of one up, else KB or bytes."""
    if n >= 104_858:
        return f"{n / 1_048_576:.1f}".rstrip("0").rstrip(".") + " MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n:,} bytes"


def _too_large(what: str, size: int | None, field: str) -> UploadError:
    shown = f" is {megabytes(size)}" if size is not None else " is too large"
    return UploadError("too_large", f"{what}{shown}; the limit is {megabytes(max_bytes())}.",
                       field)


def _converted(data: bytes, *, filename: str, media_type: str, field: str):
    try:
        return convert_to_text(data, filename=filename, media_type=media_type)
    except ConversionError as exc:
        raise UploadError(getattr(exc, "code", "unreadable"), str(exc), field) from exc


def check_text(value: object, *, source_kind: str = "paste", field: str = "text") -> Intake:
    """Pasted or posted text: a string, not empty, within the limit, no NUL or binary."""
    if not isinstance(value, str):
        raise UploadError(
            "wrong_type", f"`{field}` must be a string, not {_json_type(value)}.", field
        )
    if not value.strip():
        raise UploadError("empty", "The policy text is empty.", field)
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > max_bytes():
        raise _too_large("The pasted text" if source_kind == "paste" else "The text", size, field)
    if "\x00" in value:
        raise UploadError("binary", "The text contains NUL characters; is it a binary file?",
                          field)
    converted = _converted(value.encode("utf-8", "surrogatepass"), filename="pasted.txt",
                           media_type="text/plain", field=field)
    return Intake(converted.text, converted.media_type, source_kind, converted.encoding)


def check_file_name(*, name: str, size: int | None, field: str = "file") -> None:
    """What can be refused before reading the file: its size and its type."""
    if size is not None and size > max_bytes():
        raise _too_large("The file", size, field)
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise UploadError(
            "unsupported_type",
            f"Files of type “{suffix or 'no extension'}” are not accepted; upload .txt, .html, "
            ".pdf or .docx.",
            field,
        )


def check_file(
    *,
    name: str,
    size: int | None,
    content_type: str,
    read: Callable[[], bytes],
    source_kind: str = "upload",
    field: str = "file",
) -> Intake:
    """An uploaded file: name and size first, then its bytes converted to text."""
    check_file_name(name=name, size=size, field=field)
    data = read()
    if len(data) > max_bytes():
        raise _too_large("The file", len(data), field)
    return check_bytes(data, filename=PurePath(name).name, media_type=content_type,
                       source_kind=source_kind, field=field)


def check_bytes(
    data: bytes,
    *,
    filename: str,
    media_type: str = "",
    source_kind: str,
    source_url: str = "",
    fetched_at: dt.datetime | None = None,
    field: str = "file",
) -> Intake:
    """Bytes from anywhere (a file, a download, a bulk import) converted to text."""
    if len(data) > max_bytes():
        raise _too_large("The document", len(data), field)
    converted = _converted(data, filename=filename, media_type=media_type, field=field)
    if not converted.text.strip():
        raise UploadError("empty", "The document contains no text.", field)
    return Intake(converted.text, converted.media_type, source_kind, converted.encoding,
                  filename[:255], source_url, fetched_at)


def check_page(
    data: bytes,
    *,
    media_type: str,
    filename: str = "",
    url: str = "",
    source_kind: str = "url",
    fetched_at: dt.datetime | None = None,
    field: str = "url",
) -> Intake:
    """A fetched document (the form's URL field or a tracked source): an HTML page is cut to
    its main content with trafilatura (navigation, headers, footers, cookie banners and
    sidebars dropped), then every document goes through :func:`check_bytes` as uploads do."""
    if "html" in media_type or (not media_type and data.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html"))):
        try:
            html, _ = decode_text(data)
        except ConversionError as exc:
            raise UploadError("undecodable", str(exc), field) from exc
        main = _main_content_html(html)
        if main:
            main = _INDENT.sub("><", main)  # trafilatura's pretty-printing is not text
            data = ("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                    f"{main}</body></html>").encode()
        media_type = "text/html"
    return check_bytes(data, filename=filename or "page.html", media_type=media_type,
                       source_kind=source_kind, source_url=url, fetched_at=fetched_at,
                       field=field)


_INDENT = re.compile(r">[ \t]*\n\s*<")


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


def check_url(url: str, *, source_kind: str = "url", field: str = "url") -> Intake:
    """Fetch ``url`` (private addresses refused, size and time bounded) and convert it."""
    try:
        fetched = fetch_url(url, max_bytes=max_bytes())
    except FetchError as exc:
        raise UploadError("fetch_failed", str(exc), field) from exc
    return check_page(fetched.data, filename=fetched.filename, media_type=fetched.media_type,
                      source_kind=source_kind, url=fetched.url, fetched_at=timezone.now(),
                      field=field)


def check_last_updated(value: object, *, field: str = "last_updated") -> dt.date | None:
    """``None``/``""`` → None; a date or a YYYY-MM-DD string → that date, unless future."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise UploadError("invalid_date", f"“{value[:40]}” is not a YYYY-MM-DD date.",
                              field) from exc
    if not isinstance(value, dt.date):
        raise UploadError(
            "wrong_type", f"`{field}` must be a YYYY-MM-DD string, not {_json_type(value)}.",
            field,
        )
    if value > timezone.localdate() + FUTURE_DATE_SLACK:
        raise UploadError(
            "future_date",
            f"{value.isoformat()} is in the future; give the date the policy states, or leave "
            "it empty.",
            field,
        )
    return value


def one_source(given: Mapping[str, object]) -> str:
    """The name of the one source given among ``text``/``file``/``url``."""
    sources = [name for name, value in given.items() if value not in (None, "")]
    if not sources:
        raise UploadError("no_source", "Paste the text, upload a file or give a URL.",
                          next(iter(given), None))
    if len(sources) > 1:
        raise UploadError(
            "several_sources",
            f"Give only one source, not {' and '.join(sources)}.",
            sources[1],
        )
    return sources[0]


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return type(value).__name__
