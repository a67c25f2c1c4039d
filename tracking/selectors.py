"""Reads: change events with their filters, sources, a company's version timeline, payloads."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from policies.models import Company, PolicyVersion
from tracking.models import ChangeEvent, ChangeItem, Delivery, Source

TOP_CHANGES = 3


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def change_events(
    *,
    company: Company | None = None,
    section: str = "",
    field: str = "",
    min_materiality: int | None = None,
    since: date | None = None,
    until: date | None = None,
    ready_only: bool = True,
) -> QuerySet[ChangeEvent]:
    """Change events, newest first. ``section``/``field``/``min_materiality`` keep the events
    with at least one change matching all three; ``since``/``until`` are inclusive days."""
    events = ChangeEvent.objects.select_related(
        "company", "policy", "source", "from_version", "to_version"
    ).defer("to_version__text", "from_version__text").order_by("-occurred_at", "-id")
    if ready_only:
        events = events.filter(status=ChangeEvent.Status.READY)
    if company is not None:
        events = events.filter(company=company)
    return change_events_filter(events, section=section, field=field,
                                min_materiality=min_materiality, since=since, until=until)


def change_events_filter(
    events: QuerySet[ChangeEvent],
    *,
    section: str = "",
    field: str = "",
    min_materiality: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[ChangeEvent]:
    """Keep events with at least one change matching ``section``, ``field`` and
    ``min_materiality`` together, stored from day ``since`` to day ``until`` (inclusive)."""
    if section or field or min_materiality:
        items = ChangeItem.objects.filter(event=OuterRef("pk"))
        if section:
            items = items.filter(section=section)
        if field:
            items = items.filter(field=field)
        if min_materiality:
            items = items.filter(materiality__gte=min_materiality)
        events = events.filter(Exists(items))
    if since is not None:
        events = events.filter(occurred_at__gte=_day_start(since))
    if until is not None:
        events = events.filter(occurred_at__lt=_day_start(until + timedelta(days=1)))
    return events


def event_changes(event: ChangeEvent, *, section: str = "") -> list[dict]:
    changes = event.changes or []
    if section:
        changes = [c for c in changes if c.get("section") == section]
    return changes


def diff_path(event: ChangeEvent) -> str:
    path = reverse("comparison:version-diff", args=[event.company.slug])
    if event.from_version_id:
        return f"{path}?from={event.from_version_id}&to={event.to_version_id}"
    return reverse("policies:version-detail", args=[event.company.slug, event.to_version_id])


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_payload(event: ChangeEvent) -> dict:
    """The JSON a webhook receives (and the API's detail of an event)."""
    return {
        "id": event.pk,
        "type": "policy.changed" if event.from_version_id else "policy.first_version",
        "occurred_at": event.occurred_at.isoformat(),
        "company": {"slug": event.company.slug, "name": event.company.name},
        "policy": {"id": event.policy_id, "kind": event.policy.kind},
        "source": event.source_id,
        "from_version": event.from_version_id,
        "to_version": event.to_version_id,
        "summary": event.summary,
        "max_materiality": event.max_materiality,
        "change_count": event.change_count,
        "changes": event.changes,
        "diff_url": absolute(diff_path(event)),
    }


def sources(*, company: Company | None = None, status: str = "") -> QuerySet[Source]:
    qs = Source.objects.select_related("company", "policy").order_by("company__name", "kind",
                                                                       "url", "pk")
    if company is not None:
        qs = qs.filter(company=company)
    if status:
        qs = qs.filter(status=status)
    return qs


def source_checks(source: Source, *, limit: int = 50):
    return list(source.checks.select_related("version").order_by("-started_at", "-id")[:limit])


def deliveries_for(*, owner, subscription_id: int | None = None) -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(subscription__owner=owner).select_related(
        "event__company", "subscription").order_by("-created_at", "-id")
    if subscription_id is not None:
        qs = qs.filter(subscription_id=subscription_id)
    return qs


def company_timeline(company: Company) -> list[dict]:
    """Every version of every policy of ``company``, newest first, each with its change event
    (if one was recorded) and how it came in."""
    versions = list(
        PolicyVersion.objects.filter(policy__company=company)
        .select_related("policy", "change_event")
        .defer("text")
        .order_by("-ingested_at", "-id")
    )
    rows = []
    for v in versions:
        event = getattr(v, "change_event", None)
        rows.append({"version": v, "event": event,
                     "top": (event.changes[:TOP_CHANGES] if event is not None else [])})
    return rows


def events_in_window(*, company_id: int | None, min_materiality: int, since: datetime):
    q = Q(status=ChangeEvent.Status.READY, occurred_at__gte=since,
          from_version__isnull=False, max_materiality__gte=min_materiality)
    if company_id is not None:
        q &= Q(company_id=company_id)
    return ChangeEvent.objects.filter(q).select_related("company").order_by("-occurred_at")
