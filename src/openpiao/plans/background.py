"""Long work on one plan as a background job (the Django Tasks API, `django_tasks`): the next
plan made from a large one (plans.rollover), the adoption with its frozen documents
(documents.services.adopt_plan).

The page checks what it can at once (the form, the refusals: errors next to the fields, nothing
saved) and leaves a PlanJob in the queue; its progress page follows it (htmx) to the outcome.
The worker does the work all or nothing (each kind's own transaction), as the user who asked
(the registro delle modifiche names them), and only for someone who is still an active editor of
the ente. A job is named by what it does (`key`): asking twice follows the job already asked.
A worker takes a job only by moving it from the queue (one UPDATE, which counts the `attempt`
and stamps `started_at`), and keeps its outcome only if the job is still at the attempt it took
(another conditional UPDATE): a running job is asked again only once it is lost (running
JOB_STALE_AFTER since a worker took it, or queued that long since it was put in the queue), and
should the lost worker come back and finish, its word is not kept. Each kind is idempotent in
outcome: a worker that finds its work already done by the same job reports it done, so two
workers, or two «Riprova», never do it twice nor show a success as a failure. A job that failed
says why in Italian and may be retried, by any editor of the ente: it then runs as them.

The same steps serve the imports (plans.import_jobs): `take`, `finish`, `requeue`, `enqueue`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from openpiao.core.history import acting_as
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


# The page says «Il lavoro non è riuscito: nulla è stato salvato.» before the reason.
UNEXPECTED_FAILURE = (
    "Errore imprevisto durante il lavoro (il dettaglio è nel registro del server). "
    "Se si ripete anche riprovando, avvisare chi amministra l'installazione."
)
NO_LONGER_EDITOR = "Chi ha chiesto il lavoro non può più modificare i piani dell'ente."


def may_edit(*, user, organization_id: int) -> bool:
    """Whether `user` may still do a job's work: an active account, an editor of the ente."""
    editors = Membership.objects.filter(organization_id=organization_id, role__in=PLAN_EDITORS)
    return user is not None and user.is_active and editors.filter(user=user).exists()


# The steps every background job of the plans takes (PlanJob, ImportJob).


def take(model: type[models.Model], job_id: int) -> int | None:
    """Move the job from the queue to the worker: the attempt it took (to `finish` with), or None
    if it is no longer queued (done, failed, or taken by another worker)."""
    with transaction.atomic():  # the row stays locked until the attempt taken is read
        taken = model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=timezone.now(), attempt=F("attempt") + 1
        )
        return model.objects.values_list("attempt", flat=True).get(pk=job_id) if taken else None


def finish(job, *, attempt: int, **fields) -> bool:
    """Keep the outcome, if the job is still at the `attempt` this worker took: a worker that
    was given up for lost, while the job was asked again, has no say on it."""
    return bool(
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempt=attempt)
        .update(finished_at=timezone.now(), **fields)
    )


def requeue(job, **fields) -> bool:
    """Back in the queue, as the page saw it (status, time and attempt): asked twice, it is
    queued once. The caller checked it may be (failed, or lost: `stale`)."""
    return bool(
        type(job)
        .objects.filter(pk=job.pk, status=job.status, created_at=job.created_at, attempt=job.attempt)
        .update(
            status=JobStatus.QUEUED,
            error="",
            finished_at=None,
            started_at=None,
            created_at=timezone.now(),
            **fields,
        )
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


def retry_job(job: PlanJob, *, user) -> PlanJob:
    """The same work asked again by `user` (the editor who clicked «Riprova»: it runs as them),
    after a failure or when its worker lost it; a job still running is left to its worker."""
    if (job.status == JobStatus.FAILED or job.stale) and requeue(job, user=user, outcome={}):
        enqueue(run_plan_job, job)
    return PlanJob.objects.get(pk=job.pk)


@task()
def run_plan_job(job_id: int) -> str:
    """Do the job's work, all or nothing, and keep the outcome or why it failed."""
    attempt = take(PlanJob, job_id)
    if attempt is None:
        return PlanJob.objects.get(pk=job_id).status
    return work(job_id, attempt=attempt)


def work(job_id: int, *, attempt: int) -> str:
    """The work of the job a worker took at `attempt`, as the user who asked; what it keeps."""
    job = PlanJob.objects.select_related("plan__organization", "user").get(pk=job_id)
    try:
        if not may_edit(user=job.user, organization_id=job.organization_id):
            raise JobRefused(NO_LONGER_EDITOR)
        with acting_as(job.user):
            outcome = plan_job_kinds.get(job.kind).run(job)
    except JobRefused as refusal:
        finish(job, attempt=attempt, status=JobStatus.FAILED, error=str(refusal)[:500])
        return JobStatus.FAILED
    except Exception:
        finish(job, attempt=attempt, status=JobStatus.FAILED, error=UNEXPECTED_FAILURE)
        raise
    finish(job, attempt=attempt, status=JobStatus.DONE, outcome=outcome)
    return JobStatus.DONE
