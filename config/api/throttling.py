"""Throttles whose rates are read from settings on every request (so tests can change them).

DRF's own classes copy ``DEFAULT_THROTTLE_RATES`` once at import time. Clients are counted
by ``config.clientip.client_ip`` (REMOTE_ADDR unless API_NUM_PROXIES trusts proxies), so an
``X-Forwarded-For`` header cannot reset a counter.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings

from config.clientip import client_ip


class _LiveRatesMixin:
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
