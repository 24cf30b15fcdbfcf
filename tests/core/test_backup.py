"""`make backup` / `make restore` for real, on the database engine the suite runs on (SQLite, or
PostgreSQL with DATABASE_URL). An installation of its own (a copy of the suite's database with
the demo: pg_dump on PostgreSQL, SQLite's backup API otherwise; a coat of arms and a printed
scheda) is backed up by `manage.py backup`, wiped (database and files), restored by
`manage.py restore`, and compared: rows per table and the SHA-256 of every stored file."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.core.test_settings import ROOT, SETTINGS_VARIABLES

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

STATE = """
import json
from openpiao.core.backup import file_hashes, table_counts
print(json.dumps({"tables": table_counts(), "files": file_hashes()}))
"""

FILL = """
from django.core.files.base import ContentFile
from openpiao.documents import jobs
from openpiao.documents.models import PrintJob
from openpiao.organizations.services import set_coat_of_arms
from openpiao.plans.models import Plan
from tests.factories import png_image

plan = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
set_coat_of_arms(organization=plan.organization, file=ContentFile(png_image(), name="s.png"), user=None)
objective = plan.objectives.order_by("number").first()
job = PrintJob.objects.create(plan=plan, target=f"obiettivo:{objective.pk}", fmt="docx", data_hash="0" * 64)
jobs.run_print_job.call(job.pk)
"""


def _copy_of_the_suites_database(tmp_path) -> tuple[dict, str | None]:
    """The suite's database (built from the models, the demo loaded and committed) copied into
    the installation's own: by pg_dump into a database of its own on PostgreSQL; by SQLite's
    backup API into the installation's file otherwise (the suite's is in memory)."""
    suite = connection.settings_dict
    if not POSTGRES:
        # Dumped as SQL through the test's own connection: its transaction is open, and the
        # shared-memory database locks out the backup API's reader meanwhile.
        connection.ensure_connection()
        copy = sqlite3.connect(tmp_path / "openpiao.sqlite3")
        try:
            copy.executescript("\n".join(connection.connection.iterdump()))
        finally:
            copy.close()
        return {}, None
    name = f"{suite['NAME']}_backup"
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{name}"')
    where = ["--host", suite["HOST"], "--port", str(suite["PORT"]), "--username", suite["USER"]]
    dump = tmp_path / "suite.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *where, suite["NAME"]], check=True)
    subprocess.run(["pg_restore", "--no-owner", "-d", name, *where, str(dump)], check=True)
    dump.unlink()
    return {"DATABASE_URL": f"postgres://{suite['USER']}@{suite['HOST']}:{suite['PORT']}/{name}"}, name


def _admin_sql(sql: str) -> None:
    db = settings.DATABASES["default"]
    with psycopg.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"], autocommit=True
    ) as admin:
        admin.execute(sql)


@pytest.fixture
def installation(db, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="openpiao.settings",
        SECRET_KEY="solo-per-i-test-" + "x" * 40,
        OPENPIAO_VAR_DIR=str(tmp_path),
        TASKS_BACKEND="database",
        PYTHONPATH=str(ROOT),
    )
    database, name = _copy_of_the_suites_database(tmp_path)
    env.update(database)

    def manage(*arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def wipe() -> None:
        shutil.rmtree(tmp_path / "media")
        if name:
            _admin_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
            _admin_sql(f'CREATE DATABASE "{name}"')
        else:
            for suffix in ("", "-wal", "-shm"):
                (tmp_path / f"openpiao.sqlite3{suffix}").unlink(missing_ok=True)

    yield manage, wipe
    if name:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_wipe_restore_gives_the_same_rows_and_files(installation, tmp_path):
    manage, wipe = installation
    manage("shell", "-c", FILL)
    before = json.loads(manage("shell", "-c", STATE).splitlines()[-1])
    assert before["tables"]["organizations_organization"] >= 3
    assert any(name.startswith("stemmi/") for name in before["files"])
    assert any(name.startswith("stampe/casorate-primo/2024/") for name in before["files"])

    assert "Backup scritto in" in manage("backup")
    archives = list((tmp_path / "backups").glob("openpiao-*.tar.gz"))
    assert len(archives) == 1

    wipe()
    assert not (tmp_path / "media").exists()
    assert "Ripristinato" in manage("restore")  # the latest archive
    after = json.loads(manage("shell", "-c", STATE).splitlines()[-1])
    assert after == before
