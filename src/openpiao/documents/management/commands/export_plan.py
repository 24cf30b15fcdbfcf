from django.core.management.base import BaseCommand

from openpiao.documents.exchange import export_plan_json
from openpiao.documents.management.plans import add_plan_arguments, find_plan


class Command(BaseCommand):
    help = "Scrive su stdout il piano di un ente come documento JSON (dati aperti)."

    def add_arguments(self, parser):
        add_plan_arguments(parser)

    def handle(self, *args, ente, anno, **options):
        self.stdout.write(export_plan_json(find_plan(ente, anno)))
