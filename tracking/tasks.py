"""Celery tasks for tracking: thin, ids only, idempotent (each claims its row first).

``tick`` (beat, every ``TRACKING_TICK_SECONDS``) queues the due sources and the due webhook
retries; ``check_source`` checks one source if it wins the claim; ``deliver_webhook`` sends
one delivery if it wins that claim; ``build_change_events`` builds the events waiting on a
version once its extraction has finished; ``send_digests`` mails the due email digests.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(name="tracking.tick", ignore_result=True, acks_late=False)
def tick() -> str:
    from tracking.services import deliveries_retry_due, sources_enqueue_due
    from tracking.services.events import change_events_build_pending
    from tracking.services.sources import source_checks_prune

    sources, deliveries = sources_enqueue_due(), deliveries_retry_due()
    built = change_events_build_pending()
    source_checks_prune()
    return f"queued {sources} source checks, {deliveries} webhook deliveries; built {built} events"


@shared_task(
    bind=True, name="tracking.check_source", acks_late=True, reject_on_worker_lost=True,
    ignore_result=True, soft_time_limit=settings.TRACKING_CLAIM_SECONDS,
    time_limit=settings.TRACKING_CLAIM_SECONDS + 30,
)
def check_source(self, source_id: int, force: bool = False) -> str:
    from tracking.services import source_check

    result = source_check(source_id=source_id, force=force, worker=self.request.hostname or "")
    return result.outcome if result is not None else "not claimed"


@shared_task(name="tracking.deliver_webhook", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def deliver_webhook(delivery_id: int) -> str:
    from tracking.services import delivery_attempt

    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "not claimed"


@shared_task(name="tracking.build_change_events", acks_late=True, ignore_result=True)
def build_change_events(version_id: int) -> int:
    from tracking.services import change_events_for_version

    return len(change_events_for_version(version_id=version_id))


@shared_task(name="tracking.send_digests", ignore_result=True)
def send_digests() -> int:
    from tracking.services.digests import digests_send_due

    return digests_send_due()
