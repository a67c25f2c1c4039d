from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from policies.models import Company, SectionKey
from policies.selectors import (
    company_latest_version,
    company_list,
    version_sections_with_clauses,
    version_versions,
    versions_by_id,
)


def company_list_view(request: HttpRequest) -> HttpResponse:
    companies = list(company_list())
    versions = versions_by_id([c.latest_version_id for c in companies])
    labels = dict(SectionKey.choices)
    rows = []
    for company in companies:
        version = versions.get(company.latest_version_id)
        keys = sorted({s.key for s in version.sections.all()}) if version else []
        rows.append(
            {
                "company": company,
                "version": version,
                "section_labels": [labels[k] for k in keys if k in labels],
                "section_count": len(keys),
            }
        )
    return render(request, "policies/company_list.html", {"rows": rows})


def company_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    version = company_latest_version(company=company)
    context = {"company": company, "version": version, "sections": [], "versions": []}
    if version is not None:
        sections = []
        for section in version_sections_with_clauses(version=version):
            sections.append(
                {
                    "section": section,
                    "heading": version.text[section.start : section.body_start].strip(),
                    "body": version.text[section.body_start : section.end].strip(),
                }
            )
        context.update(
            sections=sections,
            versions=version_versions(version=version),
            run=version.extraction_runs.order_by("-created_at", "-id").first(),
            findings=version.findings.all(),
        )
    return render(request, "policies/company_detail.html", context)
