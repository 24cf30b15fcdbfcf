from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openpiao.core.backup import BackupError, latest_backup, restore


class Command(BaseCommand):
    help = (
        "Ripristina il database e i file da un archivio di `manage.py backup` (senza argomento: "
        "il più recente in var/backups/). Fermare prima i server e i worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="l'archivio .tar.gz da ripristinare")

    def handle(self, *args, archive=None, **options):
        try:
            path = Path(archive) if archive else latest_backup()
            manifest = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables, files = len(manifest["tables"]), len(manifest["files"])
        self.stdout.write(f"Ripristinato {path}: {tables} tabelle, {files} file.")
