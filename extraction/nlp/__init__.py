"""Rules-based NLP pipeline for privacy policies (pure Python + spaCy, no Django).

Public API: ``analyze_document``, ``classify_passages``, ``rule_features``,
``convert_to_text``/``ConversionError``, ``get_nlp`` and ``PIPELINE_VERSION``.
"""

from .analyze import classify_passages, rule_features
from .convert import ConversionError, ConvertedText, convert_to_text
from .document import analyze_document
from .pipeline import PIPELINE_VERSION, get_nlp

__all__ = [
    "PIPELINE_VERSION",
    "ConversionError",
    "ConvertedText",
    "analyze_document",
    "classify_passages",
    "convert_to_text",
    "get_nlp",
    "rule_features",
]
