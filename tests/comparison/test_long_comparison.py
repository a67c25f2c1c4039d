"""A comparison including a long policy is bounded: at most so many aligned lines per
section, valueless statements per cell and retention periods per company, each with a way to
see the rest (``&all=<section>``, the version page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comparison import views
from extraction.services import policy_version_ingest
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def long_policy(name: str, sections: int) -> str:
    body = (
        "We collect your email address and we keep it for {n} months after you leave. "
        "We share your email address with Mixpanel for analytics. "
        "We may update this policy from time to time. "
    )
    return f"{name} Privacy Policy\n\n" + "".join(
        f"\n\nSECTION {n}. RETENTION OF DATA {n}\n\n{body.format(n=n + 1)}\n"
        for n in range(sections)
    )


@pytest.fixture
def long_pair(django_capture_on_commit_callbacks):
    for slug, sections in (("long-a", 30), ("long-b", 2)):
        company = CompanyFactory(slug=slug, name=slug.title())
        with django_capture_on_commit_callbacks(execute=True):
            policy_version_ingest(company=company, text=long_policy(company.name, sections),
                                  source_kind="paste")
    return reverse("comparison:compare") + "?c=long-a&c=long-b"


def test_long_comparison_shows_bounded_parts_with_links_to_the_rest(client, long_pair,
                                                                      monkeypatch):
    monkeypatch.setattr(views, "MAX_SECTION_LINES", 4)
    monkeypatch.setattr(views, "MAX_MORE_STATEMENTS", 3)
    monkeypatch.setattr(views, "MAX_RETENTION_ENTRIES", 5)
    html = client.get(long_pair).content.decode()
    # Retention: 5 of long-a's 30 periods listed, the rest counted and linked.
    retention = html[html.index('data-matrix="retention"'):]
    retention = retention[:retention.index("</table>")]
    row = retention[retention.index('data-company="long-a"'):]
    row = row[:row.index("</tr>")]
    assert row.count('class="mark m-retention"') == 5
    assert "and 25 more statements of a period" in row
    assert "30 months" in row.split("</td>")[0], "the longest is computed from all periods"
    # Sections: at most 4 lines each, with a link to all of them.
    assert "more line" in html and "&amp;all=" in html
    body = html[html.index('id="sections"'):]
    for block in body.split("<tbody")[1:]:
        assert block.count("<tr") <= 4 + 1  # the lines and the "show more" row
    # Valueless statements: 3 of 30 shown in long-a's cell, with a link to all.
    assert "3 of 30 shown" in html
    expanded = client.get(long_pair + "&all=retention").content.decode()
    assert "3 of 30 shown" not in expanded.split('id="row-retention"')[1].split("</tbody>")[0]
