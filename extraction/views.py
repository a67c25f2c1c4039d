"""The upload page, and run status for browsers (an htmx-polled fragment) and scripts (JSON).

Include the fragment in a page with ``{% include "extraction/_run_status.html" with run=run %}``;
while the run is queued or running it polls ``extraction:run-status`` every second and swaps
itself, and when it reaches ``done`` it asks htmx to reload the page once (to show the new
clauses) unless included ``with ... reload_when_done=False``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from extraction.forms import UploadForm, as_form_error
from extraction.intake import UploadError, megabytes
from extraction.models import ExtractionRun, UploadConversion
from extraction.services import (
    policy_version_ingest,
    upload_conversion_create,
    upload_conversion_retry,
)
from policies.models import Company, PolicyVersion
from policies.services import SimilarCompanyError, company_get_or_create

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


@login_required
def upload_view(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.method == "GET" and request.GET.get("company"):
        initial["company"] = Company.objects.filter(slug=request.GET["company"]).first()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
    else:
        form = UploadForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                company = data["company"]
                if company is None:
                    company, _ = company_get_or_create(
                        name=data["new_company"], distinct=bool(data.get("distinct_company"))
                    )
                if form.deferred is not None:
                    upload = upload_conversion_create(
                        company=company,
                        filename=form.deferred.name,
                        content_type=form.deferred.content_type,
                        data=form.deferred.data,
                        source_kind=PolicyVersion.SourceKind.UPLOAD,
                        last_updated=data.get("last_updated"),
                        uploaded_by=request.user,
                    )
                    return redirect("extraction:upload-detail", pk=upload.pk)
                intake = form.intake
                result = policy_version_ingest(
                    company=company,
                    text=intake.text,
                    source_kind=intake.source_kind,
                    source_url=intake.source_url,
                    original_filename=intake.original_filename,
                    media_type=intake.media_type,
                    last_updated=data.get("last_updated"),
                    fetched_at=intake.fetched_at,
                    uploaded_by=request.user,
                )
        except UploadError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, as_form_error(exc))
        except SimilarCompanyError as exc:
            form.similar = exc.existing
            form.add_error("new_company", exc.error_dict["name"])
        except ValidationError as exc:
            for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else ():
                target = {"name": "new_company"}.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc)
        else:
            url = reverse("policies:version-detail", args=[company.slug, result.version.pk])
            if result.created and result.held_back:
                messages.warning(
                    request,
                    f"Stored a new version of {company.name}'s policy "
                    f"({result.version.word_count:,} words), but held it back: it may not be "
                    "the policy (see why below). It will not become the latest version until "
                    "you confirm it.",
                    extra_tags="suspicious",
                )
            elif result.created:
                messages.success(
                    request,
                    f"Stored a new version of {company.name}'s policy "
                    f"({result.version.word_count:,} words); extraction started.",
                )
            else:
                messages.info(
                    request,
                    format_html(
                        'Duplicate: {} is already stored as <a href="{}">version {} of {}</a> '
                        "(ingested {}). Nothing new was saved.",
                        "this exact text" if result.exact else
                        "the same text (differing only in whitespace, line breaks or Unicode "
                        "forms)",
                        url,
                        result.version.pk,
                        company.name,
                        result.version.ingested_at.strftime("%Y-%m-%d %H:%M"),
                    ),
                    extra_tags="duplicate",
                )
            return redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(request, "extraction/upload.html", {"form": form}, status=status)


# --- PDF/DOCX uploads converted after the response ---------------------------------------------


def upload_status_data(upload: UploadConversion) -> dict[str, Any]:
    """The JSON shape of a conversion's status (the API serializer has the same fields)."""
    return {
        "id": upload.pk,
        "state": upload.state,
        "state_label": upload.get_state_display(),
        "active": upload.is_active,
        "filename": upload.filename,
        "size": upload.size,
        "company": upload.company.slug,
        "error_code": upload.error_code,
        "error": upload.error,
        "attempts": upload.attempts,
        "created_version": upload.created_version,
        "version": upload.version_id,
        "run": upload.run_id,
        "seconds": upload.seconds,
        "created_at": upload.created_at.isoformat() if upload.created_at else None,
        "finished_at": upload.finished_at.isoformat() if upload.finished_at else None,
    }


def _own_upload(request: HttpRequest, pk: int) -> UploadConversion:
    """The conversion, if the user uploaded it or is staff (its file is not public yet)."""
    upload = get_object_or_404(
        UploadConversion.objects.select_related("company", "version").defer("data"), pk=pk
    )
    if not (request.user.is_staff or upload.uploaded_by_id == request.user.pk):
        raise Http404("No such upload.")
    return upload


def _upload_context(upload: UploadConversion) -> dict[str, Any]:
    version_url = ""
    if upload.version_id:
        version_url = reverse(
            "policies:version-detail", args=[upload.company.slug, upload.version_id]
        )
    return {"upload": upload, "size": megabytes(upload.size), "version_url": version_url}


@never_cache
@login_required
def upload_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The page an upload of a PDF or DOCX lands on: converting…, then the version."""
    upload = _own_upload(request, pk)
    if upload.state == UploadConversion.State.DONE and request.GET.get("stay") != "1":
        return redirect(_upload_context(upload)["version_url"])
    return render(request, "extraction/upload_status.html", _upload_context(upload))


@never_cache
@login_required
@require_GET
def upload_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment, polled by htmx while the conversion is active; when it is done,
    htmx is sent on to the new version's page."""
    upload = _own_upload(request, pk)
    context = _upload_context(upload) | {"partial": True}
    response = render(request, "extraction/_upload_status.html", context)
    if upload.state == UploadConversion.State.DONE and context["version_url"]:
        response["HX-Redirect"] = context["version_url"]
    return response


@never_cache
@login_required
@require_GET
def upload_status_json_view(request: HttpRequest, pk: int) -> HttpResponse:
    return JsonResponse(upload_status_data(_own_upload(request, pk)))


@login_required
@require_POST
def upload_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _own_upload(request, pk)
    if upload_conversion_retry(upload=upload):
        messages.info(request, f"Converting {upload.filename} again.")
    return redirect("extraction:upload-detail", pk=upload.pk)
