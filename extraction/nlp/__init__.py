"""Rules-based NLP pipeline for privacy policies (pure Python + spaCy, no Django).

Public API: ``analyze_document``, ``classify_passages``, ``rule_features``,
``convert_to_text``/``ConversionError``, ``get_nlp`` and ``PIPELINE_VERSION``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from . import analyze as _analyze
from . import document as _document
from .analyze import SectionModel, rule_features
from .convert import ConversionError, ConvertedText, convert_to_text
from .pipeline import PIPELINE_VERSION, get_nlp
from .types import DocumentAnalysis, PassageResult

_CONFIGURED: Any = object()  # "use the configured classifier" (POLICY_CLASSIFIER_MODEL)


def _configured(classifier: Any) -> SectionModel | None:
    if classifier is not _CONFIGURED:
        return classifier  # type: ignore[no-any-return]
    from .classifier import get_classifier

    return get_classifier()


def classify_passages(
    items: Iterable[tuple[str, list[str]]],
    classifier: Any = _CONFIGURED,
    groups: Sequence[str] | None = None,
) -> list[PassageResult]:
    """Sections and data types of passages with their headings (outermost first). The rules
    run first; the configured trained classifier (or ``classifier``; None = rules only) then
    decides the labels it was trained on. ``groups`` names each passage's document (passages
    in document order; None: one document)."""
    return _analyze.classify_passages(items, _configured(classifier), groups)


def analyze_document(
    text: str, *, title: str = "", progress: Any = None, classifier: Any = _CONFIGURED
) -> DocumentAnalysis:
    """Segment, classify and extract one policy (offsets refer to ``text``); the configured
    trained classifier (or ``classifier``; None = rules only) is passed to the rules."""
    return _document.analyze_document(
        text, title=title, progress=progress, classifier=_configured(classifier)
    )


__all__ = [
    "PIPELINE_VERSION",
    "SectionModel",
    "ConversionError",
    "ConvertedText",
    "analyze_document",
    "classify_passages",
    "convert_to_text",
    "get_nlp",
    "rule_features",
]
