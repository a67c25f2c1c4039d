"""Extraction services: ingest a version with its run, run it, save its results, recover.

The package splits by concern; import from ``extraction.services`` as before.
"""

from extraction.services.ingest import IngestResult, policy_version_ingest
from extraction.services.reextract import (
    EnqueueReport,
    ReextractSelection,
    extraction_runs_enqueue,
    reextract_versions,
)
from extraction.services.results import (
    VALUE_FIELDS,
    RunSuperseded,
    iso_duration_days,
    run_results_save,
)
from extraction.services.runs import (
    EXTRACT_RUN_TASK,
    TRANSIENT_ERRORS,
    extraction_run_claim,
    extraction_run_create,
    extraction_run_dispatch,
    extraction_run_execute,
    extraction_run_fail,
    extraction_run_give_up,
    extraction_run_progress,
    extraction_run_requeue,
    is_transient,
)
from extraction.services.sweep import SweepReport, extraction_runs_sweep
from extraction.services.uploads import (
    CONVERT_UPLOAD_TASK,
    DEFERRED_SUFFIXES,
    upload_conversion_claim,
    upload_conversion_create,
    upload_conversion_dispatch,
    upload_conversion_execute,
    upload_conversion_retry,
    upload_conversions_sweep,
    upload_is_deferred,
)
from policies.models import Clause, ClauseValue, Finding, Section

__all__ = [
    "CONVERT_UPLOAD_TASK",
    "DEFERRED_SUFFIXES",
    "EXTRACT_RUN_TASK",
    "TRANSIENT_ERRORS",
    "VALUE_FIELDS",
    "Clause",
    "ClauseValue",
    "Finding",
    "EnqueueReport",
    "IngestResult",
    "ReextractSelection",
    "RunSuperseded",
    "Section",
    "SweepReport",
    "extraction_run_claim",
    "extraction_run_create",
    "extraction_run_dispatch",
    "extraction_run_execute",
    "extraction_run_fail",
    "extraction_run_give_up",
    "extraction_run_progress",
    "extraction_run_requeue",
    "extraction_runs_enqueue",
    "extraction_runs_sweep",
    "is_transient",
    "iso_duration_days",
    "policy_version_ingest",
    "reextract_versions",
    "run_results_save",
    "upload_conversion_claim",
    "upload_conversion_create",
    "upload_conversion_dispatch",
    "upload_conversion_execute",
    "upload_conversion_retry",
    "upload_conversions_sweep",
    "upload_is_deferred",
]
