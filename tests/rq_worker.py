"""A real RQ worker for the tests of the background jobs: Redis on REDIS_TEST_URL (database 1 of
the local Redis unless said otherwise; `make test` starts it), the settings that send the jobs
there, and a burst worker (rq.SimpleWorker: it runs the jobs in this process, so it sees the
test's transaction)."""

import os
import signal

import django_rq
from django_tasks_rq import Job
from rq import SimpleWorker

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/1")
RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": REDIS_TEST_URL, "DEFAULT_TIMEOUT": 300}},
}


def empty_queue():
    """The default queue, up and empty (jobs left by an interrupted run name rows that no
    longer exist)."""
    queue = django_rq.get_queue("default", job_class=Job)
    queue.connection.ping()  # Redis must be up: `make redis` starts it
    queue.empty()
    return queue


def work(queue) -> None:
    """Run what the queue holds, as `manage.py rqworker --burst` would."""
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    # The worker installs its own SIGINT/SIGTERM handlers in this process: given back after.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert worker.work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
