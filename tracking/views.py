"""Pages: tracked sources (list, add, detail with its checks), changes across companies, a
change event, a company's version timeline."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from policies.models import Company
from policies.services import company_get_or_create
from tracking.forms import ChangeFilterForm, SourceForm
from tracking.models import ChangeEvent, Source
from tracking.selectors import change_events, company_timeline, diff_path, source_checks, sources
from tracking.services import source_create, source_update
from tracking.services.sources import source_check_dispatch

PER_PAGE = 50


def _browsable(request: HttpRequest) -> HttpResponse | None:
    if settings.POLICY_PUBLIC_BROWSING or request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path())


@require_http_methods(["GET", "POST"])
def source_list_view(request: HttpRequest) -> HttpResponse:
    if (denied := _browsable(request)) is not None:
        return denied
    form = SourceForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    company = data["company"] or company_get_or_create(
                        name=data["new_company"])[0]
                    source, created = source_create(
                        company=company, url=data["url"], kind=data["kind"],
                        check_interval=data["check_interval"], created_by=request.user,
                    )
                    if created:
                        transaction.on_commit(lambda: source_check_dispatch(
                            source_id=source.pk, force=True))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "Now tracking this address; the first check is "
                                 "under way." if created else "This address is already tracked.")
                return redirect("tracking:source-detail", pk=source.pk)
    status = request.GET.get("status", "")
    qs = sources(status=status if status in Source.Status.values else "")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    counts = {s: Source.objects.filter(status=s).count() for s in Source.Status.values}
    return render(request, "tracking/source_list.html", {
        "form": form, "page": page, "sources": page.object_list, "status": status,
        "statuses": Source.Status.choices, "counts": counts,
    })


def source_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _browsable(request)) is not None:
        return denied
    source = get_object_or_404(Source.objects.select_related("company", "policy", "created_by"),
                               pk=pk)
    events = change_events(ready_only=False).filter(source=source)[:20]
    return render(request, "tracking/source_detail.html", {
        "source": source, "checks": source_checks(source, limit=30), "events": events,
        "can_edit": _can_edit(request, source),
    })


def _can_edit(request: HttpRequest, source: Source) -> bool:
    user = request.user
    return bool(user.is_authenticated and (user.is_staff or source.created_by_id == user.pk))


@login_required
@require_POST
def source_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    if action == "check":
        transaction.on_commit(lambda: source_check_dispatch(source_id=source.pk, force=True))
        messages.success(request, "A check was queued.")
        return redirect("tracking:source-detail", pk=pk)
    if not _can_edit(request, source):
        raise PermissionDenied("Only the user who added this source (or staff) may change it.")
    if action in {"pause", "resume"}:
        source_update(source=source, paused=action == "pause")
        messages.success(request, "Paused." if action == "pause" else "Resumed; checking soon.")
    return redirect("tracking:source-detail", pk=pk)


def changes_view(request: HttpRequest) -> HttpResponse:
    if (denied := _browsable(request)) is not None:
        return denied
    form = ChangeFilterForm(request.GET or None)
    filters: dict = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    qs = change_events(**filters) if not form.errors else ChangeEvent.objects.none()
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    section = filters.get("section", "")
    rows = [{"event": e, "diff": diff_path(e),
             "top": [c for c in e.changes if not section or c["section"] == section][:3]}
            for e in page.object_list]
    feed = "/feeds/changes.atom" if not filters.get("company") else (
        f"/feeds/companies/{filters['company'].slug}.atom")
    if section:
        feed += f"?section={section}"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tracking/changes.html", {
        "form": form, "page": page, "rows": rows, "feed": feed, "query": query.urlencode(),
    })


def change_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _browsable(request)) is not None:
        return denied
    event = get_object_or_404(change_events(ready_only=False), pk=pk)
    return render(request, "tracking/change_detail.html", {"event": event,
                                                            "diff": diff_path(event)})


def timeline_view(request: HttpRequest, slug: str) -> HttpResponse:
    if (denied := _browsable(request)) is not None:
        return denied
    company = get_object_or_404(Company, slug=slug)
    return render(request, "tracking/timeline.html", {
        "company": company, "rows": company_timeline(company),
        "sources": sources(company=company),
    })
