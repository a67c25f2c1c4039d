"""Under CI=true the suite's second pass runs on real PostgreSQL and Redis: prove it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql", settings.DATABASES["default"]["ENGINE"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_broker_is_reachable_redis():
    import redis

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=3)
    assert client.ping() is True
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
