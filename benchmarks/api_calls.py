"""How fast the REST API answers: median time and queries per call, with a personal token.

    .venv/bin/python benchmarks/api_calls.py [--runs 20]

Its own SQLite demo database (Casorate Primo, PIAO 2024-2026); Django's test client in process,
so the figure is the server's own work. The writes are rolled back after each run.
"""

import os
import statistics
import time

from _demo import Undo, run_on_demo

BASE = "/api/v1/enti/casorate-primo/piani/2024"


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openpiao.api.services import create_token
    from openpiao.organizations.models import Membership
    from openpiao.performance.models import Objective
    from openpiao.plans.models import Plan

    user = get_user_model().objects.get(username="segretario")
    membership = Membership.objects.get(user=user, organization__slug="casorate-primo")
    _, secret = create_token(membership=membership, name="misure", role="secretary", days=30, user=user)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    plan = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    objective = Objective.objects.filter(plan=plan).order_by("pk").first()
    unit = objective.unit.code
    calls = [
        ("obiettivi (26, con le tabelle)", "get", f"{BASE}/obiettivi", None),
        ("un obiettivo", "get", f"{BASE}/obiettivi/{objective.pk}", None),
        ("misure di prevenzione", "get", f"{BASE}/rischi/misure", None),
        ("mappa della trasparenza", "get", f"{BASE}/trasparenza/obblighi", None),
        (
            "nuovo obiettivo",
            "post",
            f"{BASE}/obiettivi",
            {"unit": unit, "number": 90, "title": "Misura", "first_year": 2024, "last_year": 2024},
        ),
        (
            "modifica di un obiettivo",
            "patch",
            f"{BASE}/obiettivi/{objective.pk}",
            {"expected_version": objective.version, "title": "Misura"},
        ),
    ]
    print(f"API REST di Casorate Primo in processo, mediana di {runs} chiamate ({os.cpu_count()} core)")
    for name, method, url, body in calls:
        times, queries, status = [], 0, None
        for _ in range(runs + 1):  # the first call warms the caches
            try:
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = getattr(client, method)(url, data=body, content_type="application/json")
                    times.append(time.perf_counter() - start)
                    queries, status = len(captured), response.status_code
                    raise Undo
            except Undo:
                pass
        median = statistics.median(times[1:]) * 1000
        print(f"  {name:34} {status}  {median:7.1f} ms  {queries:3d} query")


if __name__ == "__main__":
    run_on_demo(__doc__.splitlines()[0], measure)
