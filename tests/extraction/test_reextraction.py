"""Re-extraction with a new pipeline version replaces clauses atomically, keeps old runs."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import pytest

from extraction import services
from extraction.models import ExtractionRun
from extraction.services import extraction_run_create
from policies.models import Clause, ClauseValue, PolicyVersion

pytestmark = pytest.mark.django_db


def _rerun(version, django_capture_on_commit_callbacks, analyze=None):
    from extraction import nlp

    target = analyze or nlp.analyze_document
    with mock.patch("extraction.nlp.analyze_document", target):
        with django_capture_on_commit_callbacks(execute=True):
            run = extraction_run_create(version=version)
    run.refresh_from_db()
    return run


def test_new_pipeline_version_replaces_clauses_and_keeps_the_old_run(
    seeds, django_capture_on_commit_callbacks
):
    from extraction import nlp

    analyze_v1 = nlp.analyze_document
    version = PolicyVersion.objects.get(policy__company__slug="all-in-print")
    old_run = version.extraction_runs.get()
    old_ids = set(Clause.objects.filter(version=version).values_list("pk", flat=True))
    old_count = len(old_ids)

    def analyze_v2(text, **kwargs):
        analysis = analyze_v1(text, **kwargs)
        return replace(
            analysis,
            pipeline_version="test-2.0",
            clauses=tuple(replace(c) for c in analysis.clauses),
        )

    new_run = _rerun(version, django_capture_on_commit_callbacks, analyze_v2)
    assert new_run.status == ExtractionRun.Status.DONE
    assert new_run.pipeline_version == "test-2.0"
    clauses = Clause.objects.filter(version=version)
    assert clauses.count() == old_count
    assert set(clauses.values_list("pipeline_version", flat=True)) == {"test-2.0"}
    assert not (set(clauses.values_list("pk", flat=True)) & old_ids), "old clauses are gone"
    old_run.refresh_from_db()
    assert old_run.status == ExtractionRun.Status.DONE
    assert old_run.pipeline_version == nlp.PIPELINE_VERSION
    assert version.extraction_runs.count() == 2


def test_a_failure_while_saving_leaves_the_previous_results_untouched(
    seeds, django_capture_on_commit_callbacks
):
    version = PolicyVersion.objects.get(policy__company__slug="intsig")
    before = list(Clause.objects.filter(version=version).values_list("pk", "text"))
    values_before = ClauseValue.objects.filter(clause__version=version).count()
    assert before

    original = services.ClauseValue.objects.bulk_create

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    with mock.patch.object(services.ClauseValue.objects, "bulk_create", boom):
        run = _rerun(version, django_capture_on_commit_callbacks)
    assert services.ClauseValue.objects.bulk_create == original
    assert run.status == ExtractionRun.Status.FAILED
    assert "disk full" in run.error
    assert list(Clause.objects.filter(version=version).values_list("pk", "text")) == before
    assert ClauseValue.objects.filter(clause__version=version).count() == values_before
