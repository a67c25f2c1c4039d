"""The fingerprint that decides whether a fetched document changed.

(The document's text comes from ``extraction.intake.check_page``, the validation every fetch
and upload gets: trafilatura's main content for HTML, then the same conversion as uploads.)

The fingerprint hashes the text after removing what changes on every request without being
policy text: clock times and timestamps, long hex/base64 tokens (session ids, nonces, cache
busters), and whitespace/Unicode forms. Dates (a new "Last updated: 3 March 2026") are kept:
they are part of what the policy says.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_ISO_TIMESTAMP = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b"
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?|utc|gmt)?",
                    re.IGNORECASE)
_EPOCH = re.compile(r"\b1[5-9]\d{8}(?:\.\d+)?\b")  # Unix times 2017–2033 (s or s.fraction)
_TOKEN = re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}\b")
_SPACE = re.compile(r"\s+")


def normalise_for_fingerprint(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _ISO_TIMESTAMP.sub(" ", text)
    text = _CLOCK.sub(" ", text)
    text = _EPOCH.sub(" ", text)
    text = _TOKEN.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_for_fingerprint(text).encode("utf-8")).hexdigest()
