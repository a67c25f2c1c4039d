"""A checkout without ../shared runs on the team's demo policies of fictional companies:
`load_seeds` loads and extracts them when the seed folder is absent, and their comparison shows
the facts their texts state."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from extraction.models import ExtractionRun
from policies.models import Company, PolicyVersion
from policies.seeds import DEMO_DIR, load_demo_manifest

pytestmark = pytest.mark.django_db

SLUGS = ["demo-brightloop", "demo-kestrel-finch", "demo-nimbus-ledger", "demo-pebble-pals"]
BRIGHTLOOP, KESTREL, NIMBUS, PEBBLE = range(4)
GDPR_RIGHTS = ["access", "rectification", "erasure", "restriction", "objection", "portability",
               "withdraw_consent", "complaint"]


@pytest.fixture
def demo(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.SEEDS_DIR = tmp_path / "no-shared-seeds"  # a clone with nothing beside it
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=out)
    return out.getvalue()


@pytest.fixture
def comparison(demo):
    response = APIClient().get("/api/v1/compare/", {"company": SLUGS})
    assert response.status_code == 200, response.content
    return response.json()


def statuses(matrix: dict, row_key: str, column: int) -> list[str]:
    (row,) = [r for r in matrix["rows"] if r["key"] == row_key]
    return [verdict["status"] for verdict in row["cells"][column]]


def clauses_of(comparison: dict, section: str, column: int) -> list[dict]:
    (row,) = [r for r in comparison["rows"] if r["key"] == section]
    return [ref for group in row["groups"] for ref in group["cells"][column]]


def test_without_the_seed_folder_the_demo_policies_are_loaded_and_extracted(demo):
    assert demo.splitlines()[0].startswith("No seed policies at ")  # the one-line notice
    assert "fixtures/demo/" in demo.splitlines()[0]
    assert sorted(Company.objects.values_list("slug", flat=True)) == SLUGS
    for version in PolicyVersion.objects.all():
        assert version.extraction_runs.get().status == ExtractionRun.Status.DONE
        assert version.clauses.count() >= 15
        assert version.last_updated is not None  # each text states its date


def test_reloading_the_demo_adds_nothing(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=io.StringIO())
    assert PolicyVersion.objects.count() == 4 and ExtractionRun.objects.count() == 4


def test_the_demo_manifest_names_every_text_and_only_fictional_example_domains():
    seeds = load_demo_manifest()
    assert len(seeds) >= 4
    files = {p.name for p in DEMO_DIR.glob("*.txt")}
    assert {s.path.name for s in seeds} == files
    manifest = json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8"))
    for item in manifest["seeds"]:
        assert item["company"]["website"].endswith(".example")
        assert "(demo)" in item["company"]["name"]


def test_the_us_app_sells_data_and_ignores_do_not_track(comparison):
    m = comparison["matrices"]
    assert statuses(m["do_not_track"], "do_not_track", BRIGHTLOOP) == ["denied"]
    assert statuses(m["data_types"], "location", BRIGHTLOOP) == ["stated", "stated"]
    assert statuses(m["data_types"], "device_identifiers", BRIGHTLOOP)[1] == "stated"
    assert statuses(m["recipients"], "Google Analytics", BRIGHTLOOP) == ["stated"]
    sells = [c for c in clauses_of(comparison, "sharing", BRIGHTLOOP) if c["practice"] == "sell"]
    assert sells and not any(c["negated"] for c in sells)
    # the others say they do not sell
    for column in (KESTREL, NIMBUS, PEBBLE):
        sales = [c for c in clauses_of(comparison, "sharing", column) if c["practice"] == "sell"]
        assert sales and all(c["negated"] for c in sales), column


def test_the_eu_shop_grants_every_gdpr_right_and_names_a_dpo(comparison):
    rights = comparison["matrices"]["rights"]
    for right in GDPR_RIGHTS:
        assert statuses(rights, right, KESTREL) == ["stated"], right
        assert statuses(rights, right, BRIGHTLOOP) == ["not_stated"], right
    contact = clauses_of(comparison, "contact", KESTREL)
    assert any("data protection officer" in c["text"] for c in contact)
    durations = {e["duration"] for e in comparison["matrices"]["retention"][KESTREL]["entries"]}
    assert {"P10Y", "P30D"} <= durations


def test_the_saas_transfers_to_named_countries_under_safeguards(comparison):
    transfers = comparison["matrices"]["transfers"]
    for country in ("US", "IN", "AU"):
        assert statuses(transfers, country, NIMBUS) == ["stated"], country
        assert statuses(transfers, country, PEBBLE) == ["not_stated"], country
    transfer_texts = [c["text"] for c in clauses_of(comparison, "transfers", NIMBUS)]
    assert any("standard contractual clauses" in t for t in transfer_texts)
    recipients = comparison["matrices"]["recipients"]
    for name in ("Amazon Web Services", "Stripe", "Zendesk"):
        assert statuses(recipients, name, NIMBUS) == ["stated"], name


def test_the_childrens_service_states_its_age_and_no_sale_or_advertising(comparison):
    children = clauses_of(comparison, "children", PEBBLE)
    ages = {v["value"] for c in children for v in c["values"] if v["field"] == "children_age"}
    assert "13" in ages
    sharing = clauses_of(comparison, "sharing", PEBBLE)
    assert any(c["practice"] == "share" and c["negated"] and "advertisers" in c["text"]
               for c in sharing)
    assert statuses(comparison["matrices"]["data_types"], "location", PEBBLE)[0] == "denied"
    durations = {e["duration"] for e in comparison["matrices"]["retention"][PEBBLE]["entries"]}
    assert "P12M" in durations
