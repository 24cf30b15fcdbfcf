"""The adoption as a background job (documents.jobs.ADOPTION on plans.background): the page checks
the delibera and the plan (errors next to the fields, nothing saved nor queued), a worker records
the delibera, prints and freezes the version all or nothing, the page follows it; a failure says
why in Italian and «Riprova» runs it again; asking twice never adopts twice. Every post is what
the page sends."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_tasks_db.management.commands import db_worker

from openpiao.core.models import Action, AuditEvent
from openpiao.documents import jobs, services
from openpiao.documents.models import PlanVersion
from openpiao.organizations.models import Membership
from openpiao.plans import background
from openpiao.plans.access import plan_url
from openpiao.plans.models import JOB_STALE_AFTER, JobStatus, Plan, PlanJob, PlanStatus
from tests import rq_worker
from tests.page_forms import page_form
from tests.rq_worker import RQ_SETTINGS

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DELIBERA = {"resolution_number": "7", "resolution_date": "2025-01-28"}


@pytest.fixture
def editor(client, clean_plan, make_member):
    client.force_login(make_member(clean_plan.organization, "secretary"))
    return client


def _adopt(client, plan, **changes):
    url = plan_url(plan, "documents:adopt")
    return client.post(url, page_form(client.get(url), **{**DELIBERA, **changes}))


def _job_url(job) -> str:
    return plan_url(job.plan, "plans:job", job.pk)


def _adopted(plan) -> bool:
    return Plan.objects.get(pk=plan.pk).status == PlanStatus.ADOPTED


@override_settings(TASKS=DUMMY)
def test_the_adoption_waits_in_the_queue_then_shows_the_frozen_version(
    editor, clean_plan, own_checks_only, django_assert_max_num_queries
):
    page = editor.get(plan_url(clean_plan, "documents:adopt"))
    form = page_form(page, **DELIBERA)
    response = editor.post(plan_url(clean_plan, "documents:adopt"), form)
    job = PlanJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert (job.kind, job.status) == ("adoption", JobStatus.QUEUED)
    assert job.params == {**DELIBERA, "expected_version": clean_plan.version}
    assert not _adopted(clean_plan) and not PlanVersion.objects.filter(plan=clean_plan).exists()  # not yet
    with django_assert_max_num_queries(12):
        html = editor.get(_job_url(job)).content.decode()
    assert "In coda</strong>: adozione del piano 2025-2027 (delibera n. 7 del 28/01/2025)" in html
    assert 'hx-trigger="every 2s"' in html
    assert "L'adozione è già in corso" in editor.get(plan_url(clean_plan, "documents:adopt")).content.decode()
    # The same form posted again (a second click) follows the same job.
    assert editor.post(plan_url(clean_plan, "documents:adopt"), form)["Location"] == _job_url(job)
    assert PlanJob.objects.count() == 1
    # The worker records the delibera, prints and freezes.
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    plan = Plan.objects.get(pk=clean_plan.pk)
    assert plan.status == PlanStatus.ADOPTED and plan.resolution_number == "7"
    version = PlanVersion.objects.get(plan=plan)
    assert version.pdf.read().startswith(b"%PDF") and version.created_by == job.user
    with django_assert_max_num_queries(14):
        html = editor.get(_job_url(job)).content.decode()
    assert "hx-trigger" not in html
    assert "Piano adottato</strong>: delibera n. 7 del 28/01/2025. Congelata la versione 1." in html
    assert plan_url(plan, "documents:version_file", 1, "pdf") in html
    # A task delivered twice adopts nothing more; the form of an adopted plan is closed (403).
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    assert editor.post(plan_url(clean_plan, "documents:adopt"), form).status_code == 403
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert AuditEvent.objects.filter(action=Action.PLAN_ADOPTED, organization=plan.organization).count() == 1


def test_a_wrong_date_is_said_next_to_the_field_and_nothing_is_queued(editor, clean_plan, own_checks_only):
    response = _adopt(editor, clean_plan, resolution_date="2020-01-01")
    assert response.status_code == 200
    assert "non può precedere il 01/01/2024" in response.content.decode()
    assert not PlanJob.objects.exists() and not _adopted(clean_plan)


def test_a_plan_with_blocking_items_is_refused_in_the_request(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    response = _adopt(client, casorate, resolution_date="2024-03-28")
    assert response.status_code == 200
    assert "Il piano non può essere adottato: la verifica segnala" in response.content.decode()
    assert not PlanJob.objects.exists() and not _adopted(casorate)


def test_a_broken_print_records_nothing_says_why_and_riprova_adopts(
    editor, clean_plan, own_checks_only, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    real = services.render_pdf

    def broken(document):
        raise RuntimeError("stampante guasta")

    monkeypatch.setattr(services, "render_pdf", broken)
    page = editor.get(_adopt(editor, clean_plan)["Location"])
    html = page.content.decode()
    job = PlanJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert "Il lavoro non è riuscito: nulla è stato salvato.</strong> Errore imprevisto" in html
    assert html.count("nulla è stato salvato") == 1
    assert "stampante guasta" not in html
    assert not _adopted(clean_plan) and not PlanVersion.objects.filter(plan=clean_plan).exists()
    assert not list(tmp_path.rglob("*.pdf"))  # no frozen file left behind
    monkeypatch.setattr(services, "render_pdf", real)
    retried = editor.post(plan_url(clean_plan, "plans:job_retry", job.pk), page_form(page))
    assert retried["Location"] == _job_url(job)
    assert "Congelata la versione 1" in editor.get(_job_url(job)).content.decode()
    assert _adopted(clean_plan) and PlanVersion.objects.filter(plan=clean_plan).count() == 1


@override_settings(TASKS=DUMMY)
def test_a_plan_edited_before_the_worker_runs_is_not_adopted(editor, clean_plan, own_checks_only):
    _adopt(editor, clean_plan)
    job = PlanJob.objects.get()
    Plan.objects.filter(pk=clean_plan.pk).update(version=clean_plan.version + 1)  # saved meanwhile
    assert background.run_plan_job.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == jobs.PLAN_CHANGED
    html = editor.get(_job_url(job)).content.decode()
    assert f"nulla è stato salvato.</strong> {escape(jobs.PLAN_CHANGED)}" in html
    assert html.count("nulla è stato salvato") == 1 and "non sono state salvate" not in html
    assert not _adopted(clean_plan) and not PlanVersion.objects.filter(plan=clean_plan).exists()


@override_settings(TASKS=DUMMY)
def test_an_editor_removed_before_the_worker_runs_adopts_nothing(editor, clean_plan, own_checks_only):
    _adopt(editor, clean_plan)
    job = PlanJob.objects.get()
    Membership.objects.filter(organization=clean_plan.organization, user=job.user).update(role="reader")
    assert background.run_plan_job.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == background.NO_LONGER_EDITOR and not _adopted(clean_plan)


@override_settings(TASKS=DUMMY)
def test_another_entes_adoption_is_not_found(editor, clean_plan, own_checks_only, albizzate, make_member):
    _adopt(editor, clean_plan)
    job = PlanJob.objects.get()
    editor.force_login(make_member(albizzate.organization, "admin"))
    args = [albizzate.organization.slug, albizzate.first_year, job.pk]
    assert editor.get(reverse("plans:job", args=args)).status_code == 404
    assert editor.post(reverse("plans:job_retry", args=args)).status_code == 404
    assert editor.get(_job_url(job)).status_code == 404
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="interrotta")
    assert editor.post(plan_url(clean_plan, "plans:job_retry", job.pk)).status_code == 404
    assert PlanJob.objects.get(pk=job.pk).status == JobStatus.FAILED


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_and_db_worker_adopt_the_plan(editor, clean_plan, own_checks_only, monkeypatch):
    # The worker closes the connections it finds inside a transaction: the test's own, here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    page = _adopt(editor, clean_plan)["Location"]
    assert PlanJob.objects.get().status == JobStatus.QUEUED and "In coda" in editor.get(page).content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert PlanJob.objects.get().status == JobStatus.DONE
    assert "Congelata la versione 1" in editor.get(page).content.decode()
    plan = Plan.objects.get(pk=clean_plan.pk)
    assert (plan.status, plan.resolution_date) == (PlanStatus.ADOPTED, date(2025, 1, 28))
    assert PlanVersion.objects.get(plan=plan).docx.read().startswith(b"PK")


@override_settings(**RQ_SETTINGS)
def test_redis_and_an_rq_worker_adopt_the_plan(editor, clean_plan, own_checks_only):
    queue = rq_worker.empty_queue()
    page = _adopt(editor, clean_plan)["Location"]
    assert queue.count == 1
    rq_worker.work(queue)
    assert "Congelata la versione 1" in editor.get(page).content.decode()
    assert queue.fetch_job(PlanJob.objects.get().task_id).get_status() == "finished"
    assert _adopted(clean_plan) and PlanVersion.objects.filter(plan=clean_plan).count() == 1


@pytest.mark.parametrize("first", ["lost worker", "second worker"])
@override_settings(TASKS=DUMMY)
def test_two_workers_interleaved_adopt_once_and_say_it_was_adopted(
    editor, clean_plan, own_checks_only, monkeypatch, first
):
    """Worker A takes the adoption; it is given up for lost (running 15 minutes since A took it)
    and asked again; worker B takes it; both finish, in either order: one adoption, one frozen
    version, and the job says adopted (the worker that finds the plan adopted with its own
    delibera reports the frozen version; A, given up, has no say) — never «già adottato»."""
    _adopt(editor, clean_plan)
    job = PlanJob.objects.get()
    monkeypatch.setattr(background, "enqueue", lambda task, j: None)  # the workers are called here
    worker_a = background.take(PlanJob, job.pk)
    lost = timezone.now() - JOB_STALE_AFTER - timedelta(minutes=1)
    PlanJob.objects.filter(pk=job.pk).update(started_at=lost)
    page = editor.get(_job_url(job))
    assert "fermo da più di 15 minuti" in page.content.decode()
    editor.post(plan_url(clean_plan, "plans:job_retry", job.pk), page_form(page))
    worker_b = background.take(PlanJob, job.pk)
    assert (worker_a, worker_b) == (1, 2)
    order = [worker_a, worker_b] if first == "lost worker" else [worker_b, worker_a]
    for attempt in order:
        assert background.work(job.pk, attempt=attempt) == JobStatus.DONE
    job = PlanJob.objects.get()
    assert (job.status, job.error, job.outcome["version"]) == (JobStatus.DONE, "", 1)
    assert _adopted(clean_plan) and PlanVersion.objects.filter(plan=clean_plan).count() == 1
    assert (
        AuditEvent.objects.filter(action=Action.PLAN_ADOPTED, organization=clean_plan.organization).count()
        == 1
    )
    assert "Congelata la versione 1" in editor.get(_job_url(job)).content.decode()


@override_settings(TASKS=DUMMY)
def test_the_adopted_plan_and_its_version_name_who_asked_in_the_history(editor, clean_plan, own_checks_only):
    _adopt(editor, clean_plan)
    job = PlanJob.objects.get()
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    adopted = Plan.history.filter(id=clean_plan.pk, status=PlanStatus.ADOPTED)
    assert adopted.count() == 1 and adopted.get().history_user == job.user
    version = PlanVersion.objects.get(plan=clean_plan)
    assert [h.history_user for h in version.history.all()] == [job.user]


@override_settings(TASKS=DUMMY)
def test_an_adoption_asked_again_while_it_runs_is_not_queued_twice(editor, clean_plan, own_checks_only):
    """An adoption that waited 20 minutes in a busy queue, then taken by a worker: posting the
    form again follows it, it is not queued a second time."""
    url = plan_url(clean_plan, "documents:adopt")
    form = page_form(editor.get(url), **DELIBERA)
    editor.post(url, form)
    job = PlanJob.objects.get()
    waited = timezone.now() - JOB_STALE_AFTER - timedelta(minutes=5)
    PlanJob.objects.filter(pk=job.pk).update(created_at=waited)
    background.take(PlanJob, job.pk)
    assert editor.post(url, form)["Location"] == _job_url(job)
    job.refresh_from_db()
    assert (job.status, job.attempt) == (JobStatus.RUNNING, 1)
