"""«Nuovo piano dal precedente» of a large plan runs as a background job (plans.background): the
page checks the choices, queues the job and follows it to the new plan; the worker makes it all
or nothing, for someone still an editor; a job that broke says why in Italian and «Riprova» runs
it again; asking twice never makes two plans. Every post is what the page sends."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_tasks_db.management.commands import db_worker

from openpiao.core.models import Action, AuditEvent
from openpiao.organizations.models import Membership
from openpiao.plans import background, rollover
from openpiao.plans.access import plan_url
from openpiao.plans.models import JOB_STALE_AFTER, JobStatus, Plan, PlanJob
from tests import rq_worker
from tests.page_forms import page_form
from tests.rq_worker import RQ_SETTINGS

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def large(settings):
    """Every plan counts as large."""
    settings.ROLLOVER_IN_BACKGROUND_OBJECTIVES = 1


def _ask(client, plan, **changes):
    url = plan_url(plan, "plans:rollover")
    return client.post(url, page_form(client.get(url), **changes))


def _job_url(job) -> str:
    return plan_url(job.plan, "plans:job", job.pk)


def _next_plans(plan):
    return Plan.objects.filter(organization=plan.organization, first_year=plan.first_year + 1)


def test_a_small_plan_is_still_rolled_over_in_the_request(secretary_client, casorate, settings):
    settings.ROLLOVER_IN_BACKGROUND_OBJECTIVES = 1000
    response = _ask(secretary_client, casorate)
    assert response["Location"] == plan_url(_next_plans(casorate).get(), "plans:detail")
    assert not PlanJob.objects.exists()


@override_settings(TASKS=DUMMY)
def test_a_large_plan_waits_in_the_queue_then_shows_the_new_plan(
    secretary_client, casorate, large, django_assert_max_num_queries
):
    response = _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _job_url(job)
    assert (job.kind, job.status, job.task_id != "") == ("rollover", JobStatus.QUEUED, True)
    assert "objectives" in job.params["parts"] and not _next_plans(casorate).exists()  # not yet
    with django_assert_max_num_queries(12):
        html = secretary_client.get(_job_url(job)).content.decode()
    assert "In coda</strong>: creazione del piano 2025-2027 dal piano 2024-2026" in html
    assert f'hx-get="{_job_url(job)}"' in html and 'hx-trigger="every 2s"' in html
    fragment = secretary_client.get(_job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="plan-job"') and "<html" not in fragment
    # The rollover page says it is under way; asking again (a second click) follows the same job.
    assert (
        "già in creazione in background"
        in secretary_client.get(plan_url(casorate, "plans:rollover")).content.decode()
    )
    assert _ask(secretary_client, casorate)["Location"] == _job_url(job)
    assert PlanJob.objects.count() == 1
    # The worker makes the plan.
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    made = _next_plans(casorate).get()
    carried = PlanJob.objects.get().outcome["rows"]
    assert made.objectives.count() == carried["obiettivi"] > 0
    with django_assert_max_num_queries(14):
        html = secretary_client.get(_job_url(job)).content.decode()
    assert "hx-trigger" not in html
    assert f"Creato il PIAO 2025-2027</strong> dal piano 2024-2026: {sum(carried.values())} righe" in html
    assert f'<td>Obiettivi</td><td class="text-end">{carried["obiettivi"]}</td>' in html
    assert f'href="{plan_url(made, "plans:detail")}">Apri il nuovo piano</a>' in html
    # Running it again (a task delivered twice) and asking again make nothing more.
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    assert _ask(secretary_client, casorate)["Location"] == _job_url(job)
    assert _next_plans(casorate).count() == 1
    assert AuditEvent.objects.filter(action=Action.PLAN_ROLLED_OVER).count() == 1


def test_the_choices_are_checked_in_the_request_and_nothing_is_queued(secretary_client, casorate, large):
    """A choice that needs another (the objectives need the org chart) is refused next to the
    choices, before anything is queued."""
    response = _ask(secretary_client, casorate, parts=["objectives"])
    assert response.status_code == 200
    assert "richiede anche" in response.content.decode()
    assert not PlanJob.objects.exists() and not _next_plans(casorate).exists()


def test_a_broken_roll_over_saves_nothing_says_why_and_riprova_runs_it_again(
    secretary_client, casorate, large, monkeypatch
):
    real = rollover.record

    def broken(**kwargs):  # every row written, then the audit fails: all of it must go
        raise RuntimeError("disco pieno")

    monkeypatch.setattr(rollover, "record", broken)
    page = secretary_client.get(_ask(secretary_client, casorate)["Location"])
    html = page.content.decode()
    job = PlanJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert "Il lavoro non è riuscito: nulla è stato salvato.</strong> Errore imprevisto" in html
    assert html.count("nulla è stato salvato") == 1
    assert "disco pieno" not in html and not _next_plans(casorate).exists()
    monkeypatch.setattr(rollover, "record", real)
    retried = secretary_client.post(plan_url(casorate, "plans:job_retry", job.pk), page_form(page))
    assert retried["Location"] == _job_url(job)
    assert "Creato il PIAO 2025-2027" in secretary_client.get(_job_url(job)).content.decode()
    assert _next_plans(casorate).count() == 1


@override_settings(TASKS=DUMMY)
def test_the_worker_refuses_what_was_made_meanwhile_in_italian(secretary_client, casorate, large):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    rollover.roll_over(source=casorate, chosen=["structure"], user=None)  # someone else, in the request
    assert background.run_plan_job.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == "L'ente ha già un piano per il triennio 2025-2027."
    assert _next_plans(casorate).count() == 1


@override_settings(TASKS=DUMMY)
def test_an_editor_removed_before_the_worker_runs_makes_nothing(secretary_client, casorate, large):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    Membership.objects.filter(organization=casorate.organization, user=job.user).delete()
    assert background.run_plan_job.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == background.NO_LONGER_EDITOR and not _next_plans(casorate).exists()


@override_settings(TASKS=DUMMY)
def test_two_riprova_and_two_workers_make_one_plan(secretary_client, casorate, large, monkeypatch):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    lost = timezone.now() - JOB_STALE_AFTER - timedelta(minutes=1)
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, created_at=lost, started_at=lost)
    page = secretary_client.get(_job_url(job))
    assert "Il lavoro è fermo da più di 15 minuti" in page.content.decode()
    as_the_page_saw_it = PlanJob.objects.get(pk=job.pk)
    enqueued = []
    monkeypatch.setattr(background, "enqueue", lambda task, j: enqueued.append(j.pk))
    secretary_client.post(plan_url(casorate, "plans:job_retry", job.pk), page_form(page))
    background.retry_job(as_the_page_saw_it, user=job.user)  # the second click
    assert enqueued == [job.pk]
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE  # taken already: nothing done
    assert _next_plans(casorate).count() == 1


def test_a_job_of_another_ente_is_not_found(client, casorate, albizzate, make_member, large):
    client.force_login(make_member(casorate.organization, "secretary"))
    _ask(client, casorate)
    job = PlanJob.objects.get()
    client.force_login(make_member(albizzate.organization, "admin"))
    # Under the other ente's address, and under its own plan's.
    for plan in (casorate, albizzate):
        args = [albizzate.organization.slug, plan.first_year, job.pk]
        assert client.get(reverse("plans:job", args=args)).status_code == 404
        assert client.post(reverse("plans:job_retry", args=args)).status_code == 404
    assert client.get(_job_url(job)).status_code == 404
    client.force_login(make_member(casorate.organization, "reader"))
    assert client.get(_job_url(job)).status_code == 403
    assert client.post(plan_url(casorate, "plans:job_retry", job.pk)).status_code == 403


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_and_db_worker_roll_the_plan_over(secretary_client, casorate, large, monkeypatch):
    # The worker closes the connections it finds inside a transaction: the test's own, here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    page = _ask(secretary_client, casorate)["Location"]
    job = PlanJob.objects.get()
    assert job.status == JobStatus.QUEUED and "In coda" in secretary_client.get(page).content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert PlanJob.objects.get().status == JobStatus.DONE
    assert "Creato il PIAO 2025-2027" in secretary_client.get(page).content.decode()
    made = _next_plans(casorate).get()
    assert made.objectives.count() == PlanJob.objects.get().outcome["rows"]["obiettivi"] > 0


@override_settings(**RQ_SETTINGS)
def test_redis_and_an_rq_worker_roll_the_plan_over(secretary_client, casorate, large):
    queue = rq_worker.empty_queue()
    page = _ask(secretary_client, casorate)["Location"]
    assert queue.count == 1
    rq_worker.work(queue)
    assert "Creato il PIAO 2025-2027" in secretary_client.get(page).content.decode()
    assert queue.fetch_job(PlanJob.objects.get().task_id).get_status() == "finished"
    assert _next_plans(casorate).count() == 1


@override_settings(TASKS=DUMMY)
def test_a_job_that_waited_long_in_the_queue_is_running_not_lost(
    secretary_client, casorate, large, monkeypatch
):
    """A job taken by a worker after 20 minutes in a busy queue is running: neither «Riprova»
    nor asking again queues it a second time while its worker works."""
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    waited = timezone.now() - JOB_STALE_AFTER - timedelta(minutes=5)
    PlanJob.objects.filter(pk=job.pk).update(created_at=waited)
    assert background.take(PlanJob, job.pk) == 1  # the worker takes it now
    running = PlanJob.objects.get(pk=job.pk)
    assert running.status == JobStatus.RUNNING and not running.stale
    enqueued = []
    monkeypatch.setattr(background, "enqueue", lambda task, j: enqueued.append(j.pk))
    page = secretary_client.get(_job_url(job)).content.decode()
    assert "fermo da più di 15 minuti" not in page and "In corso</strong>" in page
    background.retry_job(running, user=job.user)
    assert _ask(secretary_client, casorate)["Location"] == _job_url(job)
    assert enqueued == [] and PlanJob.objects.get(pk=job.pk).attempt == 1
    # Running 15 minutes since the worker took it: lost, and asked again.
    PlanJob.objects.filter(pk=job.pk).update(started_at=waited)
    assert PlanJob.objects.get(pk=job.pk).stale
    background.retry_job(PlanJob.objects.get(pk=job.pk), user=job.user)
    assert enqueued == [job.pk] and PlanJob.objects.get(pk=job.pk).status == JobStatus.QUEUED


@pytest.mark.parametrize("first", ["lost worker", "second worker"])
@override_settings(TASKS=DUMMY)
def test_two_workers_interleaved_make_one_plan_and_say_it_was_made(
    secretary_client, casorate, large, monkeypatch, first
):
    """Worker A takes the job; it is given up for lost (running 15 minutes since A took it) and
    asked again; worker B takes it; both finish, in either order: one plan, one audit row, and
    the job says the plan was made (B finds the plan its own job made: done, not refused; A,
    given up, has no say)."""
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    monkeypatch.setattr(background, "enqueue", lambda task, j: None)  # the workers are called here
    worker_a = background.take(PlanJob, job.pk)
    lost = timezone.now() - JOB_STALE_AFTER - timedelta(minutes=1)
    PlanJob.objects.filter(pk=job.pk).update(started_at=lost)
    page = secretary_client.get(_job_url(job))
    secretary_client.post(plan_url(casorate, "plans:job_retry", job.pk), page_form(page))
    worker_b = background.take(PlanJob, job.pk)
    assert (worker_a, worker_b) == (1, 2)
    order = [worker_a, worker_b] if first == "lost worker" else [worker_b, worker_a]
    for attempt in order:
        assert background.work(job.pk, attempt=attempt) == JobStatus.DONE
    job = PlanJob.objects.get()
    made = _next_plans(casorate).get()
    audit = AuditEvent.objects.get(action=Action.PLAN_ROLLED_OVER)
    assert (job.status, job.error, job.outcome["first_year"]) == (JobStatus.DONE, "", 2025)
    assert job.outcome["rows"] == audit.details["rows"] and audit.details["job"] == job.pk
    html = secretary_client.get(_job_url(job)).content.decode()
    assert "Creato il PIAO 2025-2027</strong>" in html and made.objectives.count() > 0


@override_settings(TASKS=DUMMY)
def test_the_new_plan_and_its_rows_name_who_asked_in_the_history(secretary_client, casorate, large):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    made = _next_plans(casorate).get()
    assert set(Plan.history.filter(id=made.pk).values_list("history_user", flat=True)) == {job.user.pk}
    objectives = made.objectives.model.history.filter(plan_id=made.pk)
    assert objectives.exists()
    assert set(objectives.values_list("history_user", flat=True)) == {job.user.pk}


@override_settings(TASKS=DUMMY)
def test_a_deactivated_account_makes_nothing(secretary_client, casorate, large):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    type(job.user).objects.filter(pk=job.user.pk).update(is_active=False)
    assert background.run_plan_job.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == background.NO_LONGER_EDITOR and not _next_plans(casorate).exists()


@override_settings(TASKS=DUMMY)
def test_riprova_by_another_editor_runs_as_them(client, casorate, large, make_member):
    asker = make_member(casorate.organization, "secretary")
    client.force_login(asker)
    _ask(client, casorate)
    job = PlanJob.objects.get()
    Membership.objects.filter(organization=casorate.organization, user=asker).delete()
    assert background.run_plan_job.call(job.pk) == JobStatus.FAILED
    assert client.get(_job_url(job)).status_code == 404  # no longer a member: not their ente
    other = make_member(casorate.organization, "admin")
    client.force_login(other)
    page = client.get(_job_url(job))
    html = page.content.decode()
    assert html.count("nulla è stato salvato") == 1
    assert f"nulla è stato salvato.</strong> {escape(background.NO_LONGER_EDITOR)}" in html
    client.post(plan_url(casorate, "plans:job_retry", job.pk), page_form(page))
    job.refresh_from_db()
    assert job.user == other and job.status == JobStatus.QUEUED
    assert background.run_plan_job.call(job.pk) == JobStatus.DONE
    made = _next_plans(casorate).get()
    assert AuditEvent.objects.get(action=Action.PLAN_ROLLED_OVER).user == other
    assert set(Plan.history.filter(id=made.pk).values_list("history_user", flat=True)) == {other.pk}


@override_settings(TASKS=DUMMY)
def test_the_job_page_reads_the_job_with_one_query_whatever_it_shows(
    secretary_client, casorate, large, django_assert_num_queries
):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    url = _job_url(job)
    secretary_client.get(url, headers={"HX-Request": "true"})  # the session warmed up
    with CaptureQueriesContext(connection) as polled:
        secretary_client.get(url, headers={"HX-Request": "true"})
    reads = [q["sql"] for q in polled.captured_queries if "plans_planjob" in q["sql"]]
    assert len(reads) == 1 and "auth_user" in reads[0]  # the job with its user, nothing more
    assert sum('FROM "plans_plan"' in q["sql"] for q in polled.captured_queries) == 1  # the page's plan
    with django_assert_num_queries(len(polled.captured_queries)):
        secretary_client.get(url, headers={"HX-Request": "true"})


def test_a_job_of_another_plan_of_the_same_ente_is_not_found(secretary_client, casorate, large):
    _ask(secretary_client, casorate)
    job = PlanJob.objects.get()
    made = _next_plans(casorate).get()  # the ente's other plan
    assert secretary_client.get(plan_url(made, "plans:job", job.pk)).status_code == 404
    assert secretary_client.post(plan_url(made, "plans:job_retry", job.pk)).status_code == 404
    assert secretary_client.get(_job_url(job)).status_code == 200
