"""Value vocabularies the API validates filters against and documents in its schema.

They come from the NLP contract (``extraction.nlp.types``, plain Python, no Django) so the API
uses exactly the names and values ``extract_documents`` prints (../shared/eval/README.md).
"""

from __future__ import annotations

from extraction.nlp.types import (
    DATA_TYPES,
    MODALITIES,
    PRACTICES,
    PURPOSES,
    RECIPIENT_CATEGORIES,
    RETENTION_QUALIFIERS,
    RIGHTS,
    SECTION_KEYS,
)

__all__ = [
    "DATA_TYPES",
    "MODALITIES",
    "PRACTICES",
    "PURPOSES",
    "RECIPIENT_CATEGORIES",
    "RETENTION_QUALIFIERS",
    "RIGHTS",
    "SECTION_KEYS",
    "choices",
]


def choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]
