"""Migration 0010 moves the frozen versions' bytes out of the database into stored files, byte
for byte: run for real in a process of its own on a new database of the suite's kind (as
tests/core/test_migrations.py does), from 0009 with an adopted version to 0010."""

import json
import os
import subprocess
import sys
import textwrap

from django.db import connection

from tests.core.test_migrations import ROOT

_SCRIPT = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from datetime import date
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        # create_test_db applied every migration: back to 0009 for documents only.
        executor = MigrationExecutor(connection)
        before = [("documents", "0009_year_rollover_history_fit")]
        executor.migrate(before)
        # The other apps' tables stay as their latest migrations left them.
        latest = executor.loader.project_state().apps
        Organization = latest.get_model("organizations", "Organization")
        Plan = latest.get_model("plans", "Plan")
        PlanVersion = executor.loader.project_state(before).apps.get_model("documents", "PlanVersion")
        ente = Organization.objects.create(name="Comune di Prova", slug="prova")
        plan = Plan.objects.create(organization=ente, first_year=2025, reference_year=2025, kind="piao")
        PlanVersion.objects.create(
            organization_id=ente.pk, plan_id=plan.pk, number=1, resolution_number="3",
            resolution_date=date(2025, 1, 28), data=b'{"a": 1}', pdf=b"%PDF-1.7 atto",
            docx=b"PK atto", json_sha256="x", pdf_sha256="y", docx_sha256="z",
        )
        executor = MigrationExecutor(connection)
        executor.migrate([("documents", "0010_service_files_in_storage")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT data, pdf, docx FROM documents_planversion")
            names = cursor.fetchone()
        contents = [default_storage.open(n).read().decode() for n in names]
        print(json.dumps({"names": names, "contents": contents}))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    """
)


def test_the_frozen_files_move_to_the_storage(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    if connection.vendor == "postgresql":
        env["TEST_DATABASE_NAME"] = f"{connection.settings_dict['NAME']}_files_migration"
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    moved = json.loads(result.stdout.strip().splitlines()[-1])
    assert moved["contents"] == ['{"a": 1}', "%PDF-1.7 atto", "PK atto"]
    stem = "versioni/prova/2025/v1/prova-piao-2025-2027"
    assert moved["names"] == [f"{stem}.json", f"{stem}.pdf", f"{stem}.docx"]
