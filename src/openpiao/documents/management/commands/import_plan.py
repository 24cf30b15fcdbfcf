import json

from django.core.management.base import BaseCommand, CommandError

from openpiao.core.exchange import ImportProblem
from openpiao.documents.exchange import import_plan


class Command(BaseCommand):
    help = "Crea un ente e il suo piano da un documento JSON prodotto da export_plan."

    def add_arguments(self, parser):
        parser.add_argument("file", help="percorso del file JSON")
        parser.add_argument("--ente", help="identificativo da dare all'ente (se diverso da quello nel file)")

    def handle(self, *args, file, ente=None, **options):
        with open(file, encoding="utf-8") as handle:
            document = json.load(handle)
        try:
            plan = import_plan(document, slug=ente)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Importato {plan} per {plan.organization}.")
