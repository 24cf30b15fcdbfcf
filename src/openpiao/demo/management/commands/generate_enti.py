"""Many enti for the measures at national scale: comuni of the ISTAT list, each with a plan made
from a demo plan (openpiao.demo.scaling) of 10 to 200 objectives, written by the plan import."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from openpiao.core.exchange import Audience
from openpiao.demo.scaling import as_comune, resized, sizes
from openpiao.organizations.comuni import comuni
from openpiao.organizations.models import Organization
from openpiao.plans.json_document import export_plan, import_plan
from openpiao.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Crea N enti di prova (comuni dell'elenco ISTAT) con un piano ricavato da quello dimostrativo, "
        "da 10 a 200 obiettivi, per le misure su larga scala. Mai su un database con dati reali."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="quanti enti creare")
        parser.add_argument("--da", dest="source", default="casorate-primo", help="ente di origine")
        parser.add_argument("--anno", dest="year", type=int, default=2024, help="primo anno del piano")
        parser.add_argument("--seme", dest="seed", type=int, default=2026, help="seme delle dimensioni")

    def handle(self, *args, count, source, year, seed, **options):
        plan = Plan.objects.filter(organization__slug=source, first_year=year).first()
        if plan is None:
            raise CommandError(f"Nessun piano {year} per «{source}»: caricare prima i dati dimostrativi.")
        document = export_plan(plan, audience=Audience.BACKUP)
        taken = set(Organization.objects.values_list("istat_code", flat=True))
        waiting = [c for c in comuni().values() if c.istat_code not in taken][:count]
        if len(waiting) < count:
            self.stderr.write(f"Solo {len(waiting)} comuni dell'elenco non hanno ancora un ente.")
        by_size: dict[int, dict] = {}
        start, before = time.perf_counter(), _database_bytes()
        objectives = 0
        plans = zip(waiting, sizes(len(waiting), seed=seed), strict=True)
        for done, (comune, size) in enumerate(plans, start=1):
            if size not in by_size:
                by_size[size] = resized(document, size)
            import_plan(as_comune(by_size[size], comune), source="generate_enti")
            objectives += size
            if done % 100 == 0 or done == len(waiting):
                elapsed = time.perf_counter() - start
                self.stdout.write(f"{done} enti in {elapsed:.0f} s ({1000 * elapsed / done:.0f} ms per ente)")
        if waiting:
            elapsed = time.perf_counter() - start
            grown = _database_bytes() - before
            self.stdout.write(
                f"Creati {len(waiting)} enti ({objectives / len(waiting):.0f} obiettivi in media) in "
                f"{elapsed:.0f} s; database cresciuto di {grown / 2**20:.0f} MB, "
                f"{grown / len(waiting) / 2**20:.2f} MB per ente."
            )


def _database_bytes() -> int:
    """The database's size on disk (PostgreSQL: pg_database_size; SQLite: its pages)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return cursor.fetchone()[0]
