"""The GDPR checklist stored with the extraction results: on the version page, in the API, the
comparison and its exports, and the companies-list filter "lacks requirement"."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from unittest import mock

import pytest
from django.urls import reverse

from extraction.models import ExtractionRun, RequirementCheck
from extraction.nlp.checklist import REQUIREMENT_KEYS
from extraction.selectors import checklists_for_versions, version_checklist
from extraction.services import extraction_run_create
from policies.models import Clause, PolicyVersion

pytestmark = pytest.mark.django_db
SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]


def _version(slug: str) -> PolicyVersion:
    return PolicyVersion.objects.get(policy__company__slug=slug)


def test_every_seed_has_a_full_checklist_with_evidence_on_its_clauses(seeds):
    for slug in SEEDS:
        version = _version(slug)
        rows = version_checklist(version_id=version.pk)
        assert [r.key for r in rows] == list(REQUIREMENT_KEYS)
        for row in rows:
            assert bool(row.evidence) == row.addressed
            for e in row.evidence:
                assert e.clause_id is not None
                assert version.text[e.start:e.end] == e.text


def test_allmyink_names_its_controller_and_contact_details(seeds):
    rows = {r.key: r for r in version_checklist(version_id=_version("allmyink").pk)}
    identity = rows["controller_identity"]
    assert identity.addressed
    assert any("Jester Group" in e.text for e in identity.evidence)
    contact = rows["controller_contact"]
    assert contact.addressed
    said = " ".join(e.text for e in contact.evidence)
    assert "sales@allmyink.com" in said or "Telephone" in said
    # the policy that names no company has no controller identity
    unnamed = {r.key: r for r in version_checklist(version_id=_version("unnamed-retailer").pk)}
    assert not unnamed["controller_identity"].addressed


def test_all_in_print_transfers_and_retention_detail(seeds):
    rows = {r.key: r for r in version_checklist(version_id=_version("all-in-print").pk)}
    assert "CN" in rows["third_country_transfers"].detail["countries"]
    durations = {r["duration"] for r in rows["retention_period"].detail["retention"]}
    assert "P18M" in durations


def test_reextraction_replaces_the_checklist_and_a_failed_save_keeps_it(
    seeds, django_capture_on_commit_callbacks
):
    from extraction import nlp

    version = _version("intsig")
    before = list(RequirementCheck.objects.filter(version=version).values_list("pk", "key"))
    assert len(before) == len(REQUIREMENT_KEYS)
    gaps_before = RequirementCheck.objects.filter(version=version, addressed=False).count()

    def boom(**kwargs):
        raise RuntimeError("disk full")

    with mock.patch("extraction.services.results.requirement_checks_replace", boom):
        with django_capture_on_commit_callbacks(execute=True):
            run = extraction_run_create(version=version)
    run.refresh_from_db()
    assert run.status == ExtractionRun.Status.FAILED
    after = list(RequirementCheck.objects.filter(version=version).values_list("pk", "key"))
    assert after == before  # the clauses' deletion rolled back with it
    assert Clause.objects.filter(version=version).exists()

    analyze = nlp.analyze_document

    def shorter(text, **kwargs):  # keeps only the first section's sentences
        analysis = analyze(text, **kwargs)
        keep = [c for c in analysis.clauses if c.section_index == 0]
        return replace(analysis, clauses=tuple(keep))

    with mock.patch("extraction.nlp.analyze_document", shorter):
        with django_capture_on_commit_callbacks(execute=True):
            run = extraction_run_create(version=version)
    run.refresh_from_db()
    assert run.status == ExtractionRun.Status.DONE
    checks = RequirementCheck.objects.filter(version=version)
    assert checks.count() == len(REQUIREMENT_KEYS)
    assert not ({pk for pk, _ in before} & set(checks.values_list("pk", flat=True)))
    first = {c.start for c in Clause.objects.filter(version=version)}
    for check in checks:
        assert all(e["start"] in first for e in check.evidence)
    assert checks.filter(addressed=False).count() > gaps_before  # fewer sentences, more gaps
    assert not checks.get(key="right_complaint").addressed


def test_version_page_panel_links_and_gaps(client, seeds):
    version = _version("allmyink")
    response = client.get(reverse("policies:company-detail", args=["allmyink"]))
    html = response.content.decode()
    assert 'id="gdpr-checklist"' in html
    rows = version_checklist(version_id=version.pk)
    for row in rows:
        for e in row.evidence:
            assert f'href="#clause-{e.clause_id}"' in html
            assert f'id="clause-{e.clause_id}"' in html
        if not row.addressed:
            assert f'<li class="gap" data-requirement="{row.key}">' in html
    assert "What this policy fails to say" in html


def test_version_api_has_the_checklist(client, seeds):
    version = _version("keditec-print")
    data = client.get(f"/api/v1/versions/{version.pk}/").json()
    items = data["checklist"]
    assert [i["key"] for i in items] == list(REQUIREMENT_KEYS)
    for item in items:
        for e in item["evidence"]:
            assert data["text"][e["start"]:e["end"]] == e["text"]
    legal = next(i for i in items if i["key"] == "legal_basis")
    if legal["addressed"]:
        assert set(legal["detail"].get("legal_bases", [])) <= {
            "consent", "contract", "legal_obligation", "vital_interests", "public_task",
            "legitimate_interests"}


def test_compare_api_and_exports_carry_the_checklist(client, seeds, django_assert_max_num_queries):
    query = "&".join(f"company={s}" for s in SEEDS)
    data = client.get(f"/api/v1/compare/?{query}").json()
    assert [r["key"] for r in data["checklist"]] == list(REQUIREMENT_KEYS)
    for row in data["checklist"]:
        assert len(row["cells"]) == 5
        for cell in row["cells"]:
            assert cell["addressed"] in (True, False)
            for e in cell["evidence"]:
                assert e["url"].startswith("http://testserver/companies/")
    page_query = "&".join(f"c={s}" for s in SEEDS)
    response = client.get(f"{reverse('comparison:export-csv')}?{page_query}&table=checklist")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {r["table"] for r in rows} == {"checklist"}
    assert {r["status"] for r in rows} == {"addressed", "not_found"}
    gaps = {(r["company_slug"], r["value"]) for r in rows if r["status"] == "not_found"}
    assert ("unnamed-retailer", "controller_identity") in gaps
    found = [r for r in rows if r["status"] == "addressed"]
    assert all(r["evidence"] and "#clause-" in r["url"] for r in found)
    exported = client.get(f"{reverse('comparison:export-json')}?{page_query}").json()
    assert any(r["table"] == "checklist" for r in exported["rows"])
    # the checklist costs one query, however many companies
    ids = [_version(s).pk for s in SEEDS]
    with django_assert_max_num_queries(1):
        checklists_for_versions(ids)


def test_companies_list_filter_lacks_requirement(client, seeds):
    url = reverse("policies:company-list")
    response = client.get(url, {"lacks_requirement": "controller_identity"})
    html = response.content.decode()
    assert "Unnamed online retailer" in html
    assert "allmyink.com (Jester Group)" not in html
    everyone = client.get(url, {"lacks_requirement": "right_portability"}).content.decode()
    lacking = {
        slug for slug in SEEDS
        if not RequirementCheck.objects.get(version=_version(slug), key="right_portability")
        .addressed
    }
    for slug in SEEDS:
        assert (f"/companies/{slug}/" in everyone) == (slug in lacking)
    bad = client.get(url, {"lacks_requirement": "nope"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_a_version_extracted_before_the_checklist_says_so(client, seeds):
    version = _version("keditec-print")
    RequirementCheck.objects.filter(version=version).delete()
    html = client.get(reverse("policies:company-detail", args=["keditec-print"])).content.decode()
    assert "not computed for this version yet" in html
    query = "&".join(f"c={s}" for s in ("keditec-print", "intsig"))
    page = client.get(f"{reverse('comparison:compare')}?{query}").content.decode()
    assert 'class="unknown" data-company="keditec-print"' in page
