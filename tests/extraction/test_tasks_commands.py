"""Operator commands: ``reextract`` (batches, progress bar, filters) and ``sweep_runs``."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from extraction import tasks
from extraction.models import ExtractionRun
from extraction.services.reextract import pipeline_version_key
from policies.models import Clause
from tests.factories import CompanyFactory, PolicyFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db

Status = ExtractionRun.Status


def _version(policy, pipeline: str | None, status=Status.DONE):
    version = PolicyVersionFactory(policy=policy)
    if pipeline is not None:
        ExtractionRun.objects.create(
            version=version, status=status, pipeline_version=pipeline, finished_at=timezone.now()
        )
    return version


def _call(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("reextract", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def fleet():
    acme = PolicyFactory(company=CompanyFactory(slug="acme"))
    globex = PolicyFactory(company=CompanyFactory(slug="globex"))
    return {
        "acme_old": _version(acme, "rules-1.0"),
        "acme_new": _version(acme, "rules-1.2"),
        "globex_old": _version(globex, "rules-0.9"),
        "globex_never": _version(globex, None),
        "globex_busy": _version(globex, "rules-1.0", status=Status.RUNNING),
    }


def test_reextract_all_runs_every_idle_version_eagerly_and_keeps_old_runs(
    fleet, django_capture_on_commit_callbacks
):
    before = set(ExtractionRun.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        out, err = _call("--all", "--batch-size", "2")
    assert "Queued 4 run(s)." in out
    assert "Queueing runs" in err and "4/4" in err, "tqdm progress bar on stderr"
    new = ExtractionRun.objects.exclude(pk__in=before)
    assert sorted(new.values_list("version_id", flat=True)) == sorted(
        fleet[k].pk for k in ("acme_old", "acme_new", "globex_old", "globex_never")
    )
    assert set(new.values_list("status", flat=True)) == {Status.DONE}
    assert set(ExtractionRun.objects.filter(pk__in=before).values_list("pk", flat=True)) == before
    assert Clause.objects.filter(version=fleet["acme_old"]).exists()
    assert not ExtractionRun.objects.filter(version=fleet["globex_busy"]).exclude(
        pk__in=before
    ).exists(), "a version with an active run is skipped"


def test_reextract_filters_by_company_and_pipeline_version(
    fleet, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.extract_run, "apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        send.return_value.id = "t"
        out, _ = _call("--company", "globex", "--pipeline-version-older-than", "rules-1.0")
    sent = sorted(c.kwargs["args"][0] for c in send.call_args_list)
    queued = ExtractionRun.objects.filter(pk__in=sent)
    assert sorted(queued.values_list("version_id", flat=True)) == sorted(
        [fleet["globex_old"].pk, fleet["globex_never"].pk]
    )
    assert set(queued.values_list("status", flat=True)) == {Status.QUEUED}
    assert "Queued 2 run(s)." in out


def test_reextract_dry_run_and_bad_arguments(fleet):
    out, _ = _call("--all", "--pipeline-version-older-than", "1.1", "--dry-run")
    assert "3 version(s) would be re-extracted." in out
    count = ExtractionRun.objects.count()
    for args, message in (
        ((), "--company SLUG"),
        (("--all", "--company", "acme"), "not both"),
        (("--company", "nope"), "Unknown company slug(s): nope"),
        (("--all", "--pipeline-version-older-than", "latest"), "no version number"),
        (("--all", "--batch-size", "0"), "at least 1"),
    ):
        with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
            _call(*args)
    assert ExtractionRun.objects.count() == count


@pytest.mark.django_db(transaction=True)  # each batch really commits, then dispatches
def test_reextract_with_the_broker_down_leaves_runs_queued_for_the_sweep(fleet):
    from kombu.exceptions import OperationalError

    with mock.patch.object(
        tasks.extract_run, "apply_async", side_effect=OperationalError("refused")
    ) as send:
        out, err = _call("--company", "acme")
    assert send.call_count == 1, "stops trying after the first failure"
    assert "Queued 2 run(s)." in out and "2 run(s) stay queued" in err
    assert ExtractionRun.objects.filter(status=Status.QUEUED, dispatched_at=None).count() == 2


def test_pipeline_versions_compare_by_number():
    assert pipeline_version_key("rules-1.10") > pipeline_version_key("rules-1.9")
    assert pipeline_version_key("rules-2.0") > pipeline_version_key("1.99")
    assert pipeline_version_key("") == ()


def test_sweep_runs_command_reports_and_dry_runs(settings):
    long_ago = timezone.now() - timedelta(days=1)
    stalled = ExtractionRun.objects.create(
        version=PolicyVersionFactory(), status=Status.RUNNING, attempts=1, started_at=long_ago
    )
    out = io.StringIO()
    call_command("sweep_runs", "--dry-run", stdout=out)
    assert "would re-queue 1 stalled" in out.getvalue()
    assert ExtractionRun.objects.get(pk=stalled.pk).status == Status.RUNNING
    with mock.patch.object(tasks.extract_run, "apply_async") as send:
        send.return_value.id = "t"
        out = io.StringIO()
        call_command("sweep_runs", stdout=out)
    assert "re-queue 1 stalled" in out.getvalue() and "dispatch 1 queued" in out.getvalue()
    assert ExtractionRun.objects.get(pk=stalled.pk).status == Status.QUEUED


def test_beat_schedules_the_sweep_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["extraction-sweep"]
    assert entry["task"] == tasks.sweep_runs.name == "extraction.sweep_runs"
    assert entry["schedule"] == settings.POLICY_EXTRACTION_SWEEP_INTERVAL
    with mock.patch("extraction.tasks.extraction_runs_sweep") as sweep:
        sweep.return_value.summary.return_value = "ok"
        assert tasks.sweep_runs.apply().get() == "ok"
