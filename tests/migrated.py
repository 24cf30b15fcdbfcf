"""A new database of the suite's kind built by every migration, in a process of its own as
`manage.py migrate` would run, once per test run: read by tests/core/test_migrations.py and
tests/documents/test_files_migration.py through the `migrated` fixture (tests/conftest.py)."""

import fcntl
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]

# In a process of its own, as `manage.py migrate` would run: a new database of the same kind
# (SQLite in memory, PostgreSQL `<test database>_migrations`), every migration, every post_migrate
# receiver; then the tables and columns of every model are looked for.
_MIGRATE = textwrap.dedent(
    """
    import json
    import traceback
    from datetime import date
    import django
    django.setup()
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor


    def missing_tables_and_columns():
        tables = set(connection.introspection.table_names())
        missing = []
        with connection.cursor() as cursor:
            # Unmanaged models (django-rq's dashboard) have no table by design.
            for model in (m for m in apps.get_models() if m._meta.managed):
                table = model._meta.db_table
                if table not in tables:
                    missing.append(table)
                    continue
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} WHERE 1 = 0")
                columns = {column[0] for column in cursor.description}
                fields = model._meta.local_concrete_fields
                missing += [f"{table}.{f.column}" for f in fields if f.column not in columns]
        return missing


    def moved_files():
        # documents 0010: back to 0009 for documents, a frozen version with its bytes in the
        # table, then forward. The other apps' tables stay as their latest migrations left them.
        executor = MigrationExecutor(connection)
        before = [("documents", "0009_year_rollover_history_fit")]
        executor.migrate(before)
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
        MigrationExecutor(connection).migrate([("documents", "0010_service_files_in_storage")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT data, pdf, docx FROM documents_planversion")
            names = cursor.fetchone()
        return {"names": names, "contents": [default_storage.open(n).read().decode() for n in names]}


    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from openpiao.risk.models import RiskArea
        built = {"missing": missing_tables_and_columns(), "risk_areas": RiskArea.objects.count()}
        try:
            built["files"] = moved_files()
        except Exception:
            built["files"] = {"error": traceback.format_exc()[-3000:]}
        print(json.dumps(built))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    """
)


def migrated_from_nothing(shared_folder: Path | None) -> dict:
    """Every migration applied in a process of its own, once per test run (migrating is the
    suite's slowest step): the first xdist worker to ask runs it under a lock and leaves the
    result in the folder the workers share; the others read it. Without xdist, just run it."""
    if shared_folder is None:
        return _migrate_in_a_new_process()
    result_file = shared_folder / "migrated_from_nothing.json"
    with open(shared_folder / "migrated_from_nothing.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held until the first one has written its result
        if not result_file.exists():
            result_file.write_text(json.dumps(_migrate_in_a_new_process()))
    return json.loads(result_file.read_text())


def _migrate_in_a_new_process() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    if connection.vendor == "postgresql":
        env["TEST_DATABASE_NAME"] = f"{connection.settings_dict['NAME']}_migrations"
    result = subprocess.run(
        [sys.executable, "-c", _MIGRATE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        return {"error": result.stderr[-3000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])
