"""The suite builds its database from the models (`--no-migrations` in pyproject.toml: applying
every migration took about 25 s per xdist worker before the first test). These tests keep the
migrations honest instead: they match the models, and they build the schema from nothing on the
database the suite runs on."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own, as `manage.py migrate` would run: a new database of the same kind
# (SQLite in memory, PostgreSQL `<test database>_migrations`), every migration, every post_migrate
# receiver; then the tables and columns of every model are looked for.
_MIGRATE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.apps import apps
    from django.db import connection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
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
        from openpiao.risk.models import RiskArea
        print(json.dumps({"missing": missing, "risk_areas": RiskArea.objects.count()}))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    """
)


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)  # exits 1 on a change


def test_the_migrations_build_every_table_from_nothing():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    if connection.vendor == "postgresql":
        env["TEST_DATABASE_NAME"] = f"{connection.settings_dict['NAME']}_migrations"
    result = subprocess.run(
        [sys.executable, "-c", _MIGRATE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    built = json.loads(result.stdout.strip().splitlines()[-1])
    assert built["missing"] == []
    assert built["risk_areas"] > 0  # the reference catalogues load after migrate
