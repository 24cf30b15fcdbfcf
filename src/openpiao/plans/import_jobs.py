"""A confirmed import of a large file as a background job (the Django Tasks API, `django_tasks`).

The import pages (plans.importing) preview an upload in the request, as always; when the
confirmed file is IMPORT_IN_BACKGROUND_BYTES or larger, the confirmation leaves an ImportJob in
the queue and the page follows it. The worker imports the very bytes that were previewed (the
same signed ticket, checked again: ente, user, kind, scope, SHA-256), all or nothing: a file
refused keeps its problems in the job and saves nothing. One job per uploaded file: confirming
twice follows the same job. A job that broke for another reason says so and may be retried, as
may one its worker lost (still waiting after IMPORT_STALE_AFTER). A worker takes a job only by
moving it from the queue (one UPDATE), so two workers, or two «Riprova», never import it twice;
and imports only for someone who is still an editor of the ente.
"""

from openpiao.core.exchange import ImportProblem, read_document
from openpiao.core.history import acting_as
from openpiao.core.registry import importers

from . import background, uploads
from .json_document import import_into
from .models import ImportJob, ImportStatus

try:  # Django 6 has the Tasks API built in; Django 5.2 has its backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task


def import_json(content: bytes, *, organization, user, scope: str = "", preview: bool):
    """A plan document (docs/export-format.md) into the ente."""
    return import_into(
        read_document(content),
        organization=organization,
        user=user,
        source="caricamento del documento JSON",
        preview=preview,
    )


# Shown after «L'importazione non è riuscita:».
UNEXPECTED_FAILURE = (
    "errore imprevisto durante l'importazione (il dettaglio è nel registro del server); nulla è "
    "stato salvato. Se si ripete anche riprovando, avvisare chi amministra l'installazione."
)
REFUSED = "Il file non può essere importato."
# A problem of the job, shown after «Il file non è stato importato: nulla è stato salvato.»
NO_LONGER_EDITOR = "Chi ha confermato l'importazione non può più modificare i piani dell'ente."
# The problems kept for the page: as many as the preview shows at most.
MAX_PROBLEMS = 200


def request_import(*, organization, user, kind: str, scope: str, ticket: str, upload: str, content: bytes):
    """The job importing this uploaded file: the one already asked for it, else a new one."""
    job, created = ImportJob.objects.get_or_create(
        upload=upload,
        defaults={
            "organization": organization,
            "user": user,
            "kind": kind,
            "scope": scope,
            "ticket": ticket,
            "size": len(content),
        },
    )
    if created:
        _enqueue(job)
    return job


def retry_import(job: ImportJob) -> ImportJob:
    """The same file imported again, after a failure that was not the file's own problems, or
    when its worker lost it. Asked twice, it is queued once (the UPDATE takes the job as it was)."""
    failed = job.status == ImportStatus.FAILED and not job.problems
    if not (failed or job.stale):
        return job
    if background.requeue(job):
        _enqueue(job)
    return ImportJob.objects.get(pk=job.pk)


def _enqueue(job: ImportJob) -> None:
    background.enqueue(run_import_job, job)


@task()
def run_import_job(job_id: int) -> str:
    """Import the job's file, all or nothing, and keep the outcome."""
    # Taken from the queue by one worker only: a job done, failed or taken by another is left.
    attempt = background.take(ImportJob, job_id)
    if attempt is None:
        return ImportJob.objects.get(pk=job_id).status
    job = ImportJob.objects.select_related("organization", "user").get(pk=job_id)

    def _finish(job, **fields):  # kept only if the job is still at the attempt taken here
        background.finish(job, attempt=attempt, **fields)

    owner = {"organization": job.organization, "user": job.user, "kind": job.kind, "scope": job.scope}
    name = None
    try:
        if job.user is None:
            raise ImportProblem(uploads.EXPIRED)
        if not background.may_edit(user=job.user, organization_id=job.organization_id):
            raise ImportProblem(NO_LONGER_EDITOR)
        name, content = uploads.staged(job.ticket, **owner)
        with acting_as(job.user):
            outcome = importers.get(job.kind)(
                content, organization=job.organization, user=job.user, scope=job.scope, preview=False
            )
    except ImportProblem as problem:
        # The file's own problems, in Italian, each with where it is: nothing was saved, and the
        # file is let go (a corrected one is uploaded again).
        if name:
            uploads.discard(name)
        _finish(job, status=ImportStatus.FAILED, problems=problem.problems[:MAX_PROBLEMS] or [REFUSED])
        return ImportStatus.FAILED
    except Exception:
        _finish(job, status=ImportStatus.FAILED, error=UNEXPECTED_FAILURE)
        raise
    uploads.discard(name)
    _finish(
        job,
        status=ImportStatus.DONE,
        first_year=outcome.first_year,
        replacing=outcome.replacing,
        created_rows=outcome.created,
        replaced_rows=outcome.replaced,
    )
    return ImportStatus.DONE
