"""How long the plan's JSON import takes: Casorate Primo's PIAO 2024-2026, exported and imported.

    .venv/bin/python benchmarks/import_plan.py [--runs 5]

Uses its own SQLite database in a temporary folder, loaded with the demo. The plan's complete
document (the backup) is imported as a new ente (`import_plan`, as the demo loader and the tests'
setup do) and previewed into its own ente (`import_into`, as the browser's preview does), each
inside a transaction that is then rolled back, so every run starts from the same data; the median
time and the queries are printed.
"""

import os
import statistics
import time

from _demo import Undo, run_on_demo


def main() -> None:
    run_on_demo(__doc__.splitlines()[0], measure)


def measure(runs: int) -> None:
    from django.db import connection, transaction

    from openpiao.core.exchange import Audience
    from openpiao.plans.json_document import export_plan, import_into, import_plan, imported_rows
    from openpiao.plans.models import Plan

    plan = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    document = export_plan(plan, audience=Audience.BACKUP)
    rows = sum(imported_rows(document).values())
    ways = (
        ("importazione come nuovo ente", lambda: import_plan(document, slug="casorate-copia")),
        (
            "anteprima nell'ente (sostituisce la bozza)",
            lambda: import_into(document, organization=plan.organization, user=None, source="", preview=True),
        ),
    )
    for label, run in ways:
        times, cpu, queries = [], [], 0
        for _ in range(runs):
            try:
                counted = []
                with transaction.atomic(), connection.execute_wrapper(_counting(counted)):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    run()
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
                    queries = len(counted)
                    raise Undo
            except Undo:
                pass
        print(
            f"Casorate Primo 2024-2026, {label}: {statistics.median(times) * 1000:.0f} ms "
            f"(CPU {statistics.median(cpu) * 1000:.0f} ms; mediana di {runs}, {os.cpu_count()} core, "
            f"carico {os.getloadavg()[0]:.1f}), {queries} query, "
            f"{rows} righe negli elenchi del documento"
        )


def _counting(counted: list):
    # Counted, not captured: the slow import issues more queries than Django's log keeps.
    def wrapper(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    return wrapper


if __name__ == "__main__":
    main()
