"""Throttles that hold: the client address cannot be reset by a header; pages, exports and
form uploads are throttled too."""

from __future__ import annotations

import copy

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from config.clientip import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def api_rates(settings, **overrides):
    rest = copy.deepcopy(django_settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"].update(overrides)
    settings.REST_FRAMEWORK = rest


def spoofed(n):
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}


def test_default_settings_trust_no_proxy():
    assert django_settings.API_NUM_PROXIES == 0
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == 0, "0 must stay 0, not None"


def test_spoofed_forwarded_for_does_not_reset_the_anonymous_api_throttle(settings):
    api_rates(settings, anon="3/minute")
    api = APIClient()
    codes = [api.get("/api/v1/companies/", **spoofed(i)).status_code for i in range(6)]
    assert codes == [200, 200, 200, 429, 429, 429]


def test_client_address_rule(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.5",
                          HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.API_NUM_PROXIES = 0
    assert client_ip(request) == "10.0.0.5"
    settings.API_NUM_PROXIES = 1  # one proxy: the address it saw is the last entry
    assert client_ip(request) == "198.51.100.7"
    settings.API_NUM_PROXIES = 2
    assert client_ip(request) == "1.2.3.4"
    settings.API_NUM_PROXIES = 5  # fewer hops than proxies: the leftmost
    assert client_ip(request) == "1.2.3.4"
    garbage = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(garbage) == "10.0.0.5"


def test_behind_one_proxy_the_client_cannot_choose_its_address(settings):
    """The proxy appends the real peer; whatever the client put before it is ignored."""
    settings.API_NUM_PROXIES = 1
    api_rates(settings, anon="2/minute")
    api = APIClient()
    codes = [
        api.get("/api/v1/companies/",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 198.51.100.7").status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 429, 429]
    other = api.get("/api/v1/companies/", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200, "another real client has its own counter"


def test_html_pages_are_throttled_whatever_the_header(settings):
    settings.PAGE_THROTTLE_ANON = "3/minute"
    client = Client()
    codes = [client.get(reverse("policies:company-list"), **spoofed(i)).status_code
             for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    response = client.get(reverse("policies:search"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert client.get("/healthz").status_code == 200, "the health check is never throttled"


def test_signed_in_users_have_their_own_page_rate(settings):
    settings.PAGE_THROTTLE_ANON = "1/minute"
    settings.PAGE_THROTTLE_USER = "3/minute"
    client = Client()
    client.force_login(UserFactory())
    codes = [client.get(reverse("policies:company-list")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_exports_are_throttled_on_pages_and_in_the_api(settings, seeds):
    settings.EXPORT_THROTTLE_ANON = "2/minute"
    client = Client()
    query = "?c=intsig&c=allmyink"
    codes = [client.get("/compare/export.csv" + query, **spoofed(i)).status_code
             for i in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/clauses/export/?format=csv").status_code == 429
    assert client.get("/api/v1/clauses/").status_code == 200, "plain API reads: DRF's rate"
    assert client.get("/api/v1/clauses/export/").json()["code"] == "throttled"


def test_form_uploads_share_the_api_upload_rate(settings):
    api_rates(settings, upload="2/hour")
    client = Client()
    client.force_login(UserFactory())
    def upload(i):
        data = {"new_company": f"Throttle Co {i}", "text": f"We collect email {i}."}
        return client.post(reverse("extraction:upload"), data).status_code

    codes = [upload(i) for i in range(3)]
    assert codes == [302, 302, 429]
    assert client.get(reverse("extraction:upload")).status_code == 200, "GET is a page"


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _counter(rate: str, clock: _Clock):
    from config.throttle import ScopedThrottle

    throttle = ScopedThrottle("test", rate)
    throttle.timer = clock
    return throttle


def test_sliding_log_holds_the_rate_in_every_window_whatever_its_phase():
    """At most the rate in any window of the duration, across the edges of clock minutes; a
    refusal says how long to wait; clients are counted apart; old requests slide out."""
    from django.core.cache import cache

    cache.clear()
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    clock = _Clock(6000.0 + 50)  # 50 s into a clock minute
    allowed = []
    for _ in range(12):
        throttle = _counter("10/minute", clock)
        allowed.append(throttle.allow_request(request, None))
    assert allowed == [True] * 10 + [False] * 2
    assert throttle.wait() == 60  # the oldest of the ten leaves the window in 60 s
    # 55 s later, in the next clock minute: the ten are still within the last 60 s
    clock.now += 55
    assert not _counter("10/minute", clock).allow_request(request, None)
    # 61 s after them they have slid out: ten more, not eleven
    clock.now += 6
    results = [_counter("10/minute", clock).allow_request(request, None) for _ in range(11)]
    assert results == [True] * 10 + [False]
    # another client is counted apart
    other = RequestFactory().get("/", REMOTE_ADDR="192.0.2.11")
    assert _counter("10/minute", clock).allow_request(other, None)
    # spread requests: 5 now and 5 thirty seconds later; at +61 s the first five are out
    cache.clear()
    for _ in range(5):
        assert _counter("10/minute", clock).allow_request(request, None)
    clock.now += 30
    for _ in range(5):
        assert _counter("10/minute", clock).allow_request(request, None)
    assert not _counter("10/minute", clock).allow_request(request, None)
    clock.now += 31
    results = [_counter("10/minute", clock).allow_request(request, None) for _ in range(6)]
    assert results == [True] * 5 + [False]
    partly = _counter("10/minute", clock)
    assert not partly.allow_request(request, None)
    assert partly.wait() == pytest.approx(29.0)  # the five of 31 s ago leave in 29 s


def test_a_history_left_by_drf_own_throttle_is_read():
    from django.core.cache import cache

    cache.clear()
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.12")
    clock = _Clock(9000.0)
    throttle = _counter("3/minute", clock)
    key = throttle.get_cache_key(request, None)
    cache.set(key, [8999.0, 8990.0, 8980.0], 60)  # DRF's list, newest first
    assert not throttle.allow_request(request, None)
    clock.now = 9041.0  # 8980 has slid out
    assert _counter("3/minute", clock).allow_request(request, None)
