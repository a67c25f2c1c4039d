"""Build change events when an extraction run finishes (signal from extraction)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.dispatch import receiver

from extraction.events import run_done

logger = logging.getLogger(__name__)


@receiver(run_done, dispatch_uid="tracking.change_events")
def _on_run_done(sender, version_id: int, **kwargs) -> None:
    # Sent after the run's results are committed (extraction_run_execute runs outside any
    # transaction): queue at once.
    from tracking.tasks import build_change_events

    try:
        build_change_events.apply_async(args=[version_id], queue=settings.TRACKING_QUEUE)
    except Exception:  # noqa: BLE001 - the tick's sweep builds pending events later
        logger.warning("Could not queue change events of version %s", version_id,
                       exc_info=True)
