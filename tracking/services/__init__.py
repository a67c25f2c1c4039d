"""Tracking write services: sources and their checks, change events, webhooks, digests, import.

Import from ``tracking.services``; the package splits by concern.
"""

from tracking.services.checks import CheckResult, source_check, sources_check_all
from tracking.services.events import (
    change_event_build,
    change_events_for_version,
)
from tracking.services.sources import (
    source_claim,
    source_create,
    source_release,
    source_update,
    sources_enqueue_due,
)
from tracking.services.webhooks import (
    deliveries_retry_due,
    delivery_attempt,
    subscription_create,
)

__all__ = [
    "CheckResult",
    "change_event_build",
    "change_events_for_version",
    "deliveries_retry_due",
    "delivery_attempt",
    "source_check",
    "source_claim",
    "source_create",
    "source_release",
    "source_update",
    "sources_check_all",
    "sources_enqueue_due",
    "subscription_create",
]
