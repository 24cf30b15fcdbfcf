"""SQLite gets WAL, a busy timeout and immediate transactions however it is configured."""

import json
import os
import subprocess
import sys
import textwrap

from openpiao import settings


def test_sqlite_from_database_url_gets_the_same_options(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/openpiao.sqlite3")
    config = settings._database_config()
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    default = settings._database_config()
    assert config["ENGINE"] == default["ENGINE"] == "django.db.backends.sqlite3"
    for options in (config["OPTIONS"], default["OPTIONS"]):
        assert "journal_mode=WAL" in options["init_command"]
        assert "synchronous=NORMAL" in options["init_command"]
        assert options["transaction_mode"] == "IMMEDIATE"
        assert options["timeout"] >= 10


def test_postgres_url_is_left_as_it_is(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/openpiao_x")
    config = settings._database_config()
    assert "transaction_mode" not in config.get("OPTIONS", {})
    assert config["TEST"]["NAME"] == "test_openpiao_x"


# Eight threads, each reading then writing in one transaction, as a review save does: with
# deferred transactions SQLite refuses the write upgrade at once ("database is locked").
_CONCURRENT_WRITERS = textwrap.dedent(
    """
    import json, threading, time
    import django
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, writer INTEGER, seen INTEGER)")
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    connection.close()
    errors, start = [], threading.Barrier(8)

    def write(writer):
        start.wait()
        try:
            for _ in range(5):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM saves")
                    seen = cursor.fetchone()[0]
                    time.sleep(0.01)
                    cursor.execute("INSERT INTO saves (writer, seen) VALUES (%s, %s)", [writer, seen])
        except Exception as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM saves")
        rows = cursor.fetchone()[0]
    print(json.dumps({"mode": mode, "errors": errors, "rows": rows}))
    """
)


def test_concurrent_writes_on_a_sqlite_database_url_all_succeed(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/concurrent.sqlite3",
        "DJANGO_SETTINGS_MODULE": "openpiao.settings",
        "OPENPIAO_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", _CONCURRENT_WRITERS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["mode"] == "wal"
    assert result["rows"] == 40
