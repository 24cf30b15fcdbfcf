import os

from django.core.management.base import BaseCommand, CommandError

from openpiao.core.exchange import ImportProblem, check_size, max_bytes, read_document
from openpiao.plans.json_document import import_plan


class Command(BaseCommand):
    help = "Crea un ente e il suo piano da un documento JSON prodotto da export_plan."

    def add_arguments(self, parser):
        parser.add_argument("file", help="percorso del file JSON")
        parser.add_argument(
            "--ente",
            dest="organization",
            help="identificativo da dare all'ente (se diverso da quello nel file)",
        )

    def handle(self, *args, file, organization=None, **options):
        try:
            with open(file, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                # One byte past the limit is enough to know the file is too large.
                content = handle.read(max_bytes() + 1)
        except FileNotFoundError:
            raise CommandError(f"Il file «{file}» non esiste.") from None
        except OSError:
            raise CommandError(f"Impossibile leggere il file «{file}».") from None
        try:
            check_size(size)
            plan = import_plan(
                read_document(content),
                slug=organization,
                source=f"manage.py import_plan {os.path.basename(file)}",
            )
        except ImportProblem as problem:
            count = problem.total
            heading = "Il documento non è stato importato (nulla è stato salvato)"
            heading += ":" if count == 1 else f", {count} problemi:"
            raise CommandError("\n".join([heading, *problem.problems])) from None
        self.stdout.write(f"Importato {plan} per {plan.organization}.")
