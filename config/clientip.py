"""The client's address, the same way for the API throttles and the page throttles.

``REMOTE_ADDR`` (the peer that opened the connection) unless ``API_NUM_PROXIES`` says how many
reverse proxies in front of the app to trust. With N trusted proxies the client is the address
the outermost trusted proxy saw: the N-th from the right in ``X-Forwarded-For``; anything the
client itself put further left is ignored, so a forged header cannot pick the address a
throttle counts under. 0 (the default) means no proxy is trusted and the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> int:
    try:
        return max(0, int(getattr(settings, "API_NUM_PROXIES", 0) or 0))
    except (TypeError, ValueError):
        return 0


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = trusted_proxies()
    if proxies == 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if not hops:
        return remote
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote  # garbage in the header: count it under the proxy's address
