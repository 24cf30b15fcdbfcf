from django.core.management.base import BaseCommand

from openpiao.risk.catalogue import load_risk_catalogues


class Command(BaseCommand):
    help = "Carica o aggiorna i cataloghi dei rischi corruttivi (aree, indicatori, misure, mappa tipo)."

    def handle(self, *args, **options):
        for name, count in load_risk_catalogues().items():
            self.stdout.write(f"{name}: {count}")
