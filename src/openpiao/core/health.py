"""The health page a load balancer or a monitor asks for (`/salute/`, no login): whether this
app server reaches its database, its job queue and its file storage. 200 when all three answer,
503 otherwise, with one word per part and no detail an outsider could use."""

import logging
import secrets

import django_rq
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import RQBackend

logger = logging.getLogger(__name__)

OK, FAILED = "ok", "non disponibile"


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def queue() -> None:
    """The default task backend's store: Redis for RQ, the task table for the database queue."""
    backend = task_backends["default"]
    if isinstance(backend, RQBackend):
        for name in backend.queues:
            django_rq.get_connection(name).ping()
    elif isinstance(backend, DatabaseBackend):
        DBTaskResult.objects.exists()


def storage() -> None:
    """Write, read back and delete a small file where the documents are stored."""
    content = secrets.token_hex(8).encode()
    name = default_storage.save(f"salute/{secrets.token_hex(8)}.txt", ContentFile(content))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != content:
                raise OSError("il file scritto non si rilegge uguale")
    finally:
        default_storage.delete(name)


CHECKS = {"database": database, "queue": queue, "storage": storage}


@never_cache
@require_GET
def health(request):
    answers = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure is the part being down; the log keeps the detail
            logger.exception("Controllo di salute «%s» non riuscito", name)
            answers[name] = FAILED
        else:
            answers[name] = OK
    healthy = all(answer == OK for answer in answers.values())
    return JsonResponse({"status": OK if healthy else FAILED, **answers}, status=200 if healthy else 503)
