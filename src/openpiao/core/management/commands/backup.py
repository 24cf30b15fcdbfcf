from django.core.management.base import BaseCommand, CommandError

from openpiao.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copia il database e i file archiviati in un solo archivio sotto var/backups/."

    def handle(self, *args, **options):
        try:
            path = backup()
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup scritto in {path}.")
