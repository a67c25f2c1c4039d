"""Value vocabularies the API validates filters against and documents in its schema.

They are the extraction contract's (``contract.vocabularies``, plain Python), so the API uses
exactly the names and values ``extract_documents`` prints (../shared/eval/README.md).
"""

from __future__ import annotations

from contract.vocabularies import (
    DATA_TYPES,
    MODALITIES,
    PRACTICES,
    PURPOSES,
    RECIPIENT_CATEGORIES,
    RETENTION_QUALIFIERS,
    RIGHTS,
    SECTION_KEYS,
    choices,
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
