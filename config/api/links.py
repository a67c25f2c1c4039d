"""Absolute links to API resources, shared by every app's serializers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote


def api_root(context: dict[str, Any]) -> str:
    """Absolute URL of /api/v1/, computed once per request and cached in the context."""
    root = context.get("_api_root")
    if root is None:
        request = context.get("request")
        root = request.build_absolute_uri("/api/v1/") if request is not None else "/api/v1/"
        context["_api_root"] = root
    return root


def link(context: dict[str, Any], collection: str, pk: Any) -> str | None:
    if pk is None:
        return None
    # Slugs keep names in any script: percent-encoded, the link is a valid URI.
    return f"{api_root(context)}{collection}/{quote(str(pk), safe='')}/"
