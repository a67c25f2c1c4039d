"""Throttles for what DRF does not see: HTML pages, exports and form uploads.

The API's lists and details are throttled by DRF (``config.api.throttling``). This middleware
adds, per client (``config.clientip.client_ip``: REMOTE_ADDR unless API_NUM_PROXIES trusts
proxies) or per signed-in user:

* ``page``: every HTML page (PAGE_THROTTLE_ANON / PAGE_THROTTLE_USER);
* ``export``: CSV/JSON exports, on the pages and in the API (EXPORT_THROTTLE_ANON / _USER),
  on top of the page or API rate;
* ``upload``: POSTs of the upload form, per user, at the API's ``upload`` rate
  (API_THROTTLE_UPLOAD), so the form is no way around the API's limit.

Static files, the health check and the admin are not throttled. A throttled request gets 429
with ``Retry-After`` (JSON in the API's error format under /api/, a short page otherwise).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from config.api.throttling import PackedHistory
from config.clientip import client_ip

EXEMPT_PREFIXES = ("/static/", "/healthz", "/admin/", "/favicon")
EXPORT_FORMATS = {"csv", "json"}


class ScopedThrottle(PackedHistory, SimpleRateThrottle):
    """DRF's sliding-window throttle with a packed history (``config.api.throttling``), keyed
    by scope and user or client address."""

    def __init__(self, scope: str, rate: str) -> None:
        self.scope = scope
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)

    def get_rate(self) -> str:
        return self.rate

    def get_cache_key(self, request, view) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = f"ip-{client_ip(request) or 'unknown'}"
        return f"throttle_{self.scope}_{ident}"


def request_scopes(request: HttpRequest) -> list[tuple[str, str]]:
    """(scope, rate) pairs that apply to ``request``."""
    path = request.path
    if path.startswith(EXEMPT_PREFIXES):
        return []
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    is_api = path.startswith("/api/")
    scopes: list[tuple[str, str]] = []
    fmt = request.GET.get("format", "")
    if "/export" in path or (fmt in EXPORT_FORMATS and not is_api) or (is_api and fmt == "csv"):
        scopes.append(("export", settings.EXPORT_THROTTLE_USER if signed_in
                       else settings.EXPORT_THROTTLE_ANON))
    if is_api:
        return scopes  # the rest of the API: DRF's throttles
    scopes.append(("page", settings.PAGE_THROTTLE_USER if signed_in
                   else settings.PAGE_THROTTLE_ANON))
    if request.method == "POST" and path.rstrip("/").endswith("/upload"):
        scopes.append(("upload", api_settings.DEFAULT_THROTTLE_RATES.get("upload") or ""))
    return [(scope, rate) for scope, rate in scopes if rate]


class RequestThrottleMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for scope, rate in request_scopes(request):
            throttle = ScopedThrottle(scope, rate)
            if not throttle.allow_request(request, None):
                return throttled_response(request, scope, throttle.wait())
        return self.get_response(request)


def throttled_response(request: HttpRequest, scope: str, wait: float | None) -> HttpResponse:
    seconds = max(1, int(wait or 1))
    message = f"Too many requests ({scope}); try again in {seconds} s."
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"status": 429, "code": "throttled", "detail": message,
             "errors": [{"field": None, "code": "throttled", "message": message}]},
            status=429,
        )
    else:
        response = HttpResponse(
            f"<!doctype html><title>Too many requests</title><h1>Too many requests</h1>"
            f"<p>{message}</p>", status=429, content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(seconds)
    return response
