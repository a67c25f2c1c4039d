"""A policy web site on loopback for tracking tests and the load bench.

``PolicySite`` serves pages from a dict of path -> ``Page`` on 127.0.0.1 (a random port
unless given).
Each HTML page changes its noise on every request (a timestamp and a session token in the
footer and a script, a cookie banner, navigation), as real sites do; its policy text changes
only when a test changes the page. It answers conditional requests (ETag) when asked to, and
can answer an error status, hang (for timeouts) or serve a sign-in page.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def policy_html(name: str, *, retention_months: int = 18, recipients: str = "payment processors",
                noise: bool = True, extra: str = "") -> str:
    """A privacy policy page with navigation, a cookie banner and a footer around it."""
    stamp = f"{time.time():.6f}" if noise else "0"
    token = uuid.uuid4().hex if noise else "0" * 32
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name} privacy policy</title>
<script>window.__session = "{token}"; window.__t = {stamp};</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/products">Products</a> <a href="/login">Sign in</a>
<a href="/careers">Careers</a></nav></header>
<div class="cookie-banner" id="cookie-consent">We use cookies to make this site work.
<button>Accept all cookies</button> <button>Reject</button></div>
<main>
<h1>{name} Privacy Policy</h1>
<p>This policy explains how {name} Ltd collects, uses and shares personal information when
you use our apps and websites.</p>
<h2>Information we collect</h2>
<p>We collect your name, email address, phone number and IP address when you create an
account. We also collect device identifiers and usage data when you use the app.</p>
<h2>How we use information</h2>
<p>We use your information to provide and improve our services, to prevent fraud and to
send you service messages.</p>
<h2>Sharing</h2>
<p>We share your personal information with {recipients} who help us run the service.</p>
<h2>Data retention</h2>
<p>We retain your personal data for {retention_months} months after your account is closed.</p>
{extra}
<h2>Your rights</h2>
<p>You may request access to, correction of or deletion of your personal data at any time.</p>
<h2>Contact us</h2>
<p>Email: privacy@{name.lower()}.example</p>
</main>
<footer><p>&copy; 2026 {name} Ltd. Page generated at {stamp} &middot; session {token}</p>
<p><a href="/terms">Terms</a> <a href="/imprint">Imprint</a></p></footer>
</body></html>"""


SIGN_IN_HTML = """<!doctype html><html><head><title>Sign in</title></head><body>
<main><h1>Sign in to continue</h1><form><label>Email <input name=email></label>
<label>Password <input type=password name=password></label><button>Sign in</button></form>
<p><a href="/forgot">Forgot your password?</a></p></main></body></html>"""


@dataclass
class Page:
    """What one path serves. ``render`` is called per request (so noise changes each time)."""

    render: object = None  # callable () -> str, or a str
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    etag: bool = False  # answer If-None-Match with 304 when the policy text is unchanged
    version: str = ""  # what the ETag is made of (the policy text, not the noise)
    hits: int = 0
    requests: list = field(default_factory=list)


class PolicySite:
    def __init__(self, port: int = 0) -> None:
        self.pages: dict[str, Page] = {}
        self.lock = threading.Lock()
        self.active: dict[str, int] = {}
        self.max_active: dict[str, int] = {}
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        self.post_status = 200
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                site._serve(self)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with site.lock:
                    site.posts.append((self.path, dict(self.headers.items()), body))
                    status = site.post_status
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> PolicySite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> PolicySite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        page = self.pages.get(path)
        with self.lock:
            self.active[path] = self.active.get(path, 0) + 1
            self.max_active[path] = max(self.max_active.get(path, 0), self.active[path])
            if page is not None:
                page.hits += 1
                page.requests.append(dict(handler.headers.items()))
        try:
            if page is None:
                return self._send(handler, 404, "text/html", b"<h1>Not found</h1>")
            if page.delay:
                time.sleep(page.delay)
            tag = '"' + hashlib.sha256(page.version.encode()).hexdigest()[:16] + '"'
            if page.etag and handler.headers.get("If-None-Match") == tag:
                return self._send(handler, 304, None, b"", {"ETag": tag})
            body = page.render() if callable(page.render) else (page.render or "")
            extra = {"ETag": tag} if page.etag else {}
            self._send(handler, page.status, page.content_type,
                       body.encode("utf-8") if isinstance(body, str) else body, extra)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.lock:
                self.active[path] -= 1

    @staticmethod
    def _send(handler, status, content_type, body: bytes, headers=None) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if body:
            handler.wfile.write(body)
