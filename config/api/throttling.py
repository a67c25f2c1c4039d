"""Throttles whose rates are read from settings on every request (so tests can change them).

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` once at import time. Clients are counted
by ``config.clientip.client_ip`` (REMOTE_ADDR unless API_NUM_PROXIES trusts proxies), so an
``X-Forwarded-For`` header cannot reset a counter.

Counting keeps DRF's exact sliding log (every request time of the last ``duration`` seconds,
per client) but stores it as packed doubles (``array('d')`` bytes, oldest first) instead of a
pickled list, pruned by bisection (:class:`PackedHistory`): DRF's list costs a pickle round
trip of every timestamp on every request, which grows with the rate (thousands of entries at
high rates); packed bytes are one copy in C. Same semantics: at most the rate in any window of
``duration`` seconds, and the same ``Retry-After``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

from rest_framework import throttling
from rest_framework.settings import api_settings

from config.clientip import client_ip


class PackedHistory:
    """``allow_request``/``wait`` of a DRF ``SimpleRateThrottle`` over a packed history.

    Mixed in before ``SimpleRateThrottle`` (it uses the throttle's ``rate``,
    ``num_requests``, ``duration``, ``cache``, ``timer`` and ``get_cache_key``)."""

    rate: str | None
    num_requests: int
    duration: int

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True
        raw = self.cache.get(self.key)  # type: ignore[attr-defined]
        self.now = self.timer()  # type: ignore[attr-defined]
        history = array("d")
        if isinstance(raw, bytes):
            history.frombytes(raw)
        elif raw:  # a list left by DRF's own throttle (newest first)
            history.extend(sorted(raw))
        del history[:bisect_right(history, self.now - self.duration)]
        self.history = history
        if len(history) >= self.num_requests:
            return False
        history.append(self.now)
        self.cache.set(self.key, history.tobytes(), self.duration)  # type: ignore[attr-defined]
        return True

    def wait(self) -> float | None:
        """Seconds until a request would be let through again (as DRF computes it)."""
        history = getattr(self, "history", None)
        remaining = self.duration - (self.now - history[0]) if history else self.duration
        available = self.num_requests - len(history or ()) + 1
        if available <= 0:
            return None
        return remaining / float(available)


class _LiveRatesMixin(PackedHistory):
    scope: str

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonRateThrottle(_LiveRatesMixin, throttling.AnonRateThrottle):
    """Anonymous clients, per IP address (scope ``anon``)."""


class UserRateThrottle(_LiveRatesMixin, throttling.UserRateThrottle):
    """Signed-in users and tokens, per user (scope ``user``)."""


class UploadRateThrottle(_LiveRatesMixin, throttling.UserRateThrottle):
    """Uploads, per user (scope ``upload``), on top of the ``user`` rate."""

    scope = "upload"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
