"""A long policy's version page is shown in parts: bounded HTML, every part reachable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extraction.services import policy_version_ingest
from policies import markup
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def long_policy(sections: int) -> str:
    body = "We collect your email address and we keep it for 18 months after you leave. " * 12
    return "Long Co Privacy Policy\n\n" + "".join(
        f"\n\nSECTION {n}. RETENTION OF DATA {n}\n\n{body}\n" for n in range(sections)
    )


def test_text_parts_cover_the_text_and_cut_at_sections():
    text = long_policy(30)
    parts = markup.text_parts(text, [], limit=5000)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a < b and b - a <= 5000 for a, b in parts)
    assert all(parts[i][1] == parts[i + 1][0] for i in range(len(parts) - 1))


def test_version_page_of_a_long_policy_is_paged(client, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    monkeypatch.setattr(markup, "PART_CHARS", 6000)
    company = CompanyFactory(slug="long-co")
    text = long_policy(40)  # ~40 KB: 7+ parts
    with django_capture_on_commit_callbacks(execute=True):
        version = policy_version_ingest(company=company, text=text, source_kind="paste").version
    url = reverse("policies:version-detail", args=["long-co", version.pk])
    first = client.get(url)
    html = first.content.decode()
    assert first.status_code == 200
    assert "shown in" in html and "next part" in html
    assert html.count('class="clause ') < version.clauses.count(), "only one part's clauses"
    assert len(first.content) < len(text) * 2
    # The contents list links every section, to the part that holds it.
    assert 'href="?part=2#section-' in html
    last = client.get(url + "?part=999").content.decode()  # clamped to the last part
    assert "SECTION 39" in last and "previous part" in last and "next part" not in last
    shown = "".join(
        client.get(f"{url}?part={n}").content.decode() for n in range(1, 10)
    )
    for n in range(40):
        assert f"SECTION {n}. RETENTION" in shown
