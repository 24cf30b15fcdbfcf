"""Long work on one plan as a background job (the Django Tasks API, `django_tasks`): the next
plan made from a large one (plans.rollover), the adoption with its frozen documents
(documents.services.adopt_plan).

The page checks what it can at once (the form, the refusals: errors next to the fields, nothing
saved) and leaves a PlanJob in the queue; its progress page follows it (htmx) to the outcome.
The worker does the work all or nothing (each kind's own transaction), and only for someone who
is still an editor of the ente. A job is named by what it does (`key`): asking twice follows the
job already asked, and a worker takes a job only by moving it from the queue (one UPDATE), so two
workers, or two «Riprova», never do it twice. A job that failed says why in Italian and may be
retried, as may one its worker lost (still waiting after JOB_STALE_AFTER).

The same steps serve the imports (plans.import_jobs): `take`, `finish`, `requeue`, `enqueue`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from openpiao.core.registry import plan_job_kinds
from openpiao.organizations.models import PLAN_EDITORS, Membership

from .models import JobStatus, PlanJob

try:  # Django 6 has the Tasks API built in; Django 5.2 has its backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task


class JobRefused(Exception):
    """The work cannot be done, for a reason the user can act on (in Italian): nothing saved."""


@dataclass(frozen=True)
class JobKind:
    """A kind of work on a plan: `run(job)` does it, all or nothing, and returns its outcome (a
    JSON-able dict kept on the job) or raises JobRefused; `waiting(job)` says what is being done,
    for the progress page; `outcome_template` shows the outcome, given `outcome_context(job)`."""

    run: Callable[[PlanJob], dict]
    waiting: Callable[[PlanJob], str]
    outcome_template: str
    outcome_context: Callable[[PlanJob], dict] | None = None


UNEXPECTED_FAILURE = (
    "errore imprevisto durante il lavoro (il dettaglio è nel registro del server); nulla è stato "
    "salvato. Se si ripete anche riprovando, avvisare chi amministra l'installazione."
)
NO_LONGER_EDITOR = "Chi ha chiesto il lavoro non può più modificare i piani dell'ente: nulla è stato salvato."


# The steps every background job of the plans takes (PlanJob, ImportJob).


def take(model: type[models.Model], job_id: int) -> bool:
    """Move the job from the queue to the worker; False if it is no longer queued (done, failed,
    or taken by another worker)."""
    return bool(model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING))


def finish(job, **fields) -> None:
    type(job).objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)


def requeue(job, **fields) -> bool:
    """Back in the queue, as the page saw it (status and time): asked twice, it is queued once."""
    return bool(
        type(job)
        .objects.filter(pk=job.pk, status=job.status, created_at=job.created_at)
        .update(status=JobStatus.QUEUED, error="", finished_at=None, created_at=timezone.now(), **fields)
    )


def enqueue(run_task, job) -> None:
    result = run_task.enqueue(job.pk)
    type(job).objects.filter(pk=job.pk).update(task_id=str(result.id))


# The jobs on a plan.


def current(*, plan, key: str) -> PlanJob | None:
    """The job already asked for this work on the plan, if any."""
    return PlanJob.objects.filter(plan=plan, key=key).first()


def request_job(*, plan, kind: str, key: str, params: dict, user) -> PlanJob:
    """The job doing this work: the one already waiting for it, else one put in the queue now.
    Called once the page has checked the request; a job of the same key that ended (or was lost)
    is asked again with what is asked now."""
    try:
        with transaction.atomic():
            job, created = PlanJob.objects.get_or_create(
                key=key, defaults={"plan": plan, "kind": kind, "params": params, "user": user}
            )
    except IntegrityError:  # asked at the same moment by another request
        job, created = PlanJob.objects.get(key=key), False
    if created or ((not job.waiting or job.stale) and requeue(job, params=params, user=user, outcome={})):
        enqueue(run_plan_job, job)
    return PlanJob.objects.get(pk=job.pk)


def retry_job(job: PlanJob) -> PlanJob:
    """The same work asked again, after a failure or when its worker lost it."""
    if (job.status == JobStatus.FAILED or job.stale) and requeue(job):
        enqueue(run_plan_job, job)
    return PlanJob.objects.get(pk=job.pk)


@task()
def run_plan_job(job_id: int) -> str:
    """Do the job's work, all or nothing, and keep the outcome or why it failed."""
    if not take(PlanJob, job_id):
        return PlanJob.objects.get(pk=job_id).status
    job = PlanJob.objects.select_related("plan__organization", "user").get(pk=job_id)
    try:
        editors = Membership.objects.filter(organization_id=job.organization_id, role__in=PLAN_EDITORS)
        if job.user is None or not editors.filter(user=job.user).exists():
            raise JobRefused(NO_LONGER_EDITOR)
        outcome = plan_job_kinds.get(job.kind).run(job)
    except JobRefused as refusal:
        finish(job, status=JobStatus.FAILED, error=str(refusal)[:500])
        return JobStatus.FAILED
    except Exception:
        finish(job, status=JobStatus.FAILED, error=UNEXPECTED_FAILURE)
        raise
    finish(job, status=JobStatus.DONE, outcome=outcome)
    return JobStatus.DONE
