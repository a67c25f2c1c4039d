"""The seed fixtures: loaded, extracted, sectioned, idempotent, offsets exact."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from extraction.models import ExtractionRun
from policies.models import Clause, ClauseValue, Company, PolicyVersion, Section

pytestmark = pytest.mark.django_db


def test_five_companies_each_with_four_or_more_section_keys(seeds):
    assert Company.objects.count() == 5
    assert set(seeds) == {
        "all-in-print", "keditec-print", "intsig", "allmyink", "unnamed-retailer"
    }
    for company in seeds.values():
        version = PolicyVersion.objects.get(policy__company=company)
        keys = set(Section.objects.filter(version=version).values_list("key", flat=True))
        assert len(keys - {"other"}) >= 4, (company.slug, keys)
        assert version.extraction_runs.get().status == ExtractionRun.Status.DONE


def test_every_clause_text_is_exactly_its_slice_of_the_version_text(seeds):
    clauses = Clause.objects.select_related("version")
    assert clauses.count() > 100
    for clause in clauses:
        assert clause.text == clause.version.text[clause.start : clause.end]
        assert clause.text.strip(), "clauses are never blank"
    for section in Section.objects.select_related("version"):
        assert 0 <= section.start <= section.body_start <= section.end
        assert section.end <= len(section.version.text)


def test_clause_values_mirror_the_json_attributes(seeds):
    for clause in Clause.objects.prefetch_related("values"):
        by_field: dict[str, set[str]] = {}
        for value in clause.values.all():
            by_field.setdefault(value.field, set()).add(value.value)
            if value.start is not None:
                assert 0 <= value.start <= value.end <= len(clause.version.text)
        assert by_field.get("data_type", set()) == set(clause.data_types)
        assert by_field.get("section", set()) == set(clause.sections)
        assert by_field.get("right", set()) == set(clause.rights)


def test_reloading_the_seeds_creates_no_duplicates(seeds, django_capture_on_commit_callbacks):
    counts = (
        PolicyVersion.objects.count(),
        ExtractionRun.objects.count(),
        Clause.objects.count(),
        ClauseValue.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0)
    assert (
        PolicyVersion.objects.count(),
        ExtractionRun.objects.count(),
        Clause.objects.count(),
        ClauseValue.objects.count(),
    ) == counts
    assert Company.objects.count() == 5


def test_seed_last_updated_dates_are_parsed_from_the_text(seeds):
    version = PolicyVersion.objects.get(policy__company__slug="all-in-print")
    assert version.last_updated is not None
    assert version.last_updated.isoformat() == "2022-07-14"
    intsig = PolicyVersion.objects.get(policy__company__slug="intsig")
    assert intsig.last_updated is not None
    assert intsig.last_updated.isoformat() == "2016-04-12"


def test_missing_seed_folder_gives_a_clear_error(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="POLICY_SEEDS_DIR"):
        call_command("load_seeds", seeds_dir=str(tmp_path))
