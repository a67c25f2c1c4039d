"""Change events: one per new version (fetched or uploaded), built once both versions are
extracted, with the clause-level changes ranked as the diff page ranks them.

``change_events_for_version`` runs when a version's extraction run finishes (the
``extraction.events.run_done`` signal, see tracking.receivers): it records the version's event
if it has none (uploads), then builds every event that waited on that version. A re-extraction
rebuilds the changes (clause ids change) but never notifies twice: deliveries are made once,
when an event is first ready (``notified_at``), and are unique per subscription and event.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from comparison.diff import version_diff_build
from comparison.types import jsonable
from extraction.models import ExtractionRun
from policies.models import PolicyVersion
from tracking.models import ChangeEvent, ChangeItem, Delivery, Subscription

logger = logging.getLogger(__name__)

TOP_CHANGES = 3


def previous_version(version: PolicyVersion) -> PolicyVersion | None:
    """The version just before ``version`` in its policy's version order (newest first)."""
    ids = list(PolicyVersion.objects.filter(policy_id=version.policy_id)
               .values_list("pk", flat=True))
    try:
        index = ids.index(version.pk)
    except ValueError:
        return None
    if index + 1 >= len(ids):
        return None
    return PolicyVersion.objects.get(pk=ids[index + 1])


def is_extracted(version_id: int) -> bool:
    latest = (ExtractionRun.objects.filter(version_id=version_id)
              .order_by("-created_at", "-id").values_list("status", flat=True).first())
    return latest == ExtractionRun.Status.DONE


def change_event_record(*, version: PolicyVersion) -> ChangeEvent:
    """The version's change event, created (pending) if it has none."""
    existing = ChangeEvent.objects.filter(to_version=version).first()
    if existing is not None:
        return existing
    policy = version.policy
    try:
        with transaction.atomic():
            return ChangeEvent.objects.create(
                company_id=policy.company_id, policy=policy, to_version=version,
                occurred_at=version.ingested_at,
            )
    except IntegrityError:
        return ChangeEvent.objects.get(to_version=version)


def change_events_for_version(*, version_id: int) -> list[int]:
    """Record ``version_id``'s event and build every event waiting on it. Returns the ids of
    the events built."""
    version = PolicyVersion.objects.select_related("policy").filter(pk=version_id).first()
    if version is None:
        return []
    change_event_record(version=version)
    built = []
    for event_id in ChangeEvent.objects.filter(
        Q(to_version_id=version_id) | Q(from_version_id=version_id)
    ).values_list("pk", flat=True):
        if change_event_build(event_id=event_id):
            built.append(event_id)
    return built


def _summary(changes: list[dict], first: bool, clause_count: int) -> str:
    if first:
        return f"First version recorded ({clause_count} clauses)"
    if not changes:
        return "Text changed; no clause-level change found"
    top = "; ".join(c["summary"] for c in changes[:TOP_CHANGES])
    more = len(changes) - TOP_CHANGES
    return (top + (f"; and {more} more" if more > 0 else ""))[:500]


@transaction.atomic
def change_event_build(*, event_id: int) -> bool:
    """Compute the event's changes if both versions are extracted. True when built."""
    event = (ChangeEvent.objects.select_for_update().select_related(
        "to_version__policy__company").filter(pk=event_id).first())
    if event is None or not is_extracted(event.to_version_id):
        return False
    new = event.to_version
    if new.held_back:
        # The suspicious-version check flagged it (an upload: fetches are refused instead):
        # no feed entry or alert until a user confirms it; the tick builds it then.
        return False
    old = previous_version(new)
    if old is not None and not is_extracted(old.pk):
        return False  # built when the older version's run finishes
    if old is not None:
        diff = version_diff_build(old=old, new=new)
        changes = [jsonable(asdict(c)) for c in diff.changes]
        for c in changes:
            for side in ("old_clause", "new_clause"):
                if c.get(side):
                    c[side].pop("start", None)
                    c[side].pop("end", None)
        stats = dict(diff.stats)
        clause_count = diff.new.clause_count
    else:
        changes, stats = [], {}
        clause_count = new.clauses.count()
    event.from_version = old
    event.changes = changes
    event.stats = stats
    event.change_count = len(changes)
    event.max_materiality = max((c["materiality"] for c in changes), default=0)
    event.summary = _summary(changes, old is None, clause_count)
    event.status = ChangeEvent.Status.READY
    event.built_at = timezone.now()
    notify = event.notified_at is None
    if notify:
        event.notified_at = event.built_at
    event.save()
    ChangeItem.objects.filter(event=event).delete()
    ChangeItem.objects.bulk_create(
        ChangeItem(event=event, rank=i, kind=c["kind"], field=c["field"][:30],
                   section=(c["section"] or "other")[:20], materiality=c["materiality"])
        for i, c in enumerate(changes)
    )
    if notify and old is not None:
        deliveries_create(event=event)
    return True


def subscriptions_matching(event: ChangeEvent):
    """Active subscriptions whose company, section and minimum materiality the event meets."""
    subs = Subscription.objects.filter(active=True).filter(
        Q(company__isnull=True) | Q(company_id=event.company_id)
    )
    matching = []
    for sub in subs:
        items = event.changes
        if sub.section:
            items = [c for c in items if c["section"] == sub.section]
        if sub.section and not items:
            continue
        top = max((c["materiality"] for c in items), default=0)
        if top < sub.min_materiality:
            continue
        matching.append(sub)
    return matching


def deliveries_create(*, event: ChangeEvent) -> list[int]:
    """One pending delivery per matching subscription, sent after commit."""
    from tracking.services.webhooks import delivery_dispatch

    ids = []
    for sub in subscriptions_matching(event):
        delivery, created = Delivery.objects.get_or_create(
            subscription=sub, event=event,
            defaults={"idempotency_key": uuid.uuid4().hex, "next_attempt_at": timezone.now()},
        )
        if created:
            ids.append(delivery.pk)
    for delivery_id in ids:
        transaction.on_commit(lambda d=delivery_id: delivery_dispatch(delivery_id=d))
    return ids


def change_events_build_pending(*, limit: int = 500) -> int:
    """Build pending events whose versions have been extracted since (the beat tick's sweep:
    a lost build message, or a version whose older neighbour was extracted later)."""
    built = 0
    for event_id in ChangeEvent.objects.filter(status=ChangeEvent.Status.PENDING).order_by(
            "occurred_at", "pk").values_list("pk", flat=True)[:limit]:
        if change_event_build(event_id=event_id):
            built += 1
    return built
