"""Version diffs: clause-level changes ranked by materiality, and the escaped text diff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comparison.diff import text_diff, version_diff_build
from comparison.html import text_diff_html
from extraction.services import policy_version_ingest
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

POLICY = """Example Shop Privacy Policy

Last updated: 3 March 2024

1. Information we collect
We collect your name, email address and postal address when you place an order.
We automatically collect your IP address and device identifiers through cookies.

2. How we share information
We share your email address with our payment processor Stripe to process payments.
We do not sell your personal information.

3. Retention
We keep order records for 30 days after delivery.

4. Your rights
You may request access to or deletion of your personal data by emailing privacy@example.com.
"""


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    def _ingest(company, text):
        with django_capture_on_commit_callbacks(execute=True):
            result = policy_version_ingest(company=company, text=text, source_kind="paste")
        result.run.refresh_from_db()
        assert result.run.status == "done", result.run.error
        return result.version

    return _ingest


def test_retention_change_ranks_first_with_before_and_after(ingest):
    company = CompanyFactory()
    old = ingest(company, POLICY)
    new = ingest(company, POLICY.replace("for 30 days", "for 90 days"))
    diff = version_diff_build(old=old, new=new)
    first = diff.changes[0]
    assert (first.kind, first.field) == ("changed", "retention")
    assert (first.before, first.after) == ("30 days", "90 days")
    assert first.old_clause and "30 days" in first.old_clause.text
    assert first.new_clause.url.endswith(f"#clause-{first.new_clause.id}")
    assert diff.stats["lines_added"] == diff.stats["lines_removed"] == 1


def test_new_recipient_and_data_type_are_reported(ingest):
    company = CompanyFactory()
    old = ingest(company, POLICY)
    new = ingest(
        company,
        POLICY.replace(
            "We do not sell your personal information.",
            "We share your precise location with our advertising partner Criteo.\n"
            "We do not sell your personal information.",
        ),
    )
    diff = version_diff_build(old=old, new=new)
    fields = {(c.kind, c.field) for c in diff.changes}
    assert ("added", "data_type") in fields or ("added", "recipient") in fields, diff.changes
    assert all(c.kind in {"added", "removed", "changed"} for c in diff.changes)
    scores = [c.materiality for c in diff.changes]
    assert scores == sorted(scores, reverse=True)


def test_identical_texts_have_no_changes(ingest):
    company = CompanyFactory()
    old = ingest(company, POLICY)
    other = ingest(CompanyFactory(), POLICY)
    diff = version_diff_build(old=old, new=other)
    assert diff.changes == ()
    assert diff.text == ()
    assert "identical" in text_diff_html(diff.text)


def test_text_diff_is_escaped_and_word_level():
    hunks, added, removed = text_diff("Keep <b>this</b>\nWe keep data for 30 days.\n",
                                      "Keep <b>this</b>\nWe keep data for 90 days.<script>\n")
    assert (added, removed) == (1, 1)
    html = str(text_diff_html(tuple(hunks)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;this&lt;/b&gt;" in html
    assert "<del>30</del>" in html and "<ins>90</ins>" in html


def test_diff_page_ranks_changes_and_shows_the_text_diff(client, ingest):
    company = CompanyFactory(slug="shop", name="Shop")
    old = ingest(company, POLICY)
    new = ingest(company, POLICY.replace("for 30 days", "for 90 days"))
    url = reverse("comparison:version-diff", args=["shop"])
    response = client.get(f"{url}?from={old.pk}&to={new.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    first = html.index('class="change ')
    assert 'data-field="retention"' in html[first : first + 200]
    assert "<del>30</del>" in html and "<ins>90</ins>" in html
    # no parameters: the two latest versions
    assert client.get(url)["Location"].endswith(f"?from={old.pk}&to={new.pk}")
    data = client.get(f"{url}?from={old.pk}&to={new.pk}&format=json").json()
    assert data["changes"][0]["field"] == "retention"
    # versions of another company are refused
    stranger = ingest(CompanyFactory(), POLICY + "\nMore.\n")
    assert client.get(f"{url}?from={stranger.pk}&to={new.pk}").status_code == 404
