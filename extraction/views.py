"""Run status for browsers (an htmx-polled fragment) and scripts (JSON).

Include the fragment in a page with ``{% include "extraction/_run_status.html" with run=run %}``;
while the run is queued or running it polls ``extraction:run-status`` every second and swaps
itself, and when it reaches ``done`` it asks htmx to reload the page once (to show the new
clauses) unless included ``with ... reload_when_done=False``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from extraction.models import ExtractionRun

POLL_SECONDS = 1


def run_status_data(run: ExtractionRun) -> dict[str, Any]:
    """The JSON shape of a run's status (also what the fragment shows)."""
    return {
        "id": run.pk,
        "version": run.version_id,
        "status": run.status,
        "status_label": run.get_status_display(),
        "stage": run.stage,
        "stage_label": run.get_stage_display(),
        "progress": run.progress,
        "active": run.is_active,
        "error": run.error,
        "attempts": run.attempts,
        "clause_count": run.clause_count,
        "pipeline_version": run.pipeline_version,
        "timings": run.timings,
        "created_at": run.created_at.isoformat() if run.created_at else None,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "status_url": reverse("extraction:run-status-json", args=[run.pk]),
    }


def _denied(request: HttpRequest) -> HttpResponse | None:
    if settings.POLICY_PUBLIC_BROWSING or request.user.is_authenticated:
        return None
    if request.headers.get("HX-Request") or request.path.endswith(".json"):
        return JsonResponse({"detail": "Authentication required."}, status=401)
    return redirect_to_login(request.get_full_path())


@never_cache
@require_GET
def run_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment, swapped in place by htmx while the run is active."""
    if (denied := _denied(request)) is not None:
        return denied
    run = get_object_or_404(ExtractionRun.objects.select_related("version"), pk=pk)
    reload_when_done = request.GET.get("reload", "1") != "0"
    response = render(
        request,
        "extraction/_run_status.html",
        {"run": run, "partial": True, "reload_when_done": reload_when_done},
    )
    if not run.is_active:
        response["HX-Trigger"] = "extraction-run-finished"
        if reload_when_done and run.status == ExtractionRun.Status.DONE:
            response["HX-Refresh"] = "true"
    return response


@never_cache
@require_GET
def run_status_json_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _denied(request)) is not None:
        return denied
    run = get_object_or_404(ExtractionRun, pk=pk)
    return JsonResponse(run_status_data(run))
