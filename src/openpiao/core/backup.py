"""A backup of the installation in one archive, and its restore: the database (pg_dump's custom
format for PostgreSQL, SQLite's own backup API for SQLite) and every stored file (frozen
versions, prints, uploads, coats of arms), from MEDIA_ROOT or the S3 bucket alike.

The archive (a .tar.gz under var/backups/) holds `database.dump` or `database.sqlite3`, the
files under `files/`, and `manifest.json`: the engine, the row count of every table and the
SHA-256 of every file, which the restore checks.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections

MANIFEST = "manifest.json"
FILES = "files/"


class BackupError(Exception):
    """The backup or the restore could not be done; the message says why, in Italian."""


def backup_folder() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def table_counts() -> dict[str, int]:
    """Rows per table of the database, to compare a restore with its backup."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def stored_files(folder: str = "") -> list[str]:
    """Every file name in the storage, folders walked through the storage API (disk or S3)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += stored_files(f"{folder}{sub}/")
    return sorted(names)


def file_hashes() -> dict[str, str]:
    hashes = {}
    for name in stored_files():
        with default_storage.open(name, "rb") as handle:
            hashes[name] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


def _pg_environment() -> tuple[list[str], dict]:
    db = connection.settings_dict
    arguments = ["--dbname", db["NAME"], "--no-password"]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} non è riuscito: {result.stderr.strip()}")


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def backup(destination: Path | None = None) -> Path:
    """Write the archive and return its path."""
    folder = backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = destination or folder / f"openpiao-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
    manifest = {"engine": connection.vendor, "tables": table_counts(), "files": {}}
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "w:gz") as archive:
        if _is_postgres():
            dump = Path(work) / "database.dump"
            arguments, env = _pg_environment()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *arguments], env)
        else:
            dump = Path(work) / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        archive.add(dump, arcname=dump.name)
        for name in stored_files():
            with default_storage.open(name, "rb") as handle:
                content = handle.read()
            manifest["files"][name] = hashlib.sha256(content).hexdigest()
            _add(archive, FILES + name, content)
        _add(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return path


def latest_backup() -> Path:
    archives = sorted(backup_folder().glob("openpiao-*.tar.gz"))
    if not archives:
        raise BackupError(f"Nessun archivio di backup in {backup_folder()}.")
    return archives[-1]


def restore(path: Path) -> dict:
    """Put the archive's database and files back; return its manifest.

    The database is replaced whole; the stored files of the archive are written again under
    their own names (files made after the backup stay: no restored row names them). The app
    servers and the workers must be stopped meanwhile.
    """
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"L'archivio contiene un database {manifest['engine']}, "
                f"ma l'installazione usa {connection.vendor}."
            )
        with tempfile.TemporaryDirectory() as work:
            dump_name = "database.dump" if _is_postgres() else "database.sqlite3"
            archive.extract(dump_name, work, filter="data")
            _restore_database(Path(work) / dump_name)
        for name, digest in manifest["files"].items():
            content = archive.extractfile(FILES + name).read()
            if hashlib.sha256(content).hexdigest() != digest:
                raise BackupError(f"Il file «{name}» dell'archivio è danneggiato.")
            if default_storage.exists(name):
                default_storage.delete(name)
            if default_storage.save(name, ContentFile(content)) != name:
                raise BackupError(f"Il file «{name}» non si può riscrivere con il suo nome.")
    return manifest


def _restore_database(dump: Path) -> None:
    connections.close_all()
    if _is_postgres():
        arguments, env = _pg_environment()
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*command, *arguments, str(dump)], env)
    else:
        source = sqlite3.connect(dump)
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    connections.close_all()
