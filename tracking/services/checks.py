"""Check a source: claim it, fetch politely, keep real changes only, record the outcome.

A check never turns an error into a version: an HTTP error status (404, 410, 5xx), a timeout,
a TLS or connection error, a document that cannot be converted, or a page that reads like a
sign-in, error or captcha page (``policies.textcheck``) marks the source ``failing`` with the
reason, and it is retried with exponential backoff (``TRACKING_RETRY_BASE`` seconds, doubled
per consecutive failure, at most the source's interval). A page whose text is unchanged after
removing noise (``tracking.content.fingerprint``) makes no version; nor does a 304.
"""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from extraction.fetch import FetchError, HTTPStatusError, fetch_response
from extraction.intake import UploadError, check_page
from extraction.services import policy_version_ingest
from policies.models import PolicyVersion
from tracking.content import fingerprint
from tracking.models import ChangeEvent, Source, SourceCheck
from tracking.services.guard import page_refusal
from tracking.services.sources import source_claim, source_release

logger = logging.getLogger(__name__)

Outcome = SourceCheck.Outcome


def user_agent() -> str:
    return settings.TRACKING_USER_AGENT


@dataclass(frozen=True)
class CheckResult:
    source_id: int
    outcome: str
    version_id: int | None = None
    error: str = ""


class _Refused(Exception):
    def __init__(self, message: str, http_status: int | None = None):
        super().__init__(message)
        self.http_status = http_status


def retry_delay(*, failures: int, interval: int) -> int:
    """Exponential backoff after ``failures`` consecutive failures, never past the interval."""
    base = settings.TRACKING_RETRY_BASE
    return int(min(interval, base * 2 ** max(0, failures - 1)))


def source_check(*, source_id: int, force: bool = False, worker: str = "") -> CheckResult | None:
    """Check one source if this call wins its claim. Returns None when it did not."""
    token = source_claim(source_id=source_id, force=force)
    if token is None:
        return None
    started, t0 = timezone.now(), time.perf_counter()
    source = Source.objects.select_related("company", "policy").get(pk=source_id)
    worker = worker or socket.gethostname()
    http_status: int | None = None
    try:
        try:
            response = fetch_response(
                source.url, etag=source.etag, last_modified=source.last_modified,
                user_agent=user_agent(), timeout=settings.TRACKING_FETCH_TIMEOUT,
                max_bytes=settings.POLICY_MAX_UPLOAD_BYTES,
            )
        except HTTPStatusError as exc:
            raise _Refused(str(exc), exc.status) from exc
        except FetchError as exc:
            raise _Refused(str(exc)) from exc
        http_status = response.status
        if response.status == 304:
            return _succeeded(source, token, started, t0, worker, Outcome.NOT_MODIFIED,
                              http_status, response)
        try:
            converted = check_page(response.data, media_type=response.media_type,
                                   filename=response.url.rsplit("/", 1)[-1], url=response.url,
                                   source_kind="url", fetched_at=started)
        except UploadError as exc:
            raise _Refused(f"The document could not be used: {exc.message}",
                           http_status) from exc
        digest = fingerprint(converted.text)
        if digest == source.content_fingerprint:
            return _succeeded(source, token, started, t0, worker, Outcome.UNCHANGED,
                              http_status, response)
        refusal = page_refusal(text=converted.text, policy=source.policy)
        if refusal:
            raise _Refused(refusal, http_status)
        return _new_text(source, token, started, t0, worker, http_status, response, converted,
                         digest)
    except _Refused as exc:
        return _failed(source, token, started, t0, worker, str(exc), exc.http_status)
    except Exception as exc:
        # Anything unexpected (a bug, the database) still releases the claim and is recorded.
        logger.exception("Check of source %s failed", source_id)
        try:
            _failed(source, token, started, t0, worker, f"{type(exc).__name__}: {exc}",
                    http_status)
        except Exception:  # noqa: BLE001 - the database is down: the lease expires
            logger.warning("Could not record the failed check of source %s", source_id)
        raise


def _log(source, started, t0, worker, outcome, http_status, *, error="", version=None):
    duration = int((time.perf_counter() - t0) * 1000)
    return SourceCheck.objects.create(
        source=source, started_at=started, finished_at=timezone.now(), duration_ms=duration,
        outcome=outcome, http_status=http_status, error=error[:5000], version=version,
        worker=worker[:200],
    )


@transaction.atomic
def _succeeded(source, token, started, t0, worker, outcome, http_status, response,
               *, version=None, digest=None) -> CheckResult:
    now = timezone.now()
    fields = dict(
        status=Source.Status.OK, last_http_status=http_status, last_error="",
        last_checked_at=now, next_check_at=now + timedelta(seconds=source.check_interval),
        failure_count=0, check_count=F("check_count") + 1,
        etag=(response.etag or "")[:500], last_modified=(response.last_modified or "")[:100],
    )
    if digest is not None:
        fields["content_fingerprint"] = digest
    if version is not None:
        fields.update(last_version=version)
        if outcome == Outcome.NEW_VERSION:
            fields["last_changed_at"] = now
    if not source_release(source_id=source.pk, token=token, **fields):
        logger.warning("Source %s: claim lost before the check finished; result dropped",
                       source.pk)
        transaction.set_rollback(True)
        return CheckResult(source.pk, outcome, error="claim lost")
    _log(source, started, t0, worker, outcome, http_status, version=version)
    return CheckResult(source.pk, outcome, version.pk if version else None)


@transaction.atomic
def _new_text(source, token, started, t0, worker, http_status, response, converted, digest):
    result = policy_version_ingest(
        company=source.company, text=converted.text, source_kind=PolicyVersion.SourceKind.URL,
        kind=source.kind, source_url=response.url, media_type=converted.media_type,
        original_filename=converted.original_filename, fetched_at=converted.fetched_at,
    )
    outcome = Outcome.NEW_VERSION if result.created else Outcome.KNOWN_VERSION
    if result.created:
        ChangeEvent.objects.get_or_create(
            to_version=result.version,
            defaults=dict(company=source.company, policy=source.policy, source=source,
                          occurred_at=result.version.ingested_at),
        )
    return _succeeded(source, token, started, t0, worker, outcome, http_status, response,
                      version=result.version, digest=digest)


def _failed(source, token, started, t0, worker, error, http_status) -> CheckResult:
    with transaction.atomic():
        now = timezone.now()
        failures = source.failure_count + 1
        delay = retry_delay(failures=failures, interval=source.check_interval)
        released = source_release(
            source_id=source.pk, token=token, status=Source.Status.FAILING,
            last_http_status=http_status, last_error=error[:5000], last_checked_at=now,
            next_check_at=now + timedelta(seconds=delay), failure_count=failures,
            check_count=F("check_count") + 1,
        )
        if released:
            _log(source, started, t0, worker, Outcome.FAILED, http_status, error=error)
    logger.info("Source %s failing (%s): %s; retry in %ss", source.pk, failures, error, delay)
    return CheckResult(source.pk, Outcome.FAILED, error=error)


def sources_check_all(*, force: bool = True, progress=None) -> list[CheckResult]:
    """Check every unpaused source once, now, in this process (``manage.py track --now``);
    without ``force`` only the due ones. Sources another worker holds are skipped."""
    ids = list(Source.objects.filter(paused=False).order_by("pk").values_list("pk", flat=True))
    results = []
    for source_id in ids:
        result = source_check(source_id=source_id, force=force)
        if result is not None:
            results.append(result)
        if progress is not None:
            progress(result)
    return results
