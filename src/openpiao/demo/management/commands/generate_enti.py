"""Many enti for the measures at national scale: comuni of the ISTAT list, each with a plan made
from a demo plan (openpiao.demo.scaling) of 10 to 200 objectives.

The plan of each size (rounded to 10 objectives) is written once by the plan import, so it is
validated like any import, for the first comune of that size; every other comune of that size
is a copy of that ente with its own anagrafica and keys (openpiao.demo.cloning), written in
batches by `--jobs` processes, each with its own database connection (PostgreSQL; SQLite has
one writer, so one process). From `--soglia-indici` copies on (PostgreSQL), and no fewer than the enti
already there, the copied tables' foreign keys and the indexes no constraint needs are dropped
before writing and created again, as they were, at the end (openpiao.demo.cloning.set_aside),
as PostgreSQL advises for a bulk load; the batches commit without waiting for the disk."""

import multiprocessing
import resource
import signal
import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections, transaction

from openpiao.core.exchange import Audience
from openpiao.demo import cloning
from openpiao.demo.scaling import anagrafica, as_comune, resized, size_class, sizes
from openpiao.organizations.comuni import comuni
from openpiao.organizations.models import Organization
from openpiao.plans.json_document import export_plan, import_plan
from openpiao.plans.models import Plan

# Inherited by the processes: the demo plan's document, and per size the model ente's rows.
_DOCUMENT: dict = {}
_TABLES: dict[int, list[cloning.TableCopy]] = {}


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
        parser.add_argument(
            "--jobs", type=int, default=1, help="processi che scrivono in parallelo (solo PostgreSQL)"
        )
        parser.add_argument("--lotto", dest="batch", type=int, default=100, help="enti per transazione")
        parser.add_argument(
            "--soglia-indici",
            dest="index_threshold",
            type=int,
            default=INDEX_THRESHOLD,
            help=(
                "da quante copie (e non meno degli enti già presenti) togliere indici e chiavi esterne "
                "durante la scrittura, per ricrearli alla fine (solo PostgreSQL)"
            ),
        )

    def handle(self, *args, count, source, year, seed, jobs, batch, index_threshold, **options):
        plan = Plan.objects.filter(organization__slug=source, first_year=year).first()
        if plan is None:
            raise CommandError(f"Nessun piano {year} per «{source}»: caricare prima i dati dimostrativi.")
        if jobs > 1 and connection.vendor != "postgresql":
            self.stderr.write("SQLite ammette un solo processo che scrive: uso --jobs 1.")
            jobs = 1
        _DOCUMENT.clear()
        _DOCUMENT.update(export_plan(plan, audience=Audience.BACKUP))
        existing = Organization.objects.count()
        taken = set(Organization.objects.values_list("istat_code", flat=True))
        waiting = [c for c in comuni().values() if c.istat_code not in taken][:count]
        if len(waiting) < count:
            self.stderr.write(f"Solo {len(waiting)} comuni dell'elenco non hanno ancora un ente.")
        start, before = time.perf_counter(), _database_bytes()
        by_size: dict[int, list] = defaultdict(list)
        for comune, size in zip(waiting, sizes(len(waiting), seed=seed), strict=True):
            by_size[size_class(size)].append(comune)
        objectives = sum(size * len(group) for size, group in by_size.items())
        # The largest plans first, so that no process is left alone with one at the end.
        first = [(size, group[0]) for size, group in sorted(by_size.items(), reverse=True)]
        batches = []
        for size, organization in _in_processes(_import_model, first, jobs):
            _TABLES[size] = cloning.snapshot(Organization.objects.get(pk=organization))
            rest = [anagrafica(c) for c in by_size[size][1:]]
            batches += [(size, rest[i : i + batch]) for i in range(0, len(rest), batch)]
        batches.sort(key=lambda job: -job[0])
        imported = time.perf_counter() - start
        self.stdout.write(f"{len(by_size)} piani modello importati in {imported:.0f} s.")
        done = len(by_size)
        set_aside = []
        copies = len(waiting) - len(by_size)
        # Rebuilt, an index reads the whole table: worth it for many copies, at least as many as the
        # enti already there.
        if connection.vendor == "postgresql" and copies and copies >= max(index_threshold, existing):
            set_aside = cloning.set_aside(cloning.copied_tables())
            self.stdout.write(
                f"{sum(not s.foreign_key for s in set_aside)} indici e "
                f"{sum(s.foreign_key for s in set_aside)} chiavi esterne tolti durante la scrittura."
            )
        # Stopped (Ctrl+C or a kill), the command still creates again what it dropped.
        previous = signal.signal(signal.SIGTERM, _interrupted)
        try:
            for written in _in_processes(_copy_batch, batches, jobs):
                done = self._progress(done, written, len(waiting), start)
        finally:
            if set_aside:
                self._restore(set_aside, jobs, start)
            signal.signal(signal.SIGTERM, previous)
        if waiting:
            # The planner's statistics, as a database that grew day by day has them (after a
            # bulk load a plan page can take half a second on a sequential scan without them).
            tables = cloning.copied_tables()
            analyzed = _in_processes(_run, [f"ANALYZE {connection.ops.quote_name(t)}" for t in tables], jobs)
            if failed := [e for e in analyzed if e]:
                raise CommandError("\n".join(failed))
            elapsed = time.perf_counter() - start
            grown = _database_bytes() - before
            used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
            cpu = sum(u.ru_utime + u.ru_stime for u in used)
            self.stdout.write(
                f"Creati {len(waiting)} enti ({objectives / len(waiting):.0f} obiettivi in media) in "
                f"{elapsed:.0f} s ({60 * len(waiting) / elapsed:.0f} enti al minuto, {jobs} processi, "
                f"{cpu:.0f} s di CPU del comando); database cresciuto di {grown / 2**20:.0f} MB, "
                f"{grown / len(waiting) / 2**20:.2f} MB per ente."
            )

    def _restore(self, set_aside: list, jobs: int, start: float) -> None:
        """Create again the indexes and foreign keys set aside: those that read whole tables in
        `jobs` sessions side by side, the largest tables first."""
        began = time.perf_counter()
        first, parallel = cloning.restore_statements(set_aside)
        with connection.cursor() as cursor:
            for statement in first:
                cursor.execute(statement)
            cursor.execute(
                "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)",
                [cloning.copied_tables()],
            )
            sizes = dict(cursor.fetchall())
        parallel.sort(key=lambda statement: -sizes.get(_table_of(statement), 0))
        failed = [e for e in _in_processes(_run, parallel, jobs) if e]
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as the transaction had them
        if failed:
            raise CommandError("Indici o chiavi esterne non ricreati:\n" + "\n".join(failed))
        now = time.perf_counter()
        self.stdout.write(
            f"Indici e chiavi esterne ricreati in {now - began:.0f} s ({now - start:.0f} s dall'inizio)."
        )

    def _progress(self, done: int, written: int, total: int, start: float) -> int:
        after = done + written
        if after // 500 > done // 500 or after == total:
            elapsed = time.perf_counter() - start
            self.stdout.write(f"{after} enti in {elapsed:.0f} s ({1000 * elapsed / after:.0f} ms per ente)")
        return after


