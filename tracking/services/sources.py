"""Sources: create, change, claim for a check (conditional UPDATE), queue the due ones."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from extraction.fetch import FetchError, check_url
from policies.models import Company, Policy
from policies.services import policy_get_or_create
from tracking.models import Source

logger = logging.getLogger(__name__)

CHECK_SOURCE_TASK = "tracking.check_source"
MIN_INTERVAL = 300  # seconds: checking a policy more often than every 5 minutes is impolite
MAX_INTERVAL = 90 * 86_400


def _check_interval(value: int) -> int:
    if not MIN_INTERVAL <= value <= MAX_INTERVAL:
        raise ValidationError(
            {"check_interval": f"Give a number of seconds from {MIN_INTERVAL} (5 minutes) to "
                               f"{MAX_INTERVAL} (90 days)."},
            code="out_of_range",
        )
    return value


def _check_source_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise ValidationError({"url": "Give the address of the policy."}, code="required")
    if len(url) > 1000:
        raise ValidationError({"url": "The address is longer than 1,000 characters."},
                              code="max_length")
    try:
        check_url(url)
    except FetchError as exc:
        raise ValidationError({"url": str(exc)}, code="invalid_url") from exc
    return url


@transaction.atomic
def source_create(
    *,
    company: Company,
    url: str,
    kind: str = Policy.Kind.PRIVACY,
    check_interval: int = 86_400,
    paused: bool = False,
    created_by: AbstractBaseUser | None = None,
) -> tuple[Source, bool]:
    """Track ``url`` as ``company``'s policy of ``kind``; the same URL again returns the source
    as it is (``created`` False). The first check is due at once."""
    url = _check_source_url(url)
    if kind not in Policy.Kind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."}, code="invalid_choice")
    _check_interval(check_interval)
    policy = policy_get_or_create(company=company, kind=kind, source_url=url)
    existing = Source.objects.filter(policy=policy, url=url).first()
    if existing is not None:
        return existing, False
    source = Source.objects.create(
        company=company, policy=policy, kind=kind, url=url, check_interval=check_interval,
        paused=paused, status=Source.Status.PAUSED if paused else Source.Status.NEW,
        next_check_at=timezone.now(),
        created_by=created_by if created_by is not None and created_by.pk else None,
    )
    return source, True


@transaction.atomic
def source_update(
    *, source: Source, paused: bool | None = None, check_interval: int | None = None
) -> Source:
    """Pause or resume a source, or change how often it is checked."""
    fields: dict[str, object] = {}
    if check_interval is not None:
        fields["check_interval"] = _check_interval(check_interval)
    if paused is not None and paused != source.paused:
        fields["paused"] = paused
        if paused:
            fields["status"] = Source.Status.PAUSED
        else:
            fields["status"] = (Source.Status.FAILING if source.failure_count
                                else Source.Status.OK if source.last_checked_at
                                else Source.Status.NEW)
            fields["next_check_at"] = timezone.now()
    if fields:
        Source.objects.filter(pk=source.pk).update(**fields)
        source.refresh_from_db()
    return source


def claim_lease() -> timedelta:
    """How long a claim holds: longer than any one check can take (fetch deadline + margin)."""
    return timedelta(seconds=settings.TRACKING_CLAIM_SECONDS)


def source_claim(*, source_id: int, force: bool = False) -> str | None:
    """Claim a source for one check: one conditional UPDATE, so however many workers get the
    same id, one wins. Returns the claim token, or None (not due, paused, or claimed).

    ``force`` (``track --now``, "check now") claims a source that is not due yet, but never
    one that another check holds.
    """
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    due = Q() if force else Q(next_check_at__lte=now) | Q(next_check_at__isnull=True)
    token = uuid.uuid4().hex
    claimed = Source.objects.filter(free, due, pk=source_id, paused=False).update(
        claim_token=token, claimed_until=now + claim_lease()
    )
    return token if claimed == 1 else None


def source_release(*, source_id: int, token: str, **fields) -> bool:
    """Write a check's results and release the claim, only if the claim is still ours."""
    return (
        Source.objects.filter(pk=source_id, claim_token=token).update(
            claim_token="", claimed_until=None, queued_at=None, **fields
        )
        == 1
    )


def sources_due_ids(*, limit: int | None = None) -> list[int]:
    now = timezone.now()
    queued_cutoff = now - timedelta(seconds=settings.TRACKING_REQUEUE_SECONDS)
    ids = (
        Source.objects.filter(paused=False)
        .filter(Q(next_check_at__lte=now) | Q(next_check_at__isnull=True))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=queued_cutoff))
        .order_by("next_check_at", "pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit] if limit else ids)


def sources_enqueue_due(*, limit: int | None = None) -> int:
    """Send one check task per due source not already queued (beat calls this every minute).

    ``queued_at`` marks a source as sent, so a backlog is not sent again each tick; a message
    lost with its worker is sent again after ``TRACKING_REQUEUE_SECONDS``. Duplicates (two
    beats, a re-send) are harmless: the task claims the source first.
    """
    from celery import current_app

    check_source = current_app.tasks[CHECK_SOURCE_TASK]  # by name: tasks import services
    ids = sources_due_ids(limit=limit or settings.TRACKING_ENQUEUE_BATCH)
    if not ids:
        return 0
    Source.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    sent = 0
    for source_id in ids:
        try:
            check_source.apply_async(args=[source_id], queue=settings.TRACKING_QUEUE)
        except Exception:  # noqa: BLE001 - broker down: sent again after the lease
            logger.warning("Could not queue the check of source %s", source_id, exc_info=True)
            break
        sent += 1
    return sent


def source_check_dispatch(*, source_id: int, force: bool = False) -> bool:
    """Queue one check of a source (on the tracking queue). False when the broker is down
    (the tick queues it again when it is due)."""
    from celery import current_app

    try:
        current_app.tasks[CHECK_SOURCE_TASK].apply_async(
            args=[source_id, force], queue=settings.TRACKING_QUEUE)
    except Exception:  # noqa: BLE001
        logger.warning("Could not queue the check of source %s", source_id, exc_info=True)
        return False
    return True


def source_checks_prune() -> int:
    """Delete check-log rows older than ``TRACKING_CHECK_LOG_DAYS`` (the tick calls it): a
    daily source adds 365 a year. Sources keep their own last status, error and dates."""
    from tracking.models import SourceCheck

    cutoff = timezone.now() - timedelta(days=settings.TRACKING_CHECK_LOG_DAYS)
    deleted, _ = SourceCheck.objects.filter(started_at__lt=cutoff).delete()
    return deleted
