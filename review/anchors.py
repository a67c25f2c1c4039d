"""Text anchors of reviews: the fingerprint of a sentence (pure, no queries)."""

from __future__ import annotations

import hashlib


def text_fingerprint(text: str) -> str:
    """SHA-1 of the sentence with whitespace collapsed and case folded: the same sentence in a
    re-segmented or re-wrapped version has the same fingerprint."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()
