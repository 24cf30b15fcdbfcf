"""Both production task backends, for real: a print asked from the page is queued, a real worker
prints it (a scheda obiettivo as DOCX, the real renderer), and the page then serves the file.

- the database queue (django-tasks-db) with its `db_worker` command;
- Redis through RQ (django-tasks-rq) with an RQ worker in burst mode (rq.SimpleWorker, which
  runs the job in this process, so it sees the test's transaction) on REDIS_TEST_URL, database 1
  of the local Redis unless said otherwise (`make test` starts Redis).
"""

import io

import django_rq
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.management.commands import db_worker
from django_tasks_rq import Job
from docx import Document

from openpiao.documents.models import PrintJob, PrintStatus
from openpiao.evaluation import selectors
from openpiao.plans.access import plan_url
from tests import rq_worker
from tests.rq_worker import RQ_SETTINGS


def _ask_for_a_scheda(client, plan):
    objective = plan.objectives.order_by("unit__code", "number").first()
    response = client.get(plan_url(plan, "documents:print_objective", objective.pk, "docx"))
    job = PrintJob.objects.get(plan=plan)
    job.objective_number, job.objective_title = objective.number, objective.title
    page = plan_url(plan, "documents:print_job", job.pk)
    assert response.status_code == 302 and response["Location"] == page
    assert job.status == PrintStatus.QUEUED and "In coda" in client.get(page).content.decode()
    return job, page


def _the_page_serves_the_print(client, plan, job, page):
    assert PrintJob.objects.get(pk=job.pk).status == PrintStatus.DONE
    file_url = plan_url(plan, "documents:print_job_file", job.pk)
    assert file_url in client.get(page).content.decode()
    response = client.get(file_url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs]
    assert paragraphs[0].startswith(f"{job.objective_number}. ") and job.objective_title in paragraphs[0]


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_and_db_worker(secretary_client, casorate, monkeypatch):
    # The worker closes the connections it finds inside a transaction: the test's own, here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    job, page = _ask_for_a_scheda(secretary_client, casorate)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    _the_page_serves_the_print(secretary_client, casorate, job, page)


@pytest.mark.django_db
@override_settings(**RQ_SETTINGS)
def test_redis_and_an_rq_worker(secretary_client, casorate):
    queue = rq_worker.empty_queue()
    job, page = _ask_for_a_scheda(secretary_client, casorate)
    assert queue.count == 1
    rq_worker.work(queue)
    assert queue.count == 0
    _the_page_serves_the_print(secretary_client, casorate, job, page)
    # The task's outcome as the Tasks API reads it back from Redis.
    result = django_rq.get_queue("default", job_class=Job).fetch_job(job.task_id)
    assert result.get_status() == "finished"


def _docx_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_relazione_by_db_worker_keeps_the_names_to_their_readers(
    client, casorate, make_member, monkeypatch
):
    """The Nucleo and a lettore ask for the Relazione; the real worker prints two DOCX files,
    and each page serves its reader's: the names only to the Nucleo."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    name = str(selectors.people(casorate, selectors.scorecard(casorate))[0].employee)
    url = plan_url(casorate, "documents:print", "docx") + "?documento=relazione"
    pages = {}
    for role in ("evaluator", "reader"):
        client.force_login(make_member(casorate.organization, role, username=f"worker-{role}"))
        response = client.get(url)
        assert response.status_code == 302
        pages[role] = response["Location"]
    assert PrintJob.objects.filter(plan=casorate, status=PrintStatus.QUEUED).count() == 2
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert PrintJob.objects.filter(plan=casorate, status=PrintStatus.DONE).count() == 2
    for role, sees_names in (("evaluator", True), ("reader", False)):
        client.force_login(get_user_model().objects.get(username=f"worker-{role}"))
        job_id = int(pages[role].rstrip("/").rsplit("/", 1)[1])
        text = _docx_text(client.get(plan_url(casorate, "documents:print_job_file", job_id)))
        assert "Relazione sulla performance 2024" in text
        assert (name in text) is sees_names
    # The lettore cannot reach the Nucleo's print.
    nucleo_job = int(pages["evaluator"].rstrip("/").rsplit("/", 1)[1])
    assert client.get(plan_url(casorate, "documents:print_job_file", nucleo_job)).status_code == 404
