"""Re-extraction: queue new runs for versions when the pipeline improves.

Old runs keep their records (status, pipeline version, timings); the new run's results
replace the version's clauses atomically when it finishes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery

from extraction.models import ExtractionRun
from extraction.services.runs import extraction_run_dispatch
from policies.models import PolicyVersion
from policies.selectors import VERSION_ORDER_ASC, latest_version_subquery

Status = ExtractionRun.Status


def pipeline_version_key(value: str) -> tuple[int, ...]:
    """Order pipeline versions by their numbers: "rules-1.10" > "rules-1.9" > "rules-1.0"."""
    return tuple(int(n) for n in re.findall(r"\d+", value or ""))


@dataclass(frozen=True)
class ReextractSelection:
    company_slugs: tuple[str, ...] = ()
    all_companies: bool = False
    pipeline_version_older_than: str = ""
    latest_only: bool = False


def reextract_versions(selection: ReextractSelection) -> list[int]:
    """Ids of the versions to re-extract, oldest first.

    Skips versions that already have a queued or running run (it will use the current
    pipeline anyway). With ``pipeline_version_older_than`` keeps only versions whose latest
    finished run used an older pipeline, or that have no finished run.
    """
    if not selection.all_companies and not selection.company_slugs:
        raise ValueError("Choose companies (--company SLUG) or --all.")
    versions = PolicyVersion.objects.all()
    if selection.company_slugs:
        versions = versions.filter(policy__company__slug__in=selection.company_slugs)
    if selection.latest_only:
        versions = versions.filter(pk=latest_version_subquery(policy_ref="policy"))
    active = ExtractionRun.objects.filter(status__in=[Status.QUEUED, Status.RUNNING])
    versions = versions.exclude(pk__in=active.values("version_id"))
    last_done = ExtractionRun.objects.filter(version=OuterRef("pk"), status=Status.DONE).order_by(
        "-finished_at", "-pk"
    )
    rows = versions.annotate(done_pipeline=Subquery(last_done.values("pipeline_version")[:1]))
    rows = rows.order_by(*VERSION_ORDER_ASC).values_list("pk", "done_pipeline")
    threshold = selection.pipeline_version_older_than
    if not threshold:
        return [pk for pk, _ in rows]
    limit = pipeline_version_key(threshold)
    if not limit:
        raise ValueError(f"{threshold!r} has no version number (e.g. rules-1.1 or 1.1).")
    return [pk for pk, done in rows if not done or pipeline_version_key(done) < limit]


@dataclass
class EnqueueReport:
    run_ids: list[int]
    undispatched: list[int]


def extraction_runs_enqueue(
    *,
    version_ids: Sequence[int],
    batch_size: int = 50,
    on_batch: Callable[[int], None] | None = None,
) -> EnqueueReport:
    """Create a queued run per version, in batches of one transaction each, and send them.

    Each batch's messages go out after its commit. If the broker is unreachable the remaining
    runs stay queued (no time spent on more connection attempts) and the sweep sends them.
    """
    report = EnqueueReport(run_ids=[], undispatched=[])

    def dispatch_all(run_ids: Iterable[int]) -> None:
        for run_id in run_ids:
            if report.undispatched or not extraction_run_dispatch(run_id=run_id):
                report.undispatched.append(run_id)

    for start in range(0, len(version_ids), max(1, batch_size)):
        chunk = version_ids[start : start + max(1, batch_size)]
        with transaction.atomic():
            runs = ExtractionRun.objects.bulk_create(ExtractionRun(version_id=v) for v in chunk)
            ids = [r.pk for r in runs]
            transaction.on_commit(lambda ids=ids: dispatch_all(ids))
        report.run_ids.extend(ids)
        if on_batch is not None:
            on_batch(len(chunk))
    return report
