"""Fixtures for the review tests: a reviewer, a non-reviewer, API clients with tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_api_cache(settings):
    from django.core.cache import cache

    from config.api.cache import stamp_invalidate

    settings.API_CACHE_STAMP_SECONDS = 0
    stamp_invalidate()
    cache.clear()
    yield
    cache.clear()
    stamp_invalidate()


def make_reviewer(username: str, first_name: str = ""):
    user = UserFactory(username=username, first_name=first_name)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


@pytest.fixture
def reviewer(db):
    return make_reviewer("rita", "Rita")


@pytest.fixture
def second_reviewer(db):
    return make_reviewer("sam", "Sam")


@pytest.fixture
def reader(db):
    return UserFactory(username="nora")


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def clause_with(company: str, needle: str):
    from policies.models import Clause, Company

    version = Company.objects.get(slug=company).policies.get().versions.latest()
    return Clause.objects.filter(version=version, text__contains=needle).get()
