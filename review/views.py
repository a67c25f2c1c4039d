"""Review pages: the keyboard-driven queue, one clause's review panel (loaded into the version
page), and the POST endpoint every review form sends to (CSRF-protected, reviewers only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from policies.models import Clause, ClauseValue, Company
from review.forms import ReviewForm
from review.models import Review, ReviewField
from review.selectors import review_counts, review_queue, reviews_unanchored, user_can_review
from review.services import review_create
from review.state import clause_review_state

QUEUE_PAGE = 50


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


@login_required
@require_POST
def review_act_view(request: HttpRequest) -> HttpResponse:
    if not user_can_review(request.user):
        raise PermissionDenied("Only members of the reviewers group (or staff) may review.")
    form = ReviewForm(request.POST)
    htmx = request.headers.get("HX-Request") == "true"
    next_url = _safe_next(request, request.POST.get("next", ""))
    error = ""
    review = None
    if form.is_valid():
        data = form.cleaned_data
        clause = Clause.objects.filter(pk=data["clause"]).first()
        if clause is None:
            error = "No such clause (it may have been re-extracted: reload the page)."
        else:
            try:
                review = review_create(
                    clause=clause, reviewer=request.user, field=data["field"],
                    action=data["action"], value=data.get("value") or "",
                    reason=data.get("reason") or "", new_value=data.get("new_value") or "",
                    span_start=data.get("span_start"), span_end=data.get("span_end"),
                    note=data.get("note") or "",
                )
            except ValidationError as exc:
                error = "; ".join(exc.messages)
    else:
        error = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    if htmx:
        return render(request, "review/_act_result.html", {"review": review, "error": error},
                      status=200 if review else 400)
    if review:
        messages.success(request, f"Saved: {review} ({review.field}).")
    else:
        messages.error(request, f"Not saved: {error}")
    return redirect(next_url or "review:queue")


@require_GET
def review_queue_view(request: HttpRequest) -> HttpResponse:
    company = request.GET.get("company", "").strip()
    field_name = request.GET.get("field", "").strip()
    reviewer = request.GET.get("reviewer", "").strip()
    problems = []
    if company and not Company.objects.filter(slug=company).exists():
        problems.append(f"Unknown company {company!r}.")
        company = ""
    fields = [f for f in ClauseValue.Field.values if f != "section"]
    if field_name and field_name not in fields:
        problems.append(f"Unknown field {field_name!r}.")
        field_name = ""
    queue = review_queue(company=company or None, field_name=field_name or None,
                         reviewer=reviewer or None, include_reviewed=bool(reviewer))
    page = Paginator(queue, QUEUE_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "counts": review_counts(),
        "companies": Company.objects.order_by("name").only("slug", "name"),
        "fields": fields,
        "company": company,
        "field_name": field_name,
        "reviewer": reviewer,
        "problems": problems,
        "can_review": user_can_review(request.user),
        "next_url": request.get_full_path(),
        "orphaned": list(
            Review.objects.filter(status=Review.Status.ORPHANED)
            .select_related("reviewer", "version__policy__company").defer("version__text")
            .order_by("-created_at")[:20]
        ),
    }
    return render(request, "review/queue.html", context, status=400 if problems else 200)


@require_GET
def clause_panel_view(request: HttpRequest, clause_id: int) -> HttpResponse:
    """One clause's machine and reviewed values, its reviews, and (for reviewers) a form."""
    clause = get_object_or_404(Clause.objects.select_related("version__policy__company"),
                               pk=clause_id)
    state = clause_review_state(clause)
    targets = [
        (field, value)
        for field in ReviewField.values
        for value in state["machine"].get(field, [])
        if field != "practice" or value
    ]
    version = clause.version
    unanchored = reviews_unanchored(version=version) if request.GET.get("all") else []
    return render(request, "review/_clause_panel.html", {
        "clause": clause,
        "state": state,
        "targets": targets,
        "fields": ReviewField.choices,
        "actions": Review.Action.choices,
        "reasons": Review.Reason.choices,
        "can_review": user_can_review(request.user),
        "next_url": _safe_next(request, request.GET.get("next", ""))
        or f"{request.path}",
        "unanchored": unanchored,
    })
