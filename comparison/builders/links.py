"""Links to evidence: a version's page and one clause's sentence on it."""

from __future__ import annotations

from django.urls import reverse


def version_url(slug: str, version_id: int) -> str:
    return reverse("policies:version-detail", args=[slug, version_id])


def clause_url(base_url: str, clause_id: int) -> str:
    return f"{base_url}#clause-{clause_id}"
