"""Analyst pages: companies, a policy version, upload, clause search."""

from __future__ import annotations

import re
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from extraction.selectors import versions_lacking
from policies.forms import CompanyFilterForm
from policies.markup import text_parts, version_markup
from policies.models import ClauseValue, Company, Finding, PolicyVersion
from policies.search import clause_search, search_facets
from policies.selectors import (
    company_latest_version,
    company_search,
    filter_choices,
    version_clauses,
    version_for_company,
    version_previous,
    version_versions,
    versions_by_id,
)
from policies.values import SECTION_LABELS, clause_values
from review.checklist import reviewed_version_checklist

COMPANIES_PER_PAGE = 25
SEARCH_PER_PAGE = 30


def browsable(view):
    """Public when POLICY_PUBLIC_BROWSING is on (the default), otherwise sign-in required."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not settings.POLICY_PUBLIC_BROWSING and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@browsable
def company_list_view(request: HttpRequest) -> HttpResponse:
    form = CompanyFilterForm(
        request.GET or None,
        countries=filter_choices(field=ClauseValue.Field.COUNTRY),
        recipients=filter_choices(field=ClauseValue.Field.RECIPIENT),
    )
    filters: dict = {}
    if form.is_bound:
        form.is_valid()  # an invalid field shows its error and is ignored; the others filter
        filters = form.cleaned_data
    qs = company_search(
        q=filters.get("q", ""),
        has_retention=filters.get("has_retention", False),
        country=filters.get("country", ""),
        recipient=filters.get("recipient", ""),
        lacks_section=filters.get("lacks_section", ""),
        latest_version_in=(
            versions_lacking(key=filters["lacks_requirement"])
            if filters.get("lacks_requirement") else None
        ),
        sort=filters.get("sort") or "name",
    )
    page = Paginator(qs, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    companies = list(page.object_list)
    versions = versions_by_id([c.latest_version_id for c in companies])
    rows = []
    for company in companies:
        version = versions.get(company.latest_version_id)
        keys = sorted({s.key for s in version.sections.all()} - {"other"}) if version else []
        rows.append(
            {
                "company": company,
                "version": version,
                "section_labels": [SECTION_LABELS[k] for k in keys if k in SECTION_LABELS],
                "clause_count": company.clause_count,
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "policies/company_list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "query_string": params.urlencode(),
            "filtered": any(filters.get(k) for k in
                            ("q", "has_retention", "country", "recipient", "lacks_section",
                             "lacks_requirement")),
        },
    )


@browsable
def company_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A company's latest version (the version page), or a note that none exists yet."""
    company = get_object_or_404(Company, slug=slug)
    version = company_latest_version(company=company)
    if version is None:
        return render(request, "policies/company_empty.html", {"company": company})
    return _version_page(request, version)


