"""Atom feeds (RFC 4287, generated with feedgen) of change events.

``/feeds/changes.atom`` (every company), ``/feeds/companies/<slug>.atom`` (one company) and
``?section=<key>`` on either (only events with a change in that section; each entry then
names that section's changes). An entry's title names the company and the top change, its
content lists the top changes, and its link goes to the diff of the two versions.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET

from policies.models import Company, SectionKey
from tracking.selectors import absolute, change_events, diff_path, event_changes

FEED_SIZE = 50
TOP = 5


def _feed_response(*, feed_id: str, title: str, self_path: str, events, section: str):
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(absolute(self_path) if not feed_id else feed_id)
    fg.title(title)
    fg.author({"name": "Policy Atlas"})
    fg.link(href=absolute(self_path), rel="self", type="application/atom+xml")
    fg.link(href=absolute(reverse("tracking:changes")), rel="alternate", type="text/html")
    fg.subtitle("Clause-level changes of tracked privacy policies, most material first.")
    fg.language("en")
    events = list(events)
    if events:
        fg.updated(events[0].built_at or events[0].occurred_at)
    else:
        from django.utils import timezone

        fg.updated(timezone.now())
    for event in reversed(events):  # feedgen prepends: add oldest first -> newest on top
        changes = event_changes(event, section=section)
        entry = fg.add_entry()
        entry.id(absolute(reverse("tracking:change-detail", args=[event.pk])))
        head = changes[0]["summary"] if changes else event.summary
        entry.title(f"{event.company.name}: {head}")
        entry.link(href=absolute(diff_path(event)), rel="alternate", type="text/html")
        entry.published(event.occurred_at)
        entry.updated(event.built_at or event.occurred_at)
        entry.author({"name": event.company.name})
        entry.category(term=event.policy.kind)
        for key in sorted({c["section"] for c in changes}):
            entry.category(term=key, scheme=absolute("/sections/"))
        items = "".join(
            f"<li>[{c['materiality']}] {escape(c['summary'])}</li>" for c in changes[:TOP]
        )
        more = len(changes) - TOP
        entry.summary(event.summary[:500])
        entry.content(
            f"<p>{escape(event.summary)}</p><ol>{items}</ol>"
            + (f"<p>and {more} more changes</p>" if more > 0 else ""),
            type="html",
        )
    body = fg.atom_str(pretty=True)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def _section(request: HttpRequest) -> str:
    section = request.GET.get("section", "")
    if section and section not in SectionKey.values:
        raise ValueError(section)
    unknown = set(request.GET) - {"section"}
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return section


def _bad(exc: Exception) -> HttpResponse:
    return HttpResponseBadRequest(f"Unknown section or parameter: {exc}",
                                  content_type="text/plain")


def _denied(request: HttpRequest) -> bool:
    return not (settings.POLICY_PUBLIC_BROWSING or request.user.is_authenticated)


@require_GET
def changes_feed(request: HttpRequest) -> HttpResponse:
    if _denied(request):
        raise Http404
    try:
        section = _section(request)
    except ValueError as exc:
        return _bad(exc)
    events = change_events(section=section)[:FEED_SIZE]
    title = "Policy Atlas: policy changes" + (f" ({section})" if section else "")
    return _feed_response(feed_id="", title=title, self_path=request.get_full_path(),
                          events=events, section=section)


@require_GET
def company_feed(request: HttpRequest, slug: str) -> HttpResponse:
    if _denied(request):
        raise Http404
    company = get_object_or_404(Company, slug=slug)
    try:
        section = _section(request)
    except ValueError as exc:
        return _bad(exc)
    events = change_events(company=company, section=section)[:FEED_SIZE]
    title = f"Policy Atlas: {company.name} policy changes" + (f" ({section})" if section else "")
    return _feed_response(feed_id="", title=title, self_path=request.get_full_path(),
                          events=events, section=section)
