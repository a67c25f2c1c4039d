"""Saving a run's results: replace a version's sections, clauses, findings and GDPR checklist
atomically."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from contract.clause_fields import CLAUSE_LIST_FIELDS
from extraction.models import ExtractionRun
from extraction.services.checklist import requirement_checks_replace
from extraction.signals import results_saved
from policies.models import Clause, ClauseValue, Finding, PolicyVersion, Section
from policies.services import policy_version_date_set
from policies.values import clause_search_document, iso_duration_days

if TYPE_CHECKING:
    from extraction.nlp.types import DocumentAnalysis

logger = logging.getLogger(__name__)


class RunSuperseded(Exception):
    """The run is no longer this attempt's: a newer attempt claimed it, or it was finished."""


# Clause attribute (JSON list) -> ClauseValue.field, from the registry (contract.clause_fields)
VALUE_FIELDS: dict[str, str] = {f.name: f.value_field for f in CLAUSE_LIST_FIELDS}



@transaction.atomic
def run_results_save(
    *,
    run: ExtractionRun,
    analysis: DocumentAnalysis,
    analyse_seconds: float = 0.0,
    attempt: int | None = None,
) -> None:
    """Replace the version's sections, clauses and findings with this run's, atomically.

    With ``attempt`` (the claim's attempt number) the save is fenced: the run row is locked
    and the results are written only if that attempt still owns the run, so an attempt that
    lost its claim (its worker was presumed dead and the run re-queued) can never write a
    second copy of the results. It raises ``RunSuperseded`` and the transaction rolls back.
    """
    saving_started = time.perf_counter()
    if attempt is not None:
        owned = list(
            ExtractionRun.objects.select_for_update()
            .filter(pk=run.pk, status=ExtractionRun.Status.RUNNING, attempts=attempt)
            .values_list("pk", flat=True)
        )
        if not owned:
            raise RunSuperseded(f"Run {run.pk} attempt {attempt} no longer owns the run")
    version = PolicyVersion.objects.select_for_update().get(pk=run.version_id)
    text = version.text
    Finding.objects.filter(version=version).delete()
    Clause.objects.filter(version=version).delete()
    Section.objects.filter(version=version).delete()

    sections = Section.objects.bulk_create(
        Section(
            version=version,
            key=s.key,
            keys=list(s.keys or (s.key,)),
            heading=s.heading[:500],
            order=i,
            start=s.start,
            end=s.end,
            body_start=s.body_start,
        )
        for i, s in enumerate(analysis.sections)
    )
    clauses: list[Clause] = []
    for i, c in enumerate(analysis.clauses):
        if text[c.start : c.end] != c.text:
            raise ValueError(f"Clause {i} offsets do not slice the stored text")
        retention = c.retention
        clauses.append(
            Clause(
                version=version,
                section=sections[c.section_index] if 0 <= c.section_index < len(sections) else None,
                order=i,
                start=c.start,
                end=c.end,
                text=c.text,
                sections=list(c.sections),
                practice=c.practice,
                negated=c.negated,
                modality=c.modality,
                data_types=list(c.data_types),
                purposes=list(c.purposes),
                recipient_names=list(c.recipient_names),
                recipient_categories=list(c.recipient_categories),
                rights=list(c.rights),
                countries=list(c.countries),
                retention_duration=(retention.duration or "") if retention else "",
                retention_days=iso_duration_days(retention.duration) if retention else None,
                retention_qualifier=retention.qualifier if retention else "",
                children_age=c.children_age,
                confidence=min(1.0, max(0.0, float(c.confidence))),
                scope=c.scope or "",
                dnt_stance=c.dnt_stance or "",
                evidence=[
                    {"field": e.field, "value": e.value, "start": e.start, "end": e.end}
                    for e in c.evidence
                ],
                pipeline_version=analysis.pipeline_version,
            )
        )
    for clause in clauses:
        clause.search_document = clause_search_document(clause)
    clauses = Clause.objects.bulk_create(clauses)
    values: list[ClauseValue] = []
    for clause in clauses:
        spans = {(e["field"], e["value"]): (e["start"], e["end"]) for e in clause.evidence}
        for attr, field in VALUE_FIELDS.items():
            for value in dict.fromkeys(getattr(clause, attr)):
                start, end = spans.get((attr, value), (None, None))
                values.append(
                    ClauseValue(
                        clause=clause,
                        field=field,
                        value=value,
                        start=start,
                        end=end,
                        # the clause's list position, for the value index (policies.clause_list)
                        sort_version=clause.version_id,
                        sort_order=clause.order,
                    )
                )
    ClauseValue.objects.bulk_create(values, batch_size=2000)
    Finding.objects.bulk_create(
        Finding(
            version=version,
            kind=f.kind,
            section_key=f.section,
            message=f.message,
            start=f.start,
            end=f.end,
        )
        for f in analysis.findings
    )
    requirement_checks_replace(
        version=version,
        analysis=analysis,
        clause_ids={(c.start, c.end): c.pk for c in clauses},
    )
    if version.last_updated is None and analysis.last_updated is not None:
        policy_version_date_set(version=version, last_updated=analysis.last_updated)
    timings = dict(analysis.timings)
    timings["analyse"] = round(analyse_seconds, 4)
    timings["save"] = round(time.perf_counter() - saving_started, 4)
    finished = ExtractionRun.objects.filter(pk=run.pk)
    if attempt is not None:
        finished = finished.filter(status=ExtractionRun.Status.RUNNING, attempts=attempt)
    updated = finished.update(
        status=ExtractionRun.Status.DONE,
        stage=ExtractionRun.Stage.DONE,
        progress=100,
        pipeline_version=analysis.pipeline_version,
        clause_count=len(clauses),
        timings=timings,
        finished_at=timezone.now(),
        error="",
    )
    if updated != 1:
        raise RunSuperseded(f"Run {run.pk} changed while its results were being saved")
    results_saved.send(sender=ExtractionRun, run=run, version=version)
