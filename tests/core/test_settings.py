"""Settings fail closed: DEBUG only when asked, no start without a SECRET_KEY in production,
a deployment check without warnings, server errors on stderr, headers on every page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Variables the settings read, and the browser tests' one: each run starts from none of them.
SETTINGS_VARIABLES = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "DATABASE_URL",
}
PRODUCTION = {
    "SECRET_KEY": "k3J9-vQ2_xL8#pZ4!mN7@rT1$wY6%bH5^cF0&dG3*eS8(aU2)oI9+jK4=lM7",
    "ALLOWED_HOSTS": "piao.comune.example.it",
    "CSRF_TRUSTED_ORIGINS": "https://piao.comune.example.it",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def run_django(code: str, tmp_path, **environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="openpiao.settings", OPENPIAO_VAR_DIR=str(tmp_path), **environment)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(name: str, tmp_path, **environment) -> str:
    result = run_django(f"from django.conf import settings; print(settings.{name})", tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_off_unless_asked(tmp_path):
    assert settings_value("DEBUG", tmp_path, SECRET_KEY=PRODUCTION["SECRET_KEY"]) == "False"
    assert settings_value("DEBUG", tmp_path, DJANGO_DEBUG="1") == "True"
    assert settings_value("DEBUG", tmp_path, DJANGO_DEBUG="1", SECRET_KEY=PRODUCTION["SECRET_KEY"]) == "True"
    assert settings_value("DEBUG", tmp_path, DEBUG="1") == "True"  # the older, documented name
    assert settings_value("DEBUG", tmp_path, DJANGO_DEBUG="0", SECRET_KEY=PRODUCTION["SECRET_KEY"]) == "False"


def test_without_a_secret_key_and_debug_it_refuses_to_start(tmp_path):
    result = run_django("pass", tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "DJANGO_DEBUG=1" in result.stderr


def test_the_proxy_header_is_trusted_only_when_configured(tmp_path):
    key = PRODUCTION["SECRET_KEY"]
    assert settings_value("SECURE_PROXY_SSL_HEADER", tmp_path, SECRET_KEY=key) == "None"
    header = settings_value(
        "SECURE_PROXY_SSL_HEADER", tmp_path, SECRET_KEY=key, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"
    )
    assert header == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_the_deployment_check_passes_in_a_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES},
            "OPENPIAO_VAR_DIR": str(tmp_path),
            **PRODUCTION,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_database_outage_leaves_a_trace_on_stderr(tmp_path):
    """With DEBUG off the error of a request (here: the database refuses connections) is logged."""
    code = (
        "from django.test import Client; from django.test.utils import setup_test_environment; "
        # The static files are not collected here: the plain storage names them as they are.
        "from django.conf import settings; settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}; "
        "setup_test_environment(); client = Client(raise_request_exception=False); "
        "client.cookies['sessionid'] = 'qualsiasi'; "
        "print(client.get('/enti/').status_code)"
    )
    result = run_django(
        code,
        tmp_path,
        SECRET_KEY=PRODUCTION["SECRET_KEY"],
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nessuno",
    )
    assert result.stdout.strip() == "500", result.stderr
    assert "Internal Server Error: /enti/" in result.stderr
    assert "OperationalError" in result.stderr


@pytest.mark.parametrize("name", ["organizations:list", "plans:detail"])
def test_pages_of_a_logged_in_user_are_not_stored_by_caches(client, casorate, name):
    client.force_login(get_user_model().objects.get(username="segretario"))
    args = [] if name == "organizations:list" else ["casorate-primo", 2024]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
