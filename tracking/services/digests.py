"""Email digests of change events, sent through Django's email backend."""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from tracking.models import DigestSubscription
from tracking.selectors import absolute, diff_path, events_in_window

PERIOD = {DigestSubscription.Frequency.DAILY: timedelta(days=1),
          DigestSubscription.Frequency.WEEKLY: timedelta(days=7)}


def digest_text(digest: DigestSubscription, events) -> str:
    lines = [f"Policy changes since {digest.last_sent_at or digest.created_at:%Y-%m-%d %H:%M} UTC",
             ""]
    for event in events:
        lines.append(f"* {event.company.name} — {event.occurred_at:%Y-%m-%d}: {event.summary}")
        lines.append(f"  {absolute(diff_path(event))}")
    return "\n".join(lines) + "\n"


def digest_send(*, digest: DigestSubscription, now=None) -> bool:
    """Send one digest if it is due and has events; record the time either way when due."""
    now = now or timezone.now()
    since = digest.last_sent_at or digest.created_at
    if since + PERIOD[digest.frequency] > now:
        return False
    with transaction.atomic():
        # Claim: only one sender moves last_sent_at from what we read.
        claimed = DigestSubscription.objects.filter(
            pk=digest.pk, last_sent_at=digest.last_sent_at
        ).update(last_sent_at=now) if digest.last_sent_at else DigestSubscription.objects.filter(
            pk=digest.pk, last_sent_at__isnull=True).update(last_sent_at=now)
        if claimed != 1:
            return False
    events = list(events_in_window(company_id=digest.company_id,
                                   min_materiality=digest.min_materiality, since=since))
    if not events:
        return False
    subject = f"Policy Atlas: {len(events)} policy change{'s' if len(events) != 1 else ''}"
    send_mail(subject, digest_text(digest, events), None, [digest.email])
    return True


def digests_send_due() -> int:
    now = timezone.now()
    sent = 0
    for digest in DigestSubscription.objects.all():
        if digest_send(digest=digest, now=now):
            sent += 1
    return sent
