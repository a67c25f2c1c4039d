"""Which trained section classifier extraction runs use.

``POLICY_CLASSIFIER_PROVIDER`` (a dotted path, default the review app's model registry:
``review.selectors.active_model``) names a function returning ``(name, path)`` of the active
model, or ``None``. Set by a setting rather than imported, so extraction never imports the
apps above it. With no active model the pipeline's own configuration applies
(``POLICY_CLASSIFIER_MODEL``, else the rules alone). Clauses record the model by name in
their ``pipeline_version`` (``rules-1.3+reviews-20261202-0601``).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: dict[tuple[str, float], Any] = {}


def active_classifier() -> tuple[str, Any] | None:
    """``(name, SectionClassifier)`` of the registry's active model, loaded once per process
    (and again when its directory changes); None when there is none or it cannot load."""
    provider = getattr(settings, "POLICY_CLASSIFIER_PROVIDER", "")
    if not provider:
        return None
    found = import_string(provider)()
    if not found:
        return None
    name, path = found
    from extraction.nlp.classifier import META_FILE, SectionClassifier

    meta = Path(path) / META_FILE
    try:
        key = (str(path), meta.stat().st_mtime)
    except OSError:
        logger.error("Active classifier %s: %s is missing; using the rules", name, meta)
        return None
    with _lock:
        model = _loaded.get(key)
        if model is None:
            model = SectionClassifier.load(path)
            _loaded.clear()
            _loaded[key] = model
            logger.info("loaded active classifier %s from %s", name, path)
    return name, model


def analysis_kwargs() -> tuple[dict[str, Any], str]:
    """Keyword arguments for ``analyze_document`` and the model name ("" for none)."""
    active = active_classifier()
    if active is None:
        return {}, ""
    name, model = active
    return {"classifier": model}, name
