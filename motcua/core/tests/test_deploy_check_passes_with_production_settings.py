"""`manage.py check --deploy --fail-level WARNING` passes with the production settings the
operations guide names (.ci/production.env, as CI runs it) and fails when one is missing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def production_env() -> dict[str, str]:
    lines = (ROOT / ".ci" / "production.env").read_text().splitlines()
    settings = [line for line in lines if line.strip() and not line.startswith("#")]
    return {line.partition("=")[0]: line.partition("=")[2] for line in settings}


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    keep = {"PATH": os.environ.get("PATH", "")}  # nothing else from the developer's shell
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass():
    result = deploy_check(production_env())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("unset", "check_id"),
    [
        ("SECURE_HSTS_SECONDS", "security.W004"),
        ("SECURE_SSL_REDIRECT", "security.W008"),
        ("REDIS_URL", "motcua.core.W001"),
        ("MOTCUA_TRUSTED_PROXIES", "motcua.core.W002"),
        ("EMAIL_BACKEND", "motcua.mail.W001"),
        ("MOTCUA_SMS_PROVIDER", "motcua.sms.W001"),
    ],
)
def test_a_missing_production_setting_fails(unset, check_id):
    env = production_env()
    del env[unset]
    result = deploy_check(env)
    assert result.returncode != 0
    assert check_id in result.stderr


def test_a_mistyped_proxy_is_an_error_everywhere():
    env = {**production_env(), "MOTCUA_TRUSTED_PROXIES": "10.0.0.300"}
    result = deploy_check(env)
    assert "motcua.core.E001" in result.stderr
