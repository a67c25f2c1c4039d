"""PDF and DOCX uploads converted off the request: store the bytes, convert later, ingest.

Converting a large PDF takes tens of seconds (pdfminer.six reads every glyph), so the upload
request only checks what is cheap (name, size, type, the file's first bytes) and stores the
bytes as an ``UploadConversion``; the conversion runs after the response, on the same path as
extraction runs (a Celery task with a broker, this process's background thread without one),
then ingests the text exactly as a text upload does (``policy_version_ingest``: duplicates,
effective date, the suspicious-version check, the extraction run).

States, each change a conditional UPDATE (a duplicate message is a no-op):

* ``queued`` -> ``converting``: ``upload_conversion_claim`` (also reclaims a conversion whose
  worker died: claimed longer ago than ``POLICY_UPLOAD_CONVERSION_STALE_SECONDS``);
* ``converting`` -> ``done``: the version is stored (``version``, ``run``, ``created_version``);
  the bytes are dropped, since the version holds the text;
* ``converting`` -> ``failed``: unreadable, no text, binary…; ``error_code``/``error`` say
  why, the bytes are kept and ``upload_conversion_retry`` queues it again.
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from extraction.intake import UploadError, check_bytes, check_file_name
from extraction.models import UploadConversion
from extraction.services.ingest import policy_version_ingest
from extraction.services.runs import apply_eagerly, background_submit, is_transient
from policies.models import Company

logger = logging.getLogger(__name__)

CONVERT_UPLOAD_TASK = "extraction.convert_upload"
#: File types whose conversion is deferred: the slow ones. Text and HTML convert in
#: milliseconds and stay in the request (their errors are shown on the form at once).
DEFERRED_SUFFIXES = (".pdf", ".docx")

State = UploadConversion.State

# What the first bytes of each deferred type must be (a renamed executable or image is
# refused in the request, with the same codes the converter uses).
_MAGIC = {".pdf": (b"%PDF",), ".docx": (b"PK\x03\x04",)}


def upload_is_deferred(name: str) -> bool:
    return PurePath(name or "").suffix.lower() in DEFERRED_SUFFIXES


def _check_head(data: bytes, *, suffix: str, field: str) -> None:
    if not data or not data.strip():
        raise UploadError("empty", "The file is empty.", field)
    if not data.startswith(_MAGIC[suffix]):
        what = "PDF" if suffix == ".pdf" else "Word (.docx)"
        raise UploadError(
            "unreadable", f"The file is named {suffix} but is not a {what} document.", field
        )


def stale_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(
        seconds=settings.POLICY_UPLOAD_CONVERSION_STALE_SECONDS
    )


@transaction.atomic
def upload_conversion_create(
    *,
    company: Company,
    filename: str,
    data: bytes,
    source_kind: str,
    content_type: str = "",
    kind: str = "privacy",
    source_url: str = "",
    last_updated: date | None = None,
    uploaded_by: AbstractBaseUser | None = None,
    field: str = "file",
) -> UploadConversion:
    """Check what is cheap, store the bytes, convert after the transaction commits.

    Raises ``UploadError`` (nothing stored) for a wrong name, size or first bytes."""
    name = PurePath(filename or "").name
    check_file_name(name=name, size=len(data), field=field)
    suffix = PurePath(name).suffix.lower()
    if suffix not in DEFERRED_SUFFIXES:
        raise ValueError(f"{suffix} uploads are converted in the request")
    _check_head(data, suffix=suffix, field=field)
    upload = UploadConversion.objects.create(
        company=company,
        kind=kind,
        filename=name[:255],
        content_type=content_type[:200],
        size=len(data),
        data=data,
        source_kind=source_kind,
        source_url=source_url,
        last_updated=last_updated,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: upload_conversion_dispatch(upload_id=upload.pk))
    return upload


def upload_conversion_dispatch(*, upload_id: int) -> bool:
    """Send the conversion task; a broker outage leaves it queued for the sweep."""
    from celery import current_app

    task = current_app.tasks[CONVERT_UPLOAD_TASK]
    queued = UploadConversion.objects.filter(pk=upload_id, state=State.QUEUED)
    if current_app.conf.task_always_eager and settings.POLICY_EAGER_IN_BACKGROUND:
        queued.update(dispatched_at=timezone.now())
        background_submit(apply_eagerly, task, upload_id)
        return True
    try:
        task.apply_async(args=[upload_id], queue=settings.POLICY_EXTRACTION_QUEUE)
    except Exception:  # noqa: BLE001 - any broker failure: the sweep re-dispatches later
        logger.warning(
            "Could not dispatch the conversion of upload %s; it stays queued for the sweep",
            upload_id,
            exc_info=True,
        )
        return False
    queued.update(dispatched_at=timezone.now())
    return True


def upload_conversion_claim(*, upload_id: int) -> bool:
    """``queued`` (or stale ``converting``) -> ``converting``, by one conditional UPDATE."""
    now = timezone.now()
    claimable = Q(state=State.QUEUED) | Q(state=State.CONVERTING, claimed_at__lt=stale_before(now))
    won = (
        UploadConversion.objects.filter(claimable, pk=upload_id)
        .update(state=State.CONVERTING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return won == 1


def _finish(upload_id: int, **fields) -> None:
    UploadConversion.objects.filter(pk=upload_id, state=State.CONVERTING).update(
        finished_at=timezone.now(), **fields
    )


def upload_conversion_execute(*, upload_id: int) -> UploadConversion | None:
    """Convert and ingest one upload. A no-op (None) when another worker has it or it is
    finished. Conversion errors end it ``failed`` (bytes kept); transient database errors
    propagate for the task to retry."""
    if not upload_conversion_claim(upload_id=upload_id):
        return None
    upload = UploadConversion.objects.select_related("company", "uploaded_by").get(pk=upload_id)
    started = time.perf_counter()
    try:
        intake = check_bytes(
            bytes(upload.data),
            filename=upload.filename,
            media_type=upload.content_type,
            source_kind=upload.source_kind,
            source_url=upload.source_url,
        )
    except UploadError as exc:
        _finish(upload_id, state=State.FAILED, error_code=exc.code, error=exc.message,
                seconds=time.perf_counter() - started)
        return UploadConversion.objects.get(pk=upload_id)
    except Exception as exc:  # noqa: BLE001 - a converter bug must not leave it converting
        logger.exception("Conversion of upload %s failed", upload_id)
        _finish(upload_id, state=State.FAILED, error_code="unreadable",
                error=f"The file could not be converted ({type(exc).__name__}).",
                seconds=time.perf_counter() - started)
        return UploadConversion.objects.get(pk=upload_id)
    seconds = time.perf_counter() - started
    try:
        with transaction.atomic():
            result = policy_version_ingest(
                company=upload.company,
                kind=upload.kind,
                text=intake.text,
                source_kind=upload.source_kind,
                source_url=upload.source_url,
                original_filename=upload.filename,
                media_type=intake.media_type,
                last_updated=upload.last_updated,
                uploaded_by=upload.uploaded_by,
            )
            UploadConversion.objects.filter(pk=upload_id, state=State.CONVERTING).update(
                state=State.DONE, version=result.version, run=result.run,
                created_version=result.created, seconds=seconds, data=b"",
                error_code="", error="", finished_at=timezone.now(),
            )
    except Exception as exc:
        if is_transient(exc):
            UploadConversion.objects.filter(pk=upload_id, state=State.CONVERTING).update(
                state=State.QUEUED, claimed_at=None
            )
            raise
        logger.exception("Ingesting upload %s failed", upload_id)
        _finish(upload_id, state=State.FAILED, error_code="ingest_failed",
                error=f"The text could not be stored: {type(exc).__name__}: {exc}"[:2000],
                seconds=seconds)
    return UploadConversion.objects.get(pk=upload_id)


@transaction.atomic
def upload_conversion_retry(*, upload: UploadConversion) -> bool:
    """Queue a failed conversion again (its bytes were kept)."""
    again = UploadConversion.objects.filter(pk=upload.pk, state=State.FAILED).update(
        state=State.QUEUED, error_code="", error="", claimed_at=None, finished_at=None,
        dispatched_at=None,
    )
    if again:
        transaction.on_commit(lambda: upload_conversion_dispatch(upload_id=upload.pk))
    return bool(again)


def upload_conversions_sweep(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    """(Re)dispatch conversions never sent, lost, or whose worker died; returns their ids."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.POLICY_EXTRACTION_DISPATCH_GRACE)
    lost = now - timedelta(seconds=settings.POLICY_BROKER_VISIBILITY_TIMEOUT)
    pending = (
        Q(state=State.QUEUED)
        & (Q(dispatched_at__isnull=True, created_at__lte=grace) | Q(dispatched_at__lt=lost))
    ) | Q(state=State.CONVERTING, claimed_at__lt=stale_before(now))
    ids = list(
        UploadConversion.objects.filter(pending).order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = []
    for pk in ids:
        if upload_conversion_dispatch(upload_id=pk):
            sent.append(pk)
    return sent