def _in_processes(function, items: list, jobs: int):
    """function(item) for each item, in `jobs` processes with a connection each (in any order),
    or here when one process (or a transaction, a test's, that the others would not see)."""
    if jobs == 1 or len(items) < 2 or connection.in_atomic_block:
        yield from map(function, items)
        return
    connections.close_all()  # each process opens its own
    with multiprocessing.get_context("fork").Pool(min(jobs, len(items)), initializer=_worker) as pool:
        yield from pool.imap_unordered(function, items)


def _worker() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # stopped by the command, as any pool's process


def _import_model(job: tuple[int, object]) -> tuple[int, int]:
    """The plan of one size imported for its first comune: (size, the ente's key)."""
    size, comune = job
    model = import_plan(as_comune(resized(_DOCUMENT, size), comune), source="generate_enti")
    return size, model.organization_id


def _copy_batch(job: tuple[int, list[dict]]) -> int:
    size, anagrafiche = job
    with transaction.atomic():
        cloning.bulk_transaction()
        cloning.copy_enti(_TABLES[size], anagrafiche)
    return len(anagrafiche)


def _run(statement: str) -> str:
    """Run one statement that rebuilds an index, checks a foreign key or analyses a table; what
    went wrong, if so."""
    try:
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute(statement)
                return ""
            cursor.execute("SET maintenance_work_mem TO '256MB'")  # an index sorted in memory
            cursor.execute(statement)
            cursor.execute("RESET maintenance_work_mem")
    except DatabaseError as error:
        return f"{statement}: {error}"
    return ""


def _table_of(statement: str) -> str:
    """The table a CREATE INDEX … ON or an ALTER TABLE names."""
    words = statement.replace('"', "").split()
    if words[0] == "ALTER":
        return words[2]
    return words[words.index("ON") + 1].split(".")[-1]


def _interrupted(signum, frame):
    raise KeyboardInterrupt


# From how many copies the indexes and foreign keys are rebuilt rather than kept up row by row.
INDEX_THRESHOLD = 200


def _database_bytes() -> int:
    """The database's size on disk (PostgreSQL: pg_database_size; SQLite: its pages)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return cursor.fetchone()[0]
