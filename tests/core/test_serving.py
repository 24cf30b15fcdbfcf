"""The production entry point: gunicorn with gunicorn.conf.py, the static files compressed and
hashed by WhiteNoise, the health page, and the logs as JSON lines when LOG_FORMAT=json."""

import gzip
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings

from tests.core.test_settings import ROOT, SETTINGS_VARIABLES, run_django

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/1")
PORT = 8110  # a port of this project's test range


def test_the_health_page_needs_no_login_and_checks_three_parts(client, db):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        response = client.get("/salute/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "storage": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    RQ_QUEUES={"default": {"URL": f"redis://127.0.0.1:{PORT + 9}/0"}},  # nothing listens there
)
def test_a_queue_that_does_not_answer_is_a_503(client, db):
    response = client.get("/salute/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "non disponibile",
        "database": "ok",
        "queue": "non disponibile",
        "storage": "ok",
    }


def test_a_storage_that_cannot_be_written_is_a_503(client, db, tmp_path, settings):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(blocked)},
    }
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        response = client.get("/salute/")
    assert response.status_code == 503 and response.json()["storage"] == "non disponibile"


def test_logs_are_json_lines_when_asked(tmp_path):
    code = "import logging; logging.getLogger('openpiao.prova').warning('stampa non riuscita: %s', 'x')"
    result = run_django(code, tmp_path, DJANGO_DEBUG="1", LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "openpiao.prova",
        "stampa non riuscita: x",
    )
    assert "time" in line
    plain = run_django(code, tmp_path, DJANGO_DEBUG="1")
    assert plain.stderr.strip().endswith("WARNING openpiao.prova: stampa non riuscita: x")


def _get(path: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def production_server(tmp_path):
    """gunicorn as `make serve` starts it: DEBUG off, collectstatic done, JSON logs, RQ queue."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="openpiao.settings",
        SECRET_KEY="k3J9-vQ2_xL8#pZ4!mN7@rT1$wY6%bH5^cF0&dG3*eS8(aU2)oI9+jK4=lM7",
        OPENPIAO_VAR_DIR=str(tmp_path),
        TASKS_BACKEND="rq",
        REDIS_URL=REDIS_TEST_URL,
        LOG_FORMAT="json",
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS="1",
    )
    manage = [sys.executable, "manage.py"]
    # Only this project's files and the fonts they name: compressing the theme's and the admin's
    # 2,000 files (gzip and brotli) is the same work, for a minute.
    skipped = ["admin", "django_htmx", "django_rq", "plugins", "svg", "_virtual", "assets", "js", "css"]
    skipped += ["evaluation", "risk"]
    collect = [*manage, "collectstatic", "--noinput", "-v", "0", *(f"--ignore={name}" for name in skipped)]
    subprocess.run(collect, cwd=ROOT, env=env, check=True, timeout=300)
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                _get("/salute/")
                break
            except OSError:
                time.sleep(0.2)
        yield tmp_path, log
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_gunicorn_serves_the_site_its_static_files_and_json_logs(production_server):
    var, log = production_server
    status, _, body = _get("/salute/")
    assert status == 200 and json.loads(body) == {
        "status": "ok",
        "database": "ok",
        "queue": "ok",
        "storage": "ok",
    }
    # The stylesheet under its hashed name, gzip-compressed, cached for good.
    manifest = json.loads((var / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["openpiao/openpiao.css"]
    assert hashed != "openpiao/openpiao.css"
    status, headers, body = _get(f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert gzip.decompress(body) == (var / "static" / hashed).read_bytes()
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.access" and "/salute/" in line["message"] for line in lines)
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
