from django.core.management.base import BaseCommand

from openpiao.transparency.catalogue import load_transparency_catalogue


class Command(BaseCommand):
    help = "Carica o aggiorna il catalogo degli obblighi di Amministrazione trasparente."

    def handle(self, *args, **options):
        for name, count in load_transparency_catalogue().items():
            self.stdout.write(f"{name}: {count}")