@browsable
def version_detail_view(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    version = version_for_company(slug=slug, version_id=version_id)
    if version is None:
        raise Http404("No such version of this company's policy.")
    return _version_page(request, version)


def _version_page(request: HttpRequest, version: PolicyVersion) -> HttpResponse:
    company = version.policy.company
    # A long policy is shown in parts (markup.PART_CHARS of text each): bounded HTML and work.
    # Every section's outline is read as plain rows; full rows only for this part's.
    outline = list(version.sections.order_by("order").values_list("order", "key", "heading",
                                                                   "start", "end"))
    parts = text_parts(version.text, [row[3] for row in outline])
    part = request.GET.get("part", "1")
    part = min(max(int(part) if part.isdigit() else 1, 1), len(parts))
    window = parts[part - 1]
    sections = list(
        version.sections.filter(start__lt=window[1], end__gt=window[0])
        .annotate(n_clauses=Count("clauses")).order_by("order")
    )
    clauses = list(
        version_clauses(version=version).filter(start__lt=window[1], end__gt=window[0])
        if len(parts) > 1 else version_clauses(version=version)
    )
    findings = list(version.findings.all())
    empty_spans = tuple(
        (f.start, f.end) for f in findings
        if f.kind == Finding.Kind.EMPTY_SECTION and f.start is not None and f.end is not None
    )
    rendered, panels = version_markup(version=version, sections=sections, clauses=clauses,
                                      empty_spans=empty_spans,
                                      window=window if len(parts) > 1 else None)
    run = version.extraction_runs.order_by("-created_at", "-id").first()
    checklist = reviewed_version_checklist(version_id=version.pk)  # reviewed values win
    versions = list(version_versions(version=version))
    previous = version_previous(version=version)
    latest = next((v for v in versions if not v.held_back), None)
    index = next((i for i, v in enumerate(versions) if v.pk == version.pk), 0)
    for i, v in enumerate(versions):
        v.before_current = i > index  # newest first: later in the list is older
    # Contents: every section of this part; the other parts one line each (a 5 MB policy has
    # thousands of sections: listing them all would be most of the page).
    toc = []
    shown_parts: set[int] = set()
    counts = {s.order: s.n_clauses for s in sections}
    for order, key, heading, start, _end in outline:
        number = _part_of(parts, start)
        if number == part:
            toc.append({"id": f"section-{order}", "key": key,
                        "label": SECTION_LABELS.get(key, key), "heading": heading,
                        "clause_count": counts.get(order, 0), "href": ""})
        elif number not in shown_parts:
            shown_parts.add(number)
            toc.append({"id": f"section-{order}", "key": "other", "label": f"Part {number}",
                        "heading": f"from “{heading[:40]}”", "clause_count": 0,
                        "href": f"?part={number}"})
    if not outline:
        toc = [item for item in rendered if item.order >= 0]
    context = {
        "company": company,
        "version": version,
        "sections": rendered,
        "toc": toc,
        "attribute_panels": panels,
        "clause_count": version.clauses.count() if len(parts) > 1 else len(clauses),
        "part": part,
        "parts": [{"number": i + 1, "start": a, "end": b} for i, (a, b) in enumerate(parts)],
        "run": run,
        "versions": versions,
        "previous": previous,
        "findings": findings,
        "checklist": checklist,
        "checklist_gaps": [row for row in checklist if not row.addressed],
        "checklist_addressed": sum(row.addressed for row in checklist),
        "is_latest": latest is not None and latest.pk == version.pk,
        "latest": latest,
    }
    return render(request, "policies/version_detail.html", context)


def _part_of(parts: list[tuple[int, int]], offset: int) -> int:
    for number, (_, end) in enumerate(parts, start=1):
        if offset < end:
            return number
    return len(parts)


@browsable
def search_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    all_versions = request.GET.get("all") == "1"
    facet_section = request.GET.get("section", "").strip()[:20]
    facet_company = request.GET.get("company", "").strip()[:100]
    page = None
    results = []
    facets: dict = {"section": [], "company": []}
    if q:
        matches = clause_search(q=q, latest_only=not all_versions, section=facet_section,
                                company=facet_company)
        facets = search_facets(results=clause_search(q=q, latest_only=not all_versions))
        page = Paginator(matches, SEARCH_PER_PAGE)
        page = page.get_page(request.GET.get("page"))
        for clause in page.object_list:
            version = clause.version
            company = version.policy.company
            results.append(
                {
                    "clause": clause,
                    "company": company,
                    "version": version,
                    "url": reverse("policies:version-detail", args=[company.slug, version.pk])
                    + f"#clause-{clause.pk}",
                    "html": highlight(clause.text, q),
                    "values": [label for _, _, label in clause_values(clause)[:8]],
                    "section_key": (key := (clause.sections or [
                        clause.section.key if clause.section_id else "other"])[0]),
                    "section": SECTION_LABELS.get(key, ""),
                }
            )
    params = request.GET.copy()
    params.pop("page", None)
    facet_base = request.GET.copy()
    for key in ("page", "section", "company"):
        facet_base.pop(key, None)
    return render(
        request,
        "policies/search.html",
        {"q": q, "page": page, "results": results, "all_versions": all_versions,
         "query_string": params.urlencode(), "facets": facets, "facet_section": facet_section,
         "facet_company": facet_company, "facet_base": facet_base.urlencode(),
         "engine": "PostgreSQL full-text search, English" if _is_postgres()
         else "SQLite FTS5, porter stemming"},
    )


def _is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def highlight(text: str, q: str) -> str:
    """Escaped ``text`` with the query's words wrapped in ``<mark>``."""
    words = sorted({w.strip('"').lower() for w in q.split() if len(w.strip('"')) > 1},
                   key=len, reverse=True)
    words = [w for w in words if w not in {"or", "and", "not"}]
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, cursor = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[cursor : match.start()]))
        out.append(format_html("<mark>{}</mark>", match.group(0)))
        cursor = match.end()
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
