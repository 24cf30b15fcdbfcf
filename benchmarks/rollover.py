"""How long «Nuovo piano dal precedente» takes: Casorate Primo's PIAO 2025-2027 from 2024-2026.

    .venv/bin/python benchmarks/rollover.py [--runs 5]

Uses its own SQLite database in a temporary folder, loaded with the demo. Each run makes the
2025-2027 plan with every part chosen (the concluded objectives too, as drafts), inside a
transaction that is then rolled back, so every run starts from the same data; the median time
and the queries are printed, with the rows carried per kind.

Then the same as a background job (plans.background.run_plan_job, as a worker runs it, the
default choices) for the demo plan and for the demo grown to 200 objectives
(openpiao.demo.scaling): median CPU seconds of the worker (time.process_time), wall time, queries.
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
    measure_job(runs, source)


def measure_job(runs: int, source) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from openpiao.core.exchange import Audience
    from openpiao.demo.scaling import resized
    from openpiao.organizations.models import Membership
    from openpiao.plans import background, rollover
    from openpiao.plans.json_document import export_plan, import_plan
    from openpiao.plans.models import JobStatus, PlanJob

    user = get_user_model().objects.get(username="segretario")
    grown = import_plan(resized(export_plan(source, audience=Audience.BACKUP), 200), slug="casorate-grande")
    Membership.objects.create(user=user, organization=grown.organization, role="secretary")
    for plan in (source, grown):
        cpu, wall, queries, rows = [], [], 0, 0
        for _ in range(runs):
            try:
                with transaction.atomic():
                    job = PlanJob.objects.create(
                        plan=plan,
                        kind="rollover",
                        key=rollover.job_key(plan),
                        params={"parts": sorted(rollover.default_choices())},
                        user=user,
                    )
                    with CaptureQueriesContext(connection) as captured:
                        start, start_cpu = time.perf_counter(), time.process_time()
                        status = background.run_plan_job.call(job.pk)
                        cpu.append(time.process_time() - start_cpu)
                        wall.append(time.perf_counter() - start)
                    assert status == JobStatus.DONE, PlanJob.objects.get(pk=job.pk).error
                    queries = len(captured)
                    rows = sum(PlanJob.objects.get(pk=job.pk).outcome["rows"].values())
                    raise Undo
            except Undo:
                pass
        print(
            f"Lavoro in background, {plan.organization.slug} ({plan.objectives.count()} obiettivi): "
            f"{statistics.median(cpu):.2f} s CPU, {statistics.median(wall):.2f} s "
            f"(mediana di {runs}), {queries} query, {rows} righe"
        )


if __name__ == "__main__":
    main()
