"""Print jobs per worker-hour: Casorate Primo's whole PIAO 2024-2026 printed by one real worker
process on each task backend (the database queue with `db_worker`, Redis with RQ's `rqworker`).

    .venv/bin/python benchmarks/print_jobs.py [--runs 3]

Uses its own SQLite database in a temporary folder, loaded with the demo. For each backend and
format, `--runs` prints are queued (each as a plan whose data changed, so none is reused), then a
worker is started in burst mode and runs them all; its wall-clock time gives the jobs per
worker-hour, its CPU time the jobs per CPU-hour. RQ uses BENCH_REDIS_URL (default database 1 of
the local Redis).
"""

import os
import resource
import subprocess
import sys
import time

from _demo import ROOT, run_on_demo

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
WORKERS = {
    "database": ["db_worker", "--batch", "--no-startup-delay", "--no-reload"],
    "rq": ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"],
}


def main() -> None:
    run_on_demo(__doc__.splitlines()[0], measure)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(runs: int) -> None:
    import django_rq
    from django.test import override_settings

    from openpiao.documents import jobs
    from openpiao.documents.models import PrintJob, PrintStatus
    from openpiao.plans.models import Plan

    plan = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    settings_of = {
        "database": {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}},
        "rq": {
            "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
            "RQ_QUEUES": {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}},
        },
    }
    title = "Stampe del PIAO di Casorate Primo 2024-2026 per ora di worker"
    print(f"{title} ({os.cpu_count()} core, {runs} per prova)")
    for backend, worker in WORKERS.items():
        for fmt in ("docx", "pdf"):
            with override_settings(**settings_of[backend]):
                if backend == "rq":
                    django_rq.get_queue("default").empty()
                queued = []
                for run in range(runs):
                    job = PrintJob.objects.create(plan=plan, target="piao", fmt=fmt, data_hash=f"{run:064d}")
                    jobs.run_print_job.enqueue(job.pk)
                    queued.append(job.pk)
            env = {**os.environ, "TASKS_BACKEND": backend, "REDIS_URL": REDIS_URL}
            cpu_before, start = _children_cpu(), time.perf_counter()
            ran = subprocess.run(
                [sys.executable, "manage.py", *worker], cwd=ROOT, env=env, capture_output=True, text=True
            )
            wall, cpu = time.perf_counter() - start, _children_cpu() - cpu_before
            done = PrintJob.objects.filter(pk__in=queued, status=PrintStatus.DONE).count()
            # The finished prints replace each other (same document): only the last one stays.
            done += runs - PrintJob.objects.filter(pk__in=queued).count()
            if ran.returncode or done < runs:
                print(ran.stdout[-2000:], ran.stderr[-3000:], file=sys.stderr)
            print(
                f"  {backend:8} {fmt:4}: {done}/{runs} stampe in {wall:.1f} s "
                f"({wall / runs:.1f} s l'una, CPU {cpu / runs:.1f} s): "
                f"{runs / wall * 3600:.0f} stampe per ora di worker, {runs / cpu * 3600:.0f} per ora di CPU"
            )


if __name__ == "__main__":
    main()
