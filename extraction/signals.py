"""Signals: ``results_saved`` (Django) for apps that follow extraction results, and Celery
worker signals that build the NLP pipeline once per worker process, never in web processes.

``results_saved(sender=ExtractionRun, run=..., version=...)`` is sent by
``extraction.services.results.run_results_save`` inside its transaction, after a version's
sections and clauses were replaced: receivers (review re-anchoring) write in the same
transaction, so results and what hangs on them commit or roll back together.

Connected when ``config.celery`` is imported; the handlers run only inside ``celery worker``.
The prefork pool sends ``worker_process_init`` in every child after the fork; the solo and
threads pools never fork, so ``worker_init`` covers them.
"""

from __future__ import annotations

import logging
import time

from celery.signals import worker_init, worker_process_init
from django.dispatch import Signal

logger = logging.getLogger(__name__)

results_saved = Signal()


def nlp_warm_up() -> float:
    """Build the memoised pipeline (and the optional classifier). Returns the seconds it took."""
    started = time.perf_counter()
    from extraction.nlp import get_nlp

    get_nlp()
    try:
        from extraction.nlp.classifier import get_classifier
    except ImportError:
        pass
    else:
        get_classifier()
    return time.perf_counter() - started


def _safe_warm_up(where: str) -> None:
    # A broken pipeline must not stop the worker from booting (it would crash-loop): each
    # task then fails with the error stored on its run, where users and operators see it.
    try:
        seconds = nlp_warm_up()
    except Exception:
        logger.exception("Could not load the NLP pipeline in %s", where)
    else:
        logger.info("NLP pipeline loaded in %s in %.2fs", where, seconds)


@worker_process_init.connect(dispatch_uid="extraction.nlp_warm_up.process")
def _warm_up_worker_process(**kwargs) -> None:
    _safe_warm_up("worker process")


@worker_init.connect(dispatch_uid="extraction.nlp_warm_up.worker")
def _warm_up_unforked_worker(sender=None, **kwargs) -> None:
    pool_cls = getattr(sender, "pool_cls", None)
    name = pool_cls if isinstance(pool_cls, str) else getattr(pool_cls, "__module__", "")
    if str(name).rsplit(".", 1)[-1] in {"solo", "thread", "threads", "gevent", "eventlet"}:
        _safe_warm_up(f"worker ({name} pool)")
