"""Authentication, ownership, throttling and hostile input."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from policies.models import Clause, Company, PolicyVersion
from tests.factories import PolicyFactory, PolicyVersionFactory, UserFactory

TEXT = "Privacy\n\nRETENTION\n\nWe keep your email address for 2 years.\n"


@pytest.fixture
def policy(db):
    return PolicyFactory()


def rates(settings, **overrides):
    rest = copy.deepcopy(django_settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"].update(overrides)
    settings.REST_FRAMEWORK = rest


def test_writes_without_credentials_are_401(api, policy):
    version = PolicyVersionFactory(policy=policy)
    for method, path, data in [
        ("post", f"/api/v1/policies/{policy.pk}/versions/", {"text": TEXT}),
        ("delete", f"/api/v1/versions/{version.pk}/", None),
        ("post", f"/api/v1/versions/{version.pk}/runs/", None),
    ]:
        response = getattr(api, method)(path, data, format="json")
        assert response.status_code == 401, (path, response.content)
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"
    assert PolicyVersion.objects.filter(policy=policy).count() == 1


def test_a_bad_token_is_401(policy):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/companies/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_reads_need_auth_when_public_browsing_is_off(api, auth_api, settings, db):
    settings.POLICY_PUBLIC_BROWSING = False
    assert api.get("/api/v1/clauses/").status_code == 401
    assert auth_api.get("/api/v1/clauses/").status_code == 200


def test_only_the_uploader_or_staff_may_delete_or_reextract(auth_api, other_api, policy, user):
    created = auth_api.post(f"/api/v1/policies/{policy.pk}/versions/", {"text": TEXT},
                            format="json")
    version_id = created.json()["version"]["id"]
    assert other_api.delete(f"/api/v1/versions/{version_id}/").status_code == 403
    denied = other_api.post(f"/api/v1/versions/{version_id}/runs/")
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert PolicyVersion.objects.filter(pk=version_id).exists()

    # A version nobody uploaded (a fixture) is staff-only.
    fixture_version = PolicyVersionFactory(policy=policy)
    assert auth_api.delete(f"/api/v1/versions/{fixture_version.pk}/").status_code == 403
    staff = UserFactory(username="staff", is_staff=True)
    staff_client = APIClient()
    staff_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    assert staff_client.delete(f"/api/v1/versions/{fixture_version.pk}/").status_code == 204

    rerun = auth_api.post(f"/api/v1/versions/{version_id}/runs/")
    assert rerun.status_code in (200, 202)
    assert rerun.json()["version"] == version_id
    assert auth_api.delete(f"/api/v1/versions/{version_id}/").status_code == 204
    assert not PolicyVersion.objects.filter(pk=version_id).exists()


def test_anonymous_throttling_returns_429(api, settings, db):
    rates(settings, anon="3/minute")
    codes = [api.get("/api/v1/companies/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    response = api.get("/api/v1/companies/")
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_user_and_upload_throttling(auth_api, policy, settings):
    rates(settings, user="1000/minute", upload="2/hour")
    codes = [
        auth_api.post(f"/api/v1/policies/{policy.pk}/versions/", {"text": f"{TEXT} {i}"},
                      format="json").status_code
        for i in range(3)
    ]
    assert codes == [202, 202, 429]
    assert auth_api.get("/api/v1/companies/").status_code == 200  # reads still allowed
    rates(settings, user="2/minute")
    auth_api.get("/api/v1/companies/")
    assert auth_api.get("/api/v1/companies/").status_code == 429


SQL_QUERIES = [
    "recipient=%27%3B%20DROP%20TABLE%20policies_clause%3B%20--",
    "q=%27%3B%20DROP%20TABLE%20policies_clause%3B%20--",
    "country=%27%3B%20DROP%20TABLE",
    "section=%27%3B%20DROP%20TABLE%20policies_clause%3B%20--",
    "company=%27%3B%20DROP%20TABLE%20policies_company%3B%20--",
    "ordering=id%3B%20DROP%20TABLE%20policies_clause",
    "version=1%20OR%201%3D1",
    "retention_longer_than=P1Y%27%3B%20DROP%20TABLE%20policies_clause",
]


def test_sql_in_filter_values_is_rejected_or_harmless(api, seeds):
    before = Clause.objects.count()
    for query in SQL_QUERIES:
        response = api.get(f"/api/v1/clauses/?{query}")
        assert response.status_code in (200, 400), query
        if response.status_code == 200:
            assert response.json()["count"] == 0, query
        else:
            assert response.json()["code"] == "invalid"
    assert Clause.objects.count() == before
    assert {"policies_clause", "policies_company"} <= set(connection.introspection.table_names())
    assert Company.objects.count() == len(seeds)


def test_create_api_token_command(db):
    user = UserFactory(username="scripts")
    out = StringIO()
    call_command("create_api_token", "scripts", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert Token.objects.get(user=user).key == key
    out2 = StringIO()
    call_command("create_api_token", "scripts", stdout=out2, stderr=StringIO())
    assert out2.getvalue().strip() == key
    out3 = StringIO()
    call_command("create_api_token", "scripts", "--rotate", stdout=out3, stderr=StringIO())
    assert out3.getvalue().strip() != key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out3.getvalue().strip()}")
    assert client.get("/api/v1/companies/").status_code == 200
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=StringIO())
    call_command("create_api_token", "robot", "--create-user", stdout=StringIO(),
                 stderr=StringIO())
    assert Token.objects.filter(user__username="robot").exists()


def test_admin_action_issues_tokens(client, db):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    target = UserFactory(username="analyst")
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/",
        {"action": "issue_api_tokens", "_selected_action": [target.pk]},
        follow=True,
    )
    assert response.status_code == 200
    token = Token.objects.get(user=target)
    assert token.key in response.content.decode()
