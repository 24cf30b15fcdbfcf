"""How fast the pages a segretario opens most are served: median time and queries per page.

    .venv/bin/python benchmarks/pages.py [--runs 20]

Uses its own SQLite database in a temporary folder, loaded with the demo (Casorate Primo,
PIAO 2024-2026), and Django's test client in process (no network, no browser), so the figure
is the server's own work: routing, queries, computations and template rendering.
"""

import argparse
import os
import statistics
import time

from _demo import demo_database

PLAN = "/enti/casorate-primo/piani/2024/"
PAGES = [
    ("i miei enti", "/enti/"),
    ("piano", PLAN),
    ("obiettivi per unità", PLAN + "performance/"),
    ("scheda obiettivo", None),  # filled with the first objective of the Servizio Amministrativo
    ("monitoraggio", PLAN + "valutazione/"),
    ("registro dei rischi", PLAN + "rischi/"),
    ("mappa della trasparenza", PLAN + "trasparenza/"),
    ("fabbisogni e capacità assunzionale", PLAN + "capitale-umano/fabbisogni/"),
    ("verifica prima dell'adozione", PLAN + "documenti/verifica/"),
    ("dati del piano (JSON)", PLAN + "piano.json"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with demo_database():
        measure(args.runs)


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openpiao.performance.models import Objective

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="segretario"))
    first = Objective.objects.get(
        plan__organization__slug="casorate-primo", unit__code="amministrativo", number=1
    )
    pages = [(name, url or f"{PLAN}performance/obiettivi/{first.pk}/") for name, url in PAGES]
    print(
        f"Pagine di Casorate Primo servite in processo, mediana di {runs} richieste ({os.cpu_count()} core)"
    )
    for name, url in pages:
        client.get(url)  # warm the template and URL caches
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"  {name:38} {1000 * statistics.median(times):7.1f} ms  {len(queries.captured_queries):3d} query"
        )


if __name__ == "__main__":
    main()
