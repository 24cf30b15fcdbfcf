"""How fast the public pages of the published demo plan (Valdoria, PIAO 2025-2027) are served,
anonymously: median time and queries per page, and the answer to a repeated request (304).

    .venv/bin/python benchmarks/public_pages.py [--runs 20]

Uses its own SQLite database in a temporary folder, loaded with the demo (the loader adopts
Valdoria's plan), and Django's test client in process (no network, no browser).
"""

import argparse
import os
import statistics
import time

from _demo import demo_database

PLAN = "/pubblico/valdoria/2025/"
PAGES = [
    ("enti con piani pubblicati", "/pubblico/"),
    ("piani dell'ente", "/pubblico/valdoria/"),
    ("piano per sezioni", PLAN),
    ("dati aperti e dizionario", PLAN + "dati/"),
    ("obblighi di trasparenza (CSV)", PLAN + "dati/obblighi-trasparenza.csv"),
    ("indicatori (JSON)", PLAN + "dati/indicatori.json"),
    ("catalogo DCAT-AP_IT (RDF/XML)", "/pubblico/valdoria/catalogo.rdf"),
    ("feed Atom dell'ente", "/pubblico/valdoria/feed/"),
    ("PDF adottato", PLAN + "piano.pdf"),
    ("pacchetto Portale PIAO (ZIP)", PLAN + "portale-piao.zip"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with demo_database():
        measure(args.runs)


def measure(runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"Pagine pubbliche di Valdoria servite in processo, mediana di {runs} richieste "
        f"({os.cpu_count()} core)"
    )
    for name, url in PAGES:
        first = client.get(url)  # warm the caches (the parsed frozen document too)
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        line = (
            f"  {name:32} {1000 * statistics.median(times):7.1f} ms  {len(queries.captured_queries):3d} query"
        )
        if first.has_header("ETag"):
            start = time.perf_counter()
            again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
            line += (
                f"  · di nuovo con ETag: {again.status_code} in {1000 * (time.perf_counter() - start):.1f} ms"
            )
        print(line)


if __name__ == "__main__":
    main()
