"""How long «Nuovo piano dal precedente» takes: Casorate Primo's PIAO 2025-2027 from 2024-2026.

    .venv/bin/python benchmarks/rollover.py [--runs 5]

Uses its own SQLite database in a temporary folder, loaded with the demo. Each run makes the
2025-2027 plan with every part chosen (the concluded objectives too, as drafts), inside a
transaction that is then rolled back, so every run starts from the same data; the median time
and the queries are printed, with the rows carried per kind.
"""

import os
import statistics
import time

from _demo import Undo, run_on_demo


def main() -> None:
    run_on_demo(__doc__.splitlines()[0], measure)


def measure(runs: int) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from openpiao.plans import rollover
    from openpiao.plans.models import Plan

    source = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    times, queries, counts = [], 0, {}
    for chosen, label in (
        (rollover.default_choices(), "scelte predefinite"),
        (rollover.default_choices() | {"other_objectives"}, "anche gli obiettivi conclusi"),
    ):
        times = []
        for _ in range(runs):
            try:
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    _, counts, _ = rollover.roll_over(source=source, chosen=chosen, user=None)
                    times.append(time.perf_counter() - start)
                    queries = len(captured)
                    raise Undo
            except Undo:
                pass
        print(
            f"Casorate Primo 2024-2026 → 2025-2027 ({label}): {statistics.median(times) * 1000:.0f} ms "
            f"(mediana di {runs}, {os.cpu_count()} core), {queries} query, {sum(counts.values())} righe"
        )
    for name, count in counts.items():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    main()
