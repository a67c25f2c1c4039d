"""A Python client generated from the schema by openapi-python-client, used unchanged against
a live server: list clauses filtered by section, upload a policy (JSON and file) with a token."""

from __future__ import annotations

import importlib
import io
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from policies.models import Clause, Policy
from tests.factories import UserFactory

CONFIG = (
    "post_hooks: []\nproject_name_override: atlas-client\npackage_name_override: atlas_client\n"
)


@pytest.fixture(scope="module")
def atlas_client(tmp_path_factory, django_db_blocker):
    """Generate the client package from the schema (no network) and import it."""
    root = tmp_path_factory.mktemp("generated")
    schema = root / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(schema), stdout=StringIO(), stderr=StringIO())
    (root / "config.yaml").write_text(CONFIG)
    exe = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert exe, "openapi-python-client is in the dev extra"
    result = subprocess.run(
        [exe, "generate", "--path", str(schema), "--output-path", str(root / "atlas_client"),
         "--meta", "none", "--config", str(root / "config.yaml")],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("atlas_client")
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.split(".")[0] == "atlas_client"]:
            del sys.modules[name]


def test_generated_client_lists_retention_clauses_and_uploads(atlas_client, live_server, seeds):
    from atlas_client import AuthenticatedClient, Client
    from atlas_client.api.clauses import clauses_list
    from atlas_client.api.runs import runs_retrieve
    from atlas_client.api.versions import policies_versions_create
    from atlas_client.models import (
        ClausesListSectionItem,
        Error,
        FileUploadRequest,
        PaginatedClauseList,
        TextUploadRequest,
        UploadResult,
    )
    from atlas_client.types import File

    anonymous = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    page = clauses_list.sync(
        client=anonymous, section=[ClausesListSectionItem.RETENTION], page_size=1000
    )
    assert isinstance(page, PaginatedClauseList)
    expected = {c.pk for c in Clause.objects.all() if "retention" in c.sections}
    assert page.count == len(expected) > 0
    assert {c.id for c in page.results} == expected
    for clause in page.results:
        assert "retention" in [s.value for s in clause.sections]
        assert clause.text and clause.end > clause.start
    assert any(c.retention is not None and c.retention.qualifier for c in page.results)

    bad = clauses_list.sync(client=anonymous, retention_longer_than="soon")
    assert isinstance(bad, Error) and bad.status == 400

    user = UserFactory(username="script")
    token = Token.objects.create(user=user)
    client = AuthenticatedClient(base_url=live_server.url, token=token.key, prefix="Token")
    policy = Policy.objects.get(company__slug="intsig")
    text = "Privacy Policy\n\nRETENTION\n\nWe keep your order history for 5 years.\n"

    unauthorised = policies_versions_create.sync_detailed(
        id=policy.pk, client=anonymous, body=TextUploadRequest(text=text)
    )
    assert unauthorised.status_code == 401

    response = policies_versions_create.sync_detailed(
        id=policy.pk, client=client, body=TextUploadRequest(text=text)
    )
    assert response.status_code == 202, response.content
    result = response.parsed
    assert isinstance(result, UploadResult) and result.created
    assert result.version.uploaded_by == "script"
    run = runs_retrieve.sync(id=result.run.id, client=client)
    assert run.version == result.version.id
    assert run.status.value in {"queued", "running", "done"}

    again = policies_versions_create.sync_detailed(
        id=policy.pk, client=client, body=TextUploadRequest(text=text)
    )
    assert again.status_code == 200 and again.parsed.version.id == result.version.id

    html = b"<html><body><h1>Privacy</h1><p>We share your email with Stripe.</p></body></html>"
    upload = FileUploadRequest(
        file=File(payload=io.BytesIO(html), file_name="policy.html", mime_type="text/html")
    )
    uploaded = policies_versions_create.sync_detailed(id=policy.pk, client=client, body=upload)
    assert uploaded.status_code == 202, uploaded.content
    assert uploaded.parsed.version.media_type == "text/html"


def test_generated_client_reads_the_gdpr_checklist(atlas_client, live_server, seeds):
    """The checklist of a version and of a comparison, typed by the generated client."""
    from atlas_client import Client
    from atlas_client.api.compare import compare_retrieve
    from atlas_client.api.versions import versions_retrieve
    from atlas_client.models import Comparison, PolicyVersionDetail, RequirementKeyEnum

    from policies.selectors import company_latest_version

    client = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    version = company_latest_version(company=seeds["allmyink"])
    detail = versions_retrieve.sync(id=version.pk, client=client)
    assert isinstance(detail, PolicyVersionDetail)
    items = {item.key: item for item in detail.checklist}
    assert len(items) == len(RequirementKeyEnum)
    identity = items[RequirementKeyEnum.CONTROLLER_IDENTITY]
    assert identity.addressed and identity.evidence
    for evidence in identity.evidence:
        assert detail.text[evidence.start:evidence.end] == evidence.text
        assert evidence.clause_id
    assert not items[RequirementKeyEnum.RIGHT_PORTABILITY].addressed

    comparison = compare_retrieve.sync(client=client, company=["allmyink", "intsig"])
    assert isinstance(comparison, Comparison)
    assert {row.key for row in comparison.checklist} == set(RequirementKeyEnum)
    contact = next(r for r in comparison.checklist
                   if r.key == RequirementKeyEnum.CONTROLLER_CONTACT)
    assert all(cell.addressed for cell in contact.cells)
    assert all(e.url.startswith(live_server.url) and "#clause-" in e.url
               for cell in contact.cells for e in cell.evidence)


def test_generated_client_reads_reviewed_values(atlas_client, live_server, seeds):
    """A reviewed clause (its `review`, the machine's value beside) and a reviewed checklist
    item are typed by the generated client."""
    from atlas_client import Client
    from atlas_client.api.clauses import clauses_list
    from atlas_client.api.versions import versions_retrieve
    from atlas_client.models import RequirementKeyEnum
    from django.contrib.auth.models import Group

    from review.services import review_create

    reviewer = UserFactory(username="rita", first_name="Rita")
    reviewer.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    clause = Clause.objects.get(version__policy__company__slug="unnamed-retailer",
                                text__contains="You have the right to access, correct")
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    client = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    page = clauses_list.sync(client=client, company=["unnamed-retailer"], page_size=1000)
    mine = next(c for c in page.results if c.id == clause.pk)
    assert [r.value for r in mine.rights] == ["access", "rectification"]
    assert mine.review.state.value == "reviewed" and mine.review.reviewer == "Rita"
    assert mine.review.marks[0].summary.startswith("rejected by Rita")
    assert "erasure" in mine.review.machine.rights
    assert mine.excluded is False
    assert all(c.review is None for c in page.results if c.id != clause.pk)
    detail = versions_retrieve.sync(id=clause.version_id, client=client)
    erasure = next(i for i in detail.checklist if i.key == RequirementKeyEnum.RIGHT_ERASURE)
    assert erasure.addressed is False and erasure.machine_addressed is True
    assert erasure.struck_evidence[0].clause_id == clause.pk
