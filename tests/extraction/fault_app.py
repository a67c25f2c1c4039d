"""Fault injection for worker tests: the production Celery app with a wrapped NLP entry point.

Start it like the real one: ``celery -A tests.extraction.fault_app worker ...``. It is the
``config`` app (same tasks, settings, signals); only ``extraction.nlp.analyze_document`` is
wrapped, and only documents carrying a marker behave differently:

* ``[[fault:slow]]`` -- reports progress for ``FAULT_SLOW_SECONDS`` (default 30) before the
  real analysis, so a test can kill the worker while the run is visibly in progress;
* ``[[fault:fail]]`` -- raises a non-transient error, as a document the pipeline chokes on.

Test-only: nothing in the shipped code reads these markers.
"""

from __future__ import annotations

import os
import time

from config.celery import app
from extraction import nlp

SLOW = "[[fault:slow]]"
FAIL = "[[fault:fail]]"
_real_analyze = nlp.analyze_document


def analyze_document(text: str, *, title: str = "", progress=None):
    if FAIL in text:
        raise ValueError("Injected failure: this document cannot be analysed")
    if SLOW in text:
        seconds = float(os.environ.get("FAULT_SLOW_SECONDS", "30"))
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if progress is not None:
                progress("segmenting", 1.0 - left / seconds)
            time.sleep(min(0.2, left))
    return _real_analyze(text, title=title, progress=progress)


nlp.analyze_document = analyze_document

__all__ = ["app"]
