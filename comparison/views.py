"""Comparison pages: companies side by side, version diffs, and their CSV/JSON exports."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from comparison.builders import comparison_build
from comparison.builders.matrices import retention_sorted
from comparison.builders.verdicts import STATUSES
from comparison.diff import version_diff_build
from comparison.export import TABLES, comparison_rows, rows_to_csv
from comparison.html import cell_html, text_diff_html, verdicts_html
from comparison.selectors import MAX_COMPANIES, MIN_COMPANIES, clean_slugs
from comparison.types import Comparison, SectionRow
from policies.models import Company, PolicyVersion
from policies.selectors import company_latest_version, company_versions, version_previous
from policies.values import LOW_CONFIDENCE, duration_label
from policies.views import browsable
from review.html import verdict_review_html
from review.selectors import user_can_review

PICKER_LIMIT = 60
VERDICT_CHOICES = (("stated", "stated"), ("denied", "denied"), ("conflicting", "conflicting"))


def _slugs(request: HttpRequest) -> list[str]:
    slugs = []
    for raw in request.GET.getlist("c"):
        slugs.extend(part for part in raw.split(","))
    return clean_slugs(slugs)


def _problem(slugs: list[str], comparison: Comparison | None) -> str:
    if comparison is not None and comparison.missing:
        return "Unknown compan{}: {}.".format(
            "y" if len(comparison.missing) == 1 else "ies", ", ".join(comparison.missing)
        )
    if len(slugs) < MIN_COMPANIES:
        return "" if not slugs else f"Choose at least {MIN_COMPANIES} companies to compare."
    if len(slugs) > MAX_COMPANIES:
        return f"Compare at most {MAX_COMPANIES} companies at a time (you chose {len(slugs)})."
    return ""


def retention_extremes(row) -> tuple[str, str]:
    """The longest and shortest periods as the policy writes them ("18 months", not "540
    days"): the durations of the entries whose length (days, for sorting) is the max / min."""
    dated = [e for e in row.entries if e.days is not None and e.duration]
    if not dated:
        return "", ""
    longest = max(dated, key=lambda e: e.days)
    shortest = min(dated, key=lambda e: e.days)
    return duration_label(longest.duration), duration_label(shortest.duration)


@browsable
def compare_view(request: HttpRequest, export_format: str = "") -> HttpResponse:
    slugs = _slugs(request)
    export_format = export_format or request.GET.get("format", "")
    comparison = None
    if MIN_COMPANIES <= len(slugs) <= MAX_COMPANIES:
        comparison = comparison_build(slugs=slugs)
    problem = _problem(slugs, comparison)
    if comparison is None or problem:
        status = 404 if comparison is not None and comparison.missing else (
            400 if slugs else 200)
        if export_format:
            return JsonResponse({"error": problem or "Give 2 to 6 companies as ?c=<slug>."},
                                status=400 if status == 200 else status)
        return _picker(request, slugs, problem, status)
    if export_format in {"csv", "json"}:
        return _export(request, comparison, export_format, slugs)
    rsort = request.GET.get("rsort", "")
    verdict_filter = request.GET.get("verdict", "")
    if verdict_filter not in dict(VERDICT_CHOICES):
        verdict_filter = ""
    context = {
        "comparison": comparison,
        "columns": comparison.columns,
        "lines": (lines := [_row_lines(row, comparison.columns,
                                       frozenset(request.GET.getlist("all")),
                                       urlencode([("c", s) for s in slugs]))
                            for row in comparison.rows]),
        "empty_rows": sum(item["empty_rows"] for item in lines),
        "retention": [
            (comparison.columns[r.column], r, *retention_extremes(r),
             r.entries[:MAX_RETENTION_ENTRIES], max(0, len(r.entries) - MAX_RETENTION_ENTRIES))
            for r in retention_sorted(comparison.matrices.retention, rsort)
        ],
        "rsort": rsort,
        "matrices": _matrices(comparison, verdict_filter, _review_controls(request)),
        "verdict_filter": verdict_filter,
        "low_confidence": LOW_CONFIDENCE,
        "verdict_choices": VERDICT_CHOICES,
        "conflicts": [
            {"conflict": c, "column": comparison.columns[c.column],
             "matrix": getattr(comparison.matrices, c.matrix).title,
             "html": verdicts_html((c.verdict,))}
            for c in comparison.matrices.conflicts
        ],
        "checklist": [
            (row, list(zip(comparison.columns, row.cells, strict=True)))
            for row in comparison.checklist
        ],
        "base_query": urlencode([("c", s) for s in slugs]),
        "remove_links": [
            (col, urlencode([("c", s) for s in slugs if s != col.slug]))
            for col in comparison.columns
        ],
        "col_width": max(14, 84 // len(comparison.columns)),
    }
    return render(request, "comparison/compare.html", context)


def _review_controls(request: HttpRequest):
    """For reviewers: the review buttons of a matrix cell (review app), posting back here."""
    if not user_can_review(request.user):
        return None
    token, here = get_token(request), request.get_full_path()

    def controls(matrix_key: str, row_key: str, cell) -> str:
        return verdict_review_html(matrix_key=matrix_key, row_key=row_key, verdicts=cell,
                                   csrf_token=token, next_url=f"{here}#matrix-{matrix_key}")

    return controls


def _with_controls(html, controls, matrix_key: str, row_key: str, cell):
    if controls is None:
        return html
    return mark_safe(html + controls(matrix_key, row_key, cell))  # noqa: S308 - both escaped


def _matrices(comparison: Comparison, status: str, controls=None) -> list[dict]:
    """The verdict matrices as the template shows them; with ``status``, only the rows where
    some company's verdict has it; ``controls`` adds a reviewer's buttons to each cell."""
    out = []
    for m in comparison.matrices.tables():
        dnt = m.key == "do_not_track"
        rows = [
            {"row": r, "cells": [
                (col, _with_controls(verdicts_html(cell, show_not_stated=dnt), controls,
                                     m.key, r.key, cell),
                 all(v.status == "not_stated" and not v.limited for v in cell))
                for col, cell in zip(comparison.columns, r.cells, strict=True)]}
            for r in m.rows if not status or r.has(status)
        ]
        out.append({"matrix": m, "rows": rows, "hidden": len(m.rows) - len(rows)})
    return out


def _picker(request: HttpRequest, slugs: list[str], problem: str, status: int) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    companies = Company.objects.order_by("name")
    if q:
        companies = companies.filter(name__icontains=q)
    chosen = list(Company.objects.filter(slug__in=slugs).order_by("name"))
    shown = [c for c in companies[:PICKER_LIMIT] if c.slug not in slugs]
    return render(
        request,
        "comparison/picker.html",
        {"problem": problem, "chosen": chosen, "companies": shown, "q": q,
         "more": companies.count() > PICKER_LIMIT, "slugs": slugs},
        status=status,
    )


# A section shows at most this many aligned lines, and a cell at most this many valueless
# statements, until asked for all (``&all=<key>``): a huge policy's section can have thousands.
MAX_SECTION_LINES = 60
MAX_MORE_STATEMENTS = 20
# The retention matrix lists at most this many periods per company (the longest and shortest
# are computed from all of them); the version page has the rest.
MAX_RETENTION_ENTRIES = 40


def _more_html(row: SectionRow, more, limit: int | None, base_query: str):
    """A cell's valueless statements (folded), at most ``limit`` of them with a link to all."""
    if limit is None or len(more) <= limit:
        return cell_html((), more)
    return format_html(
        '{}<p class="more-note hint">{} of {} shown — <a href="?{}&amp;all={}#row-{}">show all'
        " of {}</a></p>",
        cell_html((), more[:limit]), limit, len(more), base_query, row.key, row.key, row.label,
    )


def _row_lines(row: SectionRow, columns, expanded: frozenset[str] = frozenset(),
               base_query: str = "") -> dict:
    """Table lines of one section: the aligned lines of each practice group, then its folded
    valueless statements; a gap cell spans all the section's lines."""
    lines = []
    limit = None if row.key in expanded else MAX_SECTION_LINES
    more_limit = None if row.key in expanded else MAX_MORE_STATEMENTS
    total = sum(len(group.lines) + (1 if any(group.more) else 0) for group in row.groups)
    for group in row.groups:
        if limit is not None and len(lines) >= limit:
            break
        for index, aligned in enumerate(group.lines):
            if limit is not None and len(lines) >= limit:
                break
            lines.append({"group": group, "label": index == 0, "empty": not any(aligned),
                          "cells": [
                {"column": i, "html": cell_html((ref,) if ref else (), ())}
                for i, ref in enumerate(aligned)
            ]})
        if any(group.more) and (limit is None or len(lines) < limit):
            lines.append({"group": group, "label": not group.lines, "empty": False, "cells": [
                {"column": i, "html": _more_html(row, more, more_limit, base_query)}
                for i, more in enumerate(group.more)
            ]})
    hidden = total - len(lines)
    if not lines:
        lines.append({"group": None, "label": False, "empty": True,
                      "cells": [{"column": c.index, "html": ""} for c in columns]})
    span = len(lines)
    for number, line in enumerate(lines):
        cells = []
        for cell in line["cells"]:
            section_cell = row.cells[cell["column"]]
            slug = columns[cell["column"]].slug
            if section_cell.gap:
                if number == 0:
                    cells.append({"kind": "gap", "cell": section_cell, "rowspan": span,
                                  "slug": slug})
                continue
            cells.append({"kind": "clauses", "html": cell["html"], "slug": slug})
        line["cells"] = cells
        line["first"] = number == 0
    # Folded by default on the page (counted, with a button to show them): a line on which no
    # company's cell has a statement ("—" in every column), and a whole section when none of
    # its lines has one: every company's cell is empty or a gap (nobody covers it).
    empty = all(line["empty"] for line in lines)
    empty_rows = span if empty else sum(1 for line in lines if line["empty"] and not line["first"])
    return {"row": row, "lines": lines, "span": span, "empty": empty, "hidden": hidden,
            "empty_rows": empty_rows}


def _export(request, comparison: Comparison, fmt: str, slugs: list[str]) -> HttpResponse:
    tables = [t for t in request.GET.getlist("table") if t in TABLES] or list(TABLES)
    statuses = [v for v in request.GET.getlist("verdict") if v in STATUSES]
    rows = list(comparison_rows(comparison, tables, verdicts=statuses))
    for row in rows:
        for key in ("url", "conflicting_url"):
            if row.get(key):
                row[key] = request.build_absolute_uri(row[key])
    name = "policy-atlas-" + "-vs-".join(slugify(s)[:30] for s in slugs)
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"companies": slugs, "tables": tables, "rows": rows},
                       ensure_ascii=False, indent=1, default=str),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    response = HttpResponse(rows_to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@browsable
def version_diff_view(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    versions = list(company_versions(company=company))
    if not versions:
        raise Http404("This company has no policy versions.")
    old_id, new_id = request.GET.get("from", ""), request.GET.get("to", "")
    if not (old_id.isdigit() and new_id.isdigit()):
        if len(versions) < 2:
            return render(request, "comparison/diff.html",
                          {"company": company, "versions": versions, "diff": None,
                           "problem": "This company has only one version: nothing to compare "
                                      "yet."})
        url = reverse("comparison:version-diff", args=[slug])
        newest = company_latest_version(company=company) or versions[0]
        base = version_previous(version=newest)
        if base is None:  # the latest is the oldest eligible: compare it with the next one
            base, newest = newest, next(v for v in versions if v.pk != newest.pk)
        old_id, new_id = str(base.pk), str(newest.pk)
        return HttpResponse(status=302, headers={"Location": f"{url}?from={old_id}&to={new_id}"})
    by_id = {v.pk: v for v in versions}
    if int(old_id) not in by_id or int(new_id) not in by_id:
        raise Http404("Both versions must belong to this company.")
    old = PolicyVersion.objects.select_related("policy__company").get(pk=int(old_id))
    new = PolicyVersion.objects.select_related("policy__company").get(pk=int(new_id))
    diff = version_diff_build(old=old, new=new)
    fmt = request.GET.get("format", "")
    if fmt == "json":
        return JsonResponse(diff.to_dict(), json_dumps_params={"ensure_ascii": False})
    return render(
        request,
        "comparison/diff.html",
        {"company": company, "versions": versions, "diff": diff, "old": old, "new": new,
         "text_html": text_diff_html(diff.text), "problem": ""},
    )

