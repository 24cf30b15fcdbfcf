"""A large import, once confirmed, runs as a background job (plans.import_jobs): the page
follows it and shows its outcome (the plan and its rows, or the file's problems with nothing
saved); a job that broke says why and «Riprova» runs it again; confirming twice does not import
twice. A small import is still done in the request. Every post is what the page sends."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from openpiao.core.exchange import Audience
from openpiao.core.models import Action, AuditEvent
from openpiao.core.registry import importers
from openpiao.organizations.models import Membership
from openpiao.plans import background, import_jobs
from openpiao.plans.json_document import export_plan_json
from openpiao.plans.models import IMPORT_STALE_AFTER, ImportJob, ImportStatus, Plan
from tests import rq_worker
from tests.page_forms import page_form
from tests.rq_worker import RQ_SETTINGS

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def large(settings):
    """Every file counts as large."""
    settings.IMPORT_IN_BACKGROUND_BYTES = 1


@pytest.fixture
def json_importer():
    """The JSON importer as registered, given back after the test."""
    yield
    importers.register("json", import_jobs.import_json, position=10)


def _url(plan) -> str:
    return reverse("plans:import", args=[plan.organization.slug])


def _document(plan) -> dict:
    return json.loads(export_plan_json(plan, audience=Audience.BACKUP))


def _edited(plan, title="Titolo cambiato dal file") -> dict:
    document = _document(plan)
    document["objectives"][0]["title"] = title
    return document


def _preview(client, plan, document):
    url = _url(plan)
    page = client.get(url)
    content = json.dumps(document).encode()
    preview = client.post(url, page_form(page, file=SimpleUploadedFile("piano.json", content)))
    assert "Anteprima dell'importazione" in preview.content.decode()
    return preview


def _confirm(client, plan, preview):
    return client.post(_url(plan), page_form(preview, index=-2))  # the preview's form


def _job_url(job) -> str:
    return reverse("plans:import_job", args=[job.organization.slug, job.pk])


def test_a_small_import_is_still_done_in_the_request(secretary_client, casorate, settings):
    settings.IMPORT_IN_BACKGROUND_BYTES = 10 * 1024 * 1024
    response = _confirm(secretary_client, casorate, _preview(secretary_client, casorate, _edited(casorate)))
    assert response["Location"] == reverse("plans:detail", args=["casorate-primo", 2024])
    assert casorate.objectives.filter(title="Titolo cambiato dal file").exists()
    assert not ImportJob.objects.exists()


@override_settings(TASKS=DUMMY)
def test_a_large_import_waits_in_the_queue_then_shows_its_outcome(
    secretary_client, casorate, large, django_assert_max_num_queries
):
    preview = _preview(secretary_client, casorate, _edited(casorate))
    response = _confirm(secretary_client, casorate, preview)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert (job.kind, job.status, job.task_id != "") == ("json", ImportStatus.QUEUED, True)
    assert not casorate.objectives.filter(title="Titolo cambiato dal file").exists()  # not yet
    with django_assert_max_num_queries(10):
        html = secretary_client.get(_job_url(job)).content.decode()
    assert "In coda</strong>: il documento JSON del piano" in html
    assert f'hx-get="{_job_url(job)}"' in html and 'hx-trigger="every 2s"' in html
    fragment = secretary_client.get(_job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-job"') and "<html" not in fragment
    # Confirming again (a second click) follows the same job: the file is imported once.
    assert _confirm(secretary_client, casorate, preview)["Location"] == _job_url(job)
    assert ImportJob.objects.count() == 1
    # The worker imports it.
    import_jobs.run_import_job.call(job.pk)
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1
    with django_assert_max_num_queries(10):
        html = secretary_client.get(_job_url(job)).content.decode()
    assert "hx-trigger" not in html
    assert "Importazione completata</strong>: PIAO 2024-2026" in html and "sostituito" in html
    assert '<td>Obiettivi</td><td class="text-end">26</td><td class="text-end">26</td>' in html
    assert f'href="{reverse("plans:detail", args=["casorate-primo", 2024])}">Apri il piano</a>' in html
    # Running it again (a worker retrying a finished job) imports nothing more.
    import_jobs.run_import_job.call(job.pk)
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1


def test_a_file_refused_at_the_import_lists_its_problems_and_saves_nothing(secretary_client, casorate, large):
    """The plan was adopted between the preview and the confirmation: the job refuses the
    file, the page lists why in Italian, and the plan is untouched."""
    preview = _preview(secretary_client, casorate, _edited(casorate))
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="12", resolution_date="2024-01-30"
    )
    before = _document(Plan.objects.get(pk=casorate.pk))
    html = secretary_client.get(_confirm(secretary_client, casorate, preview)["Location"]).content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.problems and not job.error
    assert "Il file non è stato importato: nulla è stato salvato." in html
    assert "un piano adottato non si sostituisce" in html
    assert f'href="{_url(casorate)}">Carica il file corretto</a>' in html and "Riprova" not in html
    assert _document(Plan.objects.get(pk=casorate.pk)) == before


def test_a_broken_import_says_why_and_riprova_runs_it_again(secretary_client, casorate, large, json_importer):
    def broken(content, **kwargs):
        raise RuntimeError("disco pieno")

    preview = _preview(secretary_client, casorate, _edited(casorate))
    importers.register("json", broken, position=10)
    page = secretary_client.get(_confirm(secretary_client, casorate, preview)["Location"])
    html = page.content.decode()
    assert "L'importazione non è riuscita</strong>: errore imprevisto durante l&#x27;importazione" in html
    assert "disco pieno" not in html
    assert not casorate.objectives.filter(title="Titolo cambiato dal file").exists()
    importers.register("json", import_jobs.import_json, position=10)
    retried = secretary_client.post(
        reverse("plans:import_job_retry", args=["casorate-primo", ImportJob.objects.get().pk]),
        page_form(page),
    )
    assert "Importazione completata" in secretary_client.get(retried["Location"]).content.decode()
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1


def test_an_import_of_another_ente_is_not_found(client, casorate, albizzate, make_member, large):
    client.force_login(make_member(casorate.organization, "secretary"))
    _confirm(client, casorate, _preview(client, casorate, _edited(casorate)))
    job = ImportJob.objects.get()
    client.force_login(make_member(albizzate.organization, "admin"))
    other = reverse("plans:import_job", args=["albizzate", job.pk])
    assert client.get(other).status_code == 404
    assert client.post(reverse("plans:import_job_retry", args=["albizzate", job.pk])).status_code == 404
    client.force_login(make_member(casorate.organization, "reader"))
    assert client.get(_job_url(job)).status_code == 403


def test_a_large_workbook_is_imported_in_the_background(secretary_client, casorate, large):
    url = reverse("documents:workbook_import", args=["casorate-primo", 2024])
    content = secretary_client.get(reverse("documents:workbook", args=["casorate-primo", 2024])).content
    preview = secretary_client.post(
        url, page_form(secretary_client.get(url), file=SimpleUploadedFile("foglio.xlsx", content))
    )
    response = secretary_client.post(url, page_form(preview, index=-2))
    job = ImportJob.objects.get()
    assert response["Location"] == _job_url(job) and job.kind == "xlsx" and job.status == ImportStatus.DONE
    html = secretary_client.get(_job_url(job)).content.decode()
    assert "Importazione completata" in html
    assert reverse("performance:objectives", args=["casorate-primo", 2024]) in html


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_and_its_worker_run_the_import(secretary_client, casorate, large, monkeypatch):
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    _confirm(secretary_client, casorate, _preview(secretary_client, casorate, _edited(casorate)))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.first_year == casorate.first_year
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1


@override_settings(**RQ_SETTINGS)
def test_redis_and_an_rq_worker_run_the_import(secretary_client, casorate, large):
    queue = rq_worker.empty_queue()
    response = _confirm(secretary_client, casorate, _preview(secretary_client, casorate, _edited(casorate)))
    job = ImportJob.objects.get()
    assert response["Location"] == _job_url(job) and queue.count == 1
    assert "In coda" in secretary_client.get(_job_url(job)).content.decode()
    rq_worker.work(queue)
    assert queue.count == 0
    assert "Importazione completata" in secretary_client.get(_job_url(job)).content.decode()
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1
    assert queue.fetch_job(ImportJob.objects.get().task_id).get_status() == "finished"


@override_settings(TASKS=DUMMY)
def test_two_riprova_and_two_workers_import_once(secretary_client, casorate, large, monkeypatch):
    """«Riprova» asked twice queues the job once; a worker takes a job only from the queue, so a
    second worker (or the same task delivered twice) imports nothing more."""
    _confirm(secretary_client, casorate, _preview(secretary_client, casorate, _edited(casorate)))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error="interrotta")
    page = secretary_client.get(_job_url(job))
    as_the_page_saw_it = ImportJob.objects.get(pk=job.pk)
    enqueued = []
    monkeypatch.setattr(import_jobs, "_enqueue", lambda j: enqueued.append(j.pk))
    secretary_client.post(reverse("plans:import_job_retry", args=["casorate-primo", job.pk]), page_form(page))
    import_jobs.retry_import(as_the_page_saw_it)  # the second click
    assert enqueued == [job.pk]
    imported = AuditEvent.objects.filter(action=Action.PLAN_IMPORTED)
    before = imported.count()
    assert import_jobs.run_import_job.call(job.pk) == ImportStatus.DONE
    assert import_jobs.run_import_job.call(job.pk) == ImportStatus.DONE  # taken already: nothing done
    assert imported.count() == before + 1
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1


@override_settings(TASKS=DUMMY)
def test_a_job_its_worker_lost_can_be_asked_again(secretary_client, casorate, large):
    preview = _preview(secretary_client, casorate, _edited(casorate))
    _confirm(secretary_client, casorate, preview)
    job = ImportJob.objects.get()
    lost = timezone.now() - IMPORT_STALE_AFTER - timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, created_at=lost, started_at=lost)
    page = secretary_client.get(_job_url(job))
    html = page.content.decode()
    assert "L'importazione è ferma da più di 15 minuti" in html and "hx-trigger" not in html
    retried = secretary_client.post(
        reverse("plans:import_job_retry", args=["casorate-primo", job.pk]), page_form(page)
    )
    assert retried["Location"] == _job_url(job)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED
    import_jobs.run_import_job.call(job.pk)
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1


@override_settings(TASKS=DUMMY)
def test_an_editor_removed_before_the_worker_runs_imports_nothing(secretary_client, casorate, large):
    preview = _preview(secretary_client, casorate, _edited(casorate))
    _confirm(secretary_client, casorate, preview)
    job = ImportJob.objects.get()
    Membership.objects.filter(organization=casorate.organization, user=job.user).delete()
    assert import_jobs.run_import_job.call(job.pk) == ImportStatus.FAILED
    job.refresh_from_db()
    assert job.problems == [import_jobs.NO_LONGER_EDITOR]
    assert secretary_client.get(_job_url(job)).status_code == 404  # no longer of the ente
    assert not casorate.objectives.filter(title="Titolo cambiato dal file").exists()


@override_settings(TASKS=DUMMY)
def test_an_import_that_waited_long_in_the_queue_is_running_and_a_lost_worker_has_no_say(
    secretary_client, casorate, large, monkeypatch
):
    """Taken after 20 minutes in a busy queue, the import is running, not lost: «Riprova» does
    not queue it again. Running 15 minutes since it was taken, it is lost and asked again; the
    worker given up for lost, finishing late, does not overwrite the new worker's outcome."""
    _confirm(secretary_client, casorate, _preview(secretary_client, casorate, _edited(casorate)))
    job = ImportJob.objects.get()
    waited = timezone.now() - IMPORT_STALE_AFTER - timedelta(minutes=5)
    ImportJob.objects.filter(pk=job.pk).update(created_at=waited)
    lost_worker = background.take(ImportJob, job.pk)
    enqueued = []
    monkeypatch.setattr(import_jobs, "_enqueue", lambda j: enqueued.append(j.pk))
    page = secretary_client.get(_job_url(job))
    assert "ferma da più di 15 minuti" not in page.content.decode()
    import_jobs.retry_import(ImportJob.objects.get(pk=job.pk))
    assert enqueued == []
    ImportJob.objects.filter(pk=job.pk).update(started_at=waited)
    import_jobs.retry_import(ImportJob.objects.get(pk=job.pk))
    assert enqueued == [job.pk]
    assert import_jobs.run_import_job.call(job.pk) == ImportStatus.DONE  # the second worker
    assert not background.finish(job, attempt=lost_worker, status=ImportStatus.FAILED, error="interrotta")
    job.refresh_from_db()
    assert (job.status, job.error, job.attempt) == (ImportStatus.DONE, "", 2)
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1
