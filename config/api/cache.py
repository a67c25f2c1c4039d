"""Server-side cache of rendered read responses, invalidated by a cheap data stamp.

Clause lists on a big database cost over ten times what a hit in this cache costs (an exact
count, the page's rows and their companies, 50 clauses serialized and rendered); the same URLs
are asked for again and again by dashboards and scripts. A cacheable view stores its rendered
JSON under a key made of the full URL (host and query string included: the bodies hold
absolute links), the renderer and a *data stamp*.

The stamp is one query over small tables and indexes that changes whenever what the API shows
can change: a new extraction run (max id), a run finishing or failing (count of active runs,
indexed by status), a version, company or policy added or deleted (their counts and max
ids), a held-back version confirmed (count of held-back versions, indexed), a review
created, withdrawn or re-anchored (each writes an audit-log row: its max id).
Extraction results are only ever written when a run finishes, so a stamp that has not changed
means cached clause, section, company, policy and comparison bodies are still right. Entries
also expire after ``API_CACHE_SECONDS`` (0 turns the cache off), which bounds staleness for
edits made outside those paths (the admin). Only anonymous-equivalent JSON bodies are cached:
the browsable API (HTML with the user's name and CSRF token) never is.

Each process re-reads the stamp at most every ``API_CACHE_STAMP_SECONDS`` (default 1 s), and at
once after a write it served itself (upload, delete, re-extraction); so a read may lag a change
made elsewhere (a worker finishing a run) by that long. A request with ``Cache-Control:
no-cache`` always gets a freshly computed body.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse

STAMP_SQL = """
SELECT
  (SELECT MAX(id) FROM extraction_extractionrun),
  (SELECT COUNT(*) FROM extraction_extractionrun WHERE status IN ('queued', 'running')),
  (SELECT COUNT(*) FROM policies_policyversion),
  (SELECT MAX(id) FROM policies_policyversion),
  (SELECT COUNT(*) FROM policies_company),
  (SELECT MAX(id) FROM policies_company),
  (SELECT COUNT(*) FROM policies_policy),
  (SELECT COUNT(*) FROM policies_policyversion WHERE held_back),
  (SELECT MAX(id) FROM review_reviewevent)
"""


def data_stamp() -> str:
    with connection.cursor() as cursor:
        cursor.execute(STAMP_SQL)
        return ":".join(str(v) for v in cursor.fetchone())


_memo: tuple[str | None, float] = (None, 0.0)


def current_stamp() -> str:
    """The data stamp, re-read at most every API_CACHE_STAMP_SECONDS in this process."""
    global _memo
    value, at = _memo
    now = time.monotonic()
    ttl = float(getattr(settings, "API_CACHE_STAMP_SECONDS", 0) or 0)
    if value is None or ttl <= 0 or now - at >= ttl:
        value = data_stamp()
        _memo = (value, now)
    return value


def stamp_invalidate() -> None:
    """Forget the memoised stamp: call after a write so this process sees it at once."""
    global _memo
    _memo = (None, 0.0)


def cache_seconds() -> int:
    return int(getattr(settings, "API_CACHE_SECONDS", 0) or 0)


class CachedReadMixin:
    """Serve GET ``list``/``retrieve`` (or ``get``) JSON from the cache when the data stamp
    and the URL match; otherwise compute, render and store it. Add before the view class."""

    cache_alias = "default"

    def _cache_key(self, request) -> str | None:
        if request.method != "GET" or cache_seconds() <= 0:
            return None
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is None or renderer.format not in ("json", "csv"):
            return None
        raw = "|".join([
            type(self).__name__, request.scheme, request.get_host(), request.get_full_path(),
            renderer.format, current_stamp(),
        ])
        return "api-read:" + hashlib.sha256(raw.encode()).hexdigest()

    def cached_response(self, request, compute):
        key = self._cache_key(request)
        no_cache = "no-cache" in request.headers.get("Cache-Control", "")
        if key is not None and not no_cache:
            hit = caches[self.cache_alias].get(key)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
                response["X-Cache"] = "hit"
                return response
        response = compute()
        if key is not None and response.status_code == 200 and not response.streaming:
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            caches[self.cache_alias].set(
                key, (response.content, response["Content-Type"]), cache_seconds()
            )
            response["X-Cache"] = "miss"
        return response

    def list(self, request, *args, **kwargs):
        return self.cached_response(request, lambda: super(CachedReadMixin, self).list(
            request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self.cached_response(request, lambda: super(CachedReadMixin, self).retrieve(
            request, *args, **kwargs))
