"""Fixtures for the API tests: clients, users with tokens, throttle state reset."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    """Throttle counters and cached reads live in the cache: every test starts with none, and
    reads see every change at once (the stamp is re-read on every request)."""
    from config.api.cache import stamp_invalidate

    settings.API_CACHE_STAMP_SECONDS = 0
    stamp_invalidate()
    cache.clear()
    yield
    cache.clear()
    stamp_invalidate()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


@pytest.fixture
def other_user(db):
    return UserFactory(username="bob")


@pytest.fixture
def token(user):
    return Token.objects.create(user=user)


@pytest.fixture
def auth_api(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def other_api(other_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=other_user).key}")
    return client
