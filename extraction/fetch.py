"""Fetch a policy from a URL: timeout, size limit, no private addresses (the page's main
content is taken by ``extraction.intake.check_page``).

Private, loopback, link-local and reserved addresses are refused (each redirect is checked
too) unless ``settings.POLICY_ALLOW_PRIVATE_URLS`` is on (the test suite turns it on to fetch
from a local server). The name is resolved before connecting; a DNS answer that changes
between that check and the connection (rebinding) is not defended against here — run the
web process behind an egress proxy for that.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

USER_AGENT = "PolicyAtlas/0.1 (+https://github.com/policy-atlas)"


class FetchError(ValueError):
    """The URL could not be fetched; the message says why, for the form."""


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    media_type: str
    filename: str


def _check_host(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    host = parts.hostname
    if not host:
        raise FetchError("The address has no host name.")
    if getattr(settings, "POLICY_ALLOW_PRIVATE_URLS", False):
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host name {host} could not be resolved.") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            raise FetchError(
                f"{host} resolves to a private or local address ({address}); fetching it is "
                "not allowed."
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True)
class Response:
    """One HTTP answer, undecoded: ``status`` 304 means "not modified" (``data`` is empty)."""

    url: str
    status: int
    data: bytes
    media_type: str
    etag: str = ""
    last_modified: str = ""


class HTTPStatusError(FetchError):
    """The server answered with an error status (404, 410, 500...)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def fetch_response(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    etag: str = "",
    last_modified: str = "",
    user_agent: str = USER_AGENT,
) -> Response:
    """GET ``url`` once, politely, or raise ``FetchError`` with a clear message.

    A conditional request when ``etag`` / ``last_modified`` are given (a 304 comes back as a
    ``Response`` with status 304 and no data); at most ``max_bytes``, each read bounded by
    ``timeout`` and the whole download by three times it; at most five redirects, each one
    re-checked against the private-address rule. An error status raises ``HTTPStatusError``.
    """
    timeout = timeout or getattr(settings, "POLICY_FETCH_TIMEOUT", 10)
    max_bytes = max_bytes or settings.POLICY_MAX_UPLOAD_BYTES
    _check_host(url)
    opener = urllib.request.build_opener(_CheckedRedirects())
    headers = {"User-Agent": user_agent, "Accept": "text/html,text/plain,application/pdf,"
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(_too_big(int(length), max_bytes))
            # The socket timeout bounds each read; this bounds the whole download too.
            deadline = time.monotonic() + 3 * timeout
            chunks, size = [], 0
            while chunk := response.read(65536):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_too_big(None, max_bytes))
                if time.monotonic() > deadline:
                    raise FetchError(f"The download took longer than {3 * timeout:g} seconds.")
            return Response(
                response.geturl(), response.status, b"".join(chunks),
                response.headers.get_content_type() or "",
                response.headers.get("ETag", "") or "",
                response.headers.get("Last-Modified", "") or "",
            )
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url, 304, b"", "", exc.headers.get("ETag", "") or etag,
                            exc.headers.get("Last-Modified", "") or last_modified)
        raise HTTPStatusError(f"The server answered {exc.code} {exc.reason}.", exc.code) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchError):
            raise reason from exc
        if isinstance(reason, ssl.SSLError):
            raise FetchError(f"The TLS connection failed: {reason}.") from exc
        if isinstance(reason, TimeoutError | socket.timeout):
            raise FetchError(f"The server did not answer within {timeout:g} seconds.") from exc
        raise FetchError(f"The address could not be fetched: {reason}.") from exc
    except TimeoutError as exc:
        raise FetchError(f"The server did not answer within {timeout:g} seconds.") from exc
    except ssl.SSLError as exc:
        raise FetchError(f"The TLS connection failed: {exc}.") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchError(f"The address could not be fetched: {exc}.") from exc


def fetch_url(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> Fetched:
    """Download ``url`` (at most ``max_bytes``) or raise ``FetchError`` with a clear message."""
    response = fetch_response(url, timeout=timeout, max_bytes=max_bytes)
    data = response.data
    filename = urllib.parse.urlsplit(response.url).path.rsplit("/", 1)[-1]
    return Fetched(response.url, data, response.media_type, filename)


def check_url(url: str) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) on a public host (or private URLs are
    allowed): the rule every fetch and every webhook target obeys."""
    _check_host(url)


def _too_big(size: int | None, limit: int) -> str:
    shown = f" ({size / 1_048_576:.1f} MB)" if size else ""
    return f"The document is too large{shown}; the limit is {limit / 1_048_576:.0f} MB."
