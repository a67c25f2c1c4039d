"""Schemathesis against the live schema: GET and POST operations, bounded examples; no 5xx and
every response conforms to the documented schema."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

MAX_EXAMPLES = 20


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_or_schema_violations(
    live_server, seeds, settings, tmp_path
):
    rest = copy.deepcopy(django_settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": None, "user": None, "upload": None}
    settings.REST_FRAMEWORK = rest
    token = Token.objects.create(user=UserFactory(username="fuzzer"))
    exe = shutil.which("st", path=str(Path(sys.executable).parent))
    assert exe, "schemathesis is in the dev extra"
    command = [
        exe, "run", f"{live_server.url}/api/schema/",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--include-method", "GET", "--include-method", "POST",
        "--max-examples", str(MAX_EXAMPLES),
        "--workers", "1",
        "--seed", "20261122",
        "--generation-database", "none",
        "--request-timeout", "30",
        "--max-time", "60",
        "--header", f"Authorization: Token {token.key}",
        "--no-color",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    output = result.stdout + result.stderr
    (tmp_path / "output.txt").write_text(output)
    print(output[-6000:])
    assert result.returncode == 0, output[-6000:]
    assert "generated" in output and "failures" not in output.split("SUMMARY")[-1].lower()
