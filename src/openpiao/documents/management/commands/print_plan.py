from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openpiao.core.formatting import it_number
from openpiao.documents import printing
from openpiao.documents.management.plans import add_plan_arguments, find_plan
from openpiao.plans.sections import SECTION_CODES


class Command(BaseCommand):
    requires_system_checks: list = []  # printing needs no URL or admin checks; it starts faster
    help = "Stampa il PIAO di un ente (DOCX o PDF/A), tutto o una sezione, o la Relazione sulla performance."

    def add_arguments(self, parser):
        add_plan_arguments(parser)
        parser.add_argument(
            "--format",
            choices=["docx", "pdf"],
            default="pdf",
            dest="fmt",
            help="formato del file (predefinito: pdf)",
        )
        parser.add_argument("-o", "--output", required=True, help="file da scrivere")
        parser.add_argument(
            "--document",
            choices=["piao", "relazione"],
            default="piao",
            help="il PIAO (predefinito) o la Relazione sulla performance",
        )
        parser.add_argument("--section", choices=SECTION_CODES, help="stampa solo questa sezione")
        parser.add_argument("--objective", type=int, help="stampa solo la scheda di questo obiettivo (id)")

    def handle(
        self, *args, organization, anno, fmt, output, document, section=None, objective=None, **options
    ):
        plan = find_plan(organization, anno)
        try:
            printed = printing.print_plan(
                plan, fmt=fmt, document=document, section=section, objective_id=objective
            )
        except printing.PrintError as error:
            raise CommandError(str(error)) from None
        Path(output).write_bytes(printed.content)
        self.stdout.write(f"Scritto {output} ({it_number(len(printed.content))} byte).")
