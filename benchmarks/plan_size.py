"""Whether the pages grow with the plan: the page mix of Casorate's PIAO (26 objectives) and of the
same plan grown to 200 objectives (openpiao.demo.scaling), computed and served from the cache.

    .venv/bin/python benchmarks/plan_size.py [--runs 10] [--objectives 200]

Uses its own SQLite database in a temporary folder, loaded with the demo, and Django's test client
in process. «calcolata»: the cache emptied before each request (the first view after a write);
«cache condivisa»: the scorecard and the readiness read back from Django's cache, as another
process would (core.caching, the process's own copies forgotten before each request); «in
memoria»: from the process's own copies (the next view in the same worker). Goal (issue 14): no
page more than doubles from 26 to 200 objectives. Median times; the CPU time of the process is
printed too, since the machine may be shared.
"""

import argparse
import os
import statistics
import time

from _demo import demo_database

PAGES = [
    ("piano", ""),
    ("obiettivi per unità", "performance/"),
    ("monitoraggio", "valutazione/"),
    ("punteggi", "valutazione/punteggi/"),
    ("personale", "valutazione/personale/"),
    ("premi", "valutazione/premi/"),
    ("registro dei rischi", "rischi/"),
    ("fabbisogni", "capitale-umano/fabbisogni/"),
    ("verifica prima dell'adozione", "documenti/verifica/"),
    ("dati del piano (JSON)", "piano.json"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--objectives", type=int, default=200)
    args = parser.parse_args()
    with demo_database():
        measure(args.runs, args.objectives)


def measure(runs: int, objectives: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openpiao.core.caching import forget_local
    from openpiao.core.exchange import Audience
    from openpiao.demo.scaling import resized
    from openpiao.organizations.models import Membership
    from openpiao.plans.json_document import export_plan, import_plan
    from openpiao.plans.models import Plan

    source = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    document = resized(export_plan(source, audience=Audience.BACKUP), objectives)
    grown = import_plan(document, slug="casorate-grande")
    user = get_user_model().objects.get(username="segretario")
    Membership.objects.create(user=user, organization=grown.organization, role="secretary")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    plans = [(source, source.objectives.count()), (grown, grown.objectives.count())]

    def timed(url: str, mode: str) -> tuple[float, float, int]:
        times, cpu = [], []
        for _ in range(runs):
            if mode == "calcolata":
                cache.clear()
            if mode != "in memoria":
                forget_local()
            with CaptureQueriesContext(connection) as queries:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times) * 1000, statistics.median(cpu) * 1000, len(queries.captured_queries)

    print(
        f"Pagine in processo, mediana di {runs} richieste ({os.cpu_count()} core, "
        f"carico medio {os.getloadavg()[0]:.1f}): ms (CPU ms) query"
    )
    modes = ("calcolata", "cache condivisa", "in memoria")
    sizes = " | ".join(f"{n}: {mode}" for _, n in plans for mode in modes)
    print(f"| pagina | {sizes} | 200/26 (CPU): cache condivisa | 200/26 (CPU): in memoria |")
    print("|---" * (3 + len(modes) * len(plans)) + "|")
    for name, path in PAGES:
        cells, cpus = [], {}
        for n, (plan, _) in enumerate(plans):
            url = f"/enti/{plan.organization.slug}/piani/{plan.first_year}/{path}"
            client.get(url)  # warm the template and URL caches
            for mode in modes:
                ms, cpu, queries = timed(url, mode)
                cells.append(f"{ms:.0f} ({cpu:.0f}) {queries}")
                cpus[n, mode] = max(cpu, 0.1)
        ratios = " | ".join(f"{cpus[1, mode] / cpus[0, mode]:.1f}×" for mode in modes[1:])
        print(f"| {name} | {' | '.join(cells)} | {ratios} |")


if __name__ == "__main__":
    main()
