from django.core.management.base import BaseCommand

from openpiao.core.exchange import Audience
from openpiao.documents.management.plans import add_plan_arguments, find_plan
from openpiao.plans.json_document import export_plan_json


class Command(BaseCommand):
    help = (
        "Scrive su stdout il piano di un ente come documento JSON: i dati aperti, o con --completo "
        "la copia di sicurezza con tutti i dati (anche personali) da reimportare."
    )

    def add_arguments(self, parser):
        add_plan_arguments(parser)
        parser.add_argument(
            "--completo",
            action="store_true",
            help="Tutti i dati, compresi quelli personali (accordi di lavoro agile, iscrizioni ai corsi).",
        )

    def handle(self, *args, organization, anno, completo, **options):
        audience = Audience.BACKUP if completo else Audience.PUBLIC
        self.stdout.write(export_plan_json(find_plan(organization, anno), audience=audience))
