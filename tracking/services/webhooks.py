"""Webhooks: subscriptions, and deliveries POSTed as signed JSON with retries and a log.

Each delivery is a row (the log the subscriber sees). Sending claims it by a conditional
UPDATE, POSTs the event as JSON with ``X-Atlas-Signature: sha256=<hex HMAC-SHA256 of the raw
body with the subscription's secret>`` and ``Idempotency-Key`` (the same key on every retry
of one delivery: a receiver that saw it already can ignore it), and records the answer. A
non-2xx answer, a redirect, a timeout or a connection error is retried with exponential
backoff (``TRACKING_WEBHOOK_RETRY_BASE`` seconds, doubled per attempt) up to
``TRACKING_WEBHOOK_MAX_ATTEMPTS`` attempts; then the delivery is ``failed``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from extraction.fetch import FetchError, check_url
from policies.models import Company, SectionKey
from tracking.models import Delivery, Subscription
from tracking.selectors import event_payload

logger = logging.getLogger(__name__)

DELIVER_TASK = "tracking.deliver_webhook"
SIGNATURE_HEADER = "X-Atlas-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: what ``X-Atlas-Signature`` carries for ``body``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def subscription_create(
    *,
    owner: AbstractBaseUser,
    target: str,
    secret: str,
    company: Company | None = None,
    section: str = "",
    min_materiality: int = 0,
) -> Subscription:
    target = (target or "").strip()
    try:
        check_url(target)
    except FetchError as exc:
        raise ValidationError({"target": str(exc)}, code="invalid_url") from exc
    if len(secret or "") < 16:
        raise ValidationError({"secret": "Give a secret of at least 16 characters."},
                              code="min_length")
    if section and section not in SectionKey.values:
        raise ValidationError({"section": f"Unknown section {section!r}."},
                              code="invalid_choice")
    if not 0 <= min_materiality <= 100:
        raise ValidationError({"min_materiality": "Give a number from 0 to 100."},
                              code="out_of_range")
    return Subscription.objects.create(
        owner=owner, target=target, secret=secret, company=company, section=section,
        min_materiality=min_materiality,
    )


def delivery_dispatch(*, delivery_id: int, countdown: int | None = None) -> bool:
    """Queue a delivery's task (the retry sweep sends it if the broker is down)."""
    from celery import current_app

    deliver_webhook = current_app.tasks[DELIVER_TASK]  # by name: tasks import services
    try:
        deliver_webhook.apply_async(args=[delivery_id], queue=settings.TRACKING_QUEUE,
                                    countdown=countdown)
    except Exception:  # noqa: BLE001
        logger.warning("Could not queue delivery %s; the sweep sends it", delivery_id,
                       exc_info=True)
        return False
    return True


def retry_delay(attempts: int) -> int:
    return int(settings.TRACKING_WEBHOOK_RETRY_BASE * 2 ** max(0, attempts - 1))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer, not followed (the target must be exact)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST and return (status, error). Status None: no HTTP answer."""
    try:
        check_url(url)
    except FetchError as exc:
        return None, str(exc)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirects())
    try:
        with opener.open(request, timeout=settings.TRACKING_WEBHOOK_TIMEOUT) as response:
            response.read(65536)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"The target answered {exc.code} {exc.reason}."
    except urllib.error.URLError as exc:
        return None, f"The target could not be reached: {exc.reason}."
    except (TimeoutError, OSError, ValueError) as exc:
        return None, f"The target could not be reached: {exc}."


def delivery_body(delivery: Delivery) -> bytes:
    payload = event_payload(delivery.event)
    payload["delivery"] = {"id": delivery.pk, "idempotency_key": delivery.idempotency_key,
                           "attempt": delivery.attempts + 1}
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def delivery_attempt(*, delivery_id: int) -> Delivery | None:
    """Claim a due delivery and POST it once. Returns the delivery, or None if not claimed."""
    now = timezone.now()
    token = uuid.uuid4().hex
    lease = timedelta(seconds=settings.TRACKING_WEBHOOK_TIMEOUT * 3 + 30)
    claimed = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=delivery_id, status=Delivery.Status.PENDING,
    ).update(claim_token=token, claimed_until=now + lease)
    if claimed != 1:
        return None
    delivery = Delivery.objects.select_related(
        "subscription", "event__company", "event__policy").get(pk=delivery_id)
    body = delivery_body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": settings.TRACKING_USER_AGENT,
        SIGNATURE_HEADER: signature(delivery.subscription.secret, body),
        IDEMPOTENCY_HEADER: delivery.idempotency_key,
        "X-Atlas-Event": "change",
        "X-Atlas-Delivery": str(delivery.pk),
    }
    status, error = _post(delivery.subscription.target, body, headers)
    attempts = delivery.attempts + 1
    fields: dict[str, object] = {"attempts": attempts, "last_status_code": status,
                                 "claim_token": "", "claimed_until": None}
    if status is not None and 200 <= status < 300:
        fields.update(status=Delivery.Status.DELIVERED, delivered_at=timezone.now(),
                      last_error="", next_attempt_at=None)
    else:
        if status is not None and 300 <= status < 400:
            error = f"The target answered {status} (a redirect; webhooks are not redirected)."
        fields["last_error"] = error[:5000]
        if attempts >= settings.TRACKING_WEBHOOK_MAX_ATTEMPTS:
            fields.update(status=Delivery.Status.FAILED, next_attempt_at=None)
        else:
            fields["next_attempt_at"] = timezone.now() + timedelta(seconds=retry_delay(attempts))
    Delivery.objects.filter(pk=delivery_id, claim_token=token).update(**fields)
    delivery.refresh_from_db()
    if delivery.status == Delivery.Status.PENDING and not settings.CELERY_TASK_ALWAYS_EAGER:
        delivery_dispatch(delivery_id=delivery_id, countdown=retry_delay(attempts))
    return delivery


def deliveries_retry_due() -> int:
    """Send the pending deliveries whose next attempt is overdue (beat, ``manage.py track``).

    With a broker, each delivery's own message (sent on commit, then with a countdown per
    retry) normally sends it: this only re-sends those overdue by more than a claim lease (a
    message lost with its worker), so a backlog is not flooded with copies each tick. Without
    a broker (``manage.py track``) every due retry is sent at once."""
    now = timezone.now()
    grace = timedelta(0) if settings.CELERY_TASK_ALWAYS_EAGER else timedelta(
        seconds=settings.TRACKING_WEBHOOK_TIMEOUT * 3 + 30)
    ids = list(Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Delivery.Status.PENDING, next_attempt_at__lte=now - grace,
    ).values_list("pk", flat=True)[:1000])
    for delivery_id in ids:
        delivery_dispatch(delivery_id=delivery_id)
    return len(ids)


