from django.core.management.base import BaseCommand, CommandError

from openpiao.documents.exchange import export_plan_json
from openpiao.plans.models import Plan


class Command(BaseCommand):
    help = "Scrive su stdout il piano di un ente come documento JSON (dati aperti)."

    def add_arguments(self, parser):
        parser.add_argument("ente", help="identificativo dell'ente (slug), es. casorate-primo")
        parser.add_argument("anno", type=int, help="primo anno del triennio, es. 2024")

    def handle(self, *args, ente, anno, **options):
        plan = (
            Plan.objects.select_related("organization")
            .filter(organization__slug=ente, first_year=anno)
            .first()
        )
        if plan is None:
            raise CommandError(f"Nessun piano {anno} per l'ente «{ente}».")
        self.stdout.write(export_plan_json(plan))
