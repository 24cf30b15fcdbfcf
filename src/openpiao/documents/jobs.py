"""Printing the plan from the web as a background job (the Django Tasks API, `django_tasks`):
the request enqueues a PrintJob and answers at once; a worker (`manage.py db_worker`, or RQ's)
prints it; the progress page polls it. The printed file is stored (Django's storage: on disk or
S3) and served again, without printing, while the plan's data are the same (`data_hash`: the
ente's count of writes, which every audited write raises in its own transaction, with the
plan's status and delibera, the ente's anagrafica and the layout). The request only reads that
count: it neither exports the plan nor lays a report out, so asking for a print costs a page
little (hashing the plan's whole JSON document took 0.6 s of a web worker for 200 objectives).

The reports printed from the plan's data (the Relazione sulla performance, the Relazione annuale
del RPCT) go through the same jobs. The Relazione also names its readers (`readers`,
evaluation.report.names_key): a print made for the Nucleo, with every individual score, is never
served to a member who may not read them.

Adoption prints too, but not through a PrintJob: it freezes the documents in the same
transaction that records the delibera (documents.services.adopt_plan), all or nothing. It runs as
a background job on the plan of its own (plans.background, `ADOPTION` here): the page checks the
form and the refusals, the worker records the delibera, prints and freezes.
"""

import hashlib
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from openpiao.core.caching import data_stamp
from openpiao.core.locking import StaleEdit
from openpiao.core.printing import render_docx, render_pdf
from openpiao.core.printing.formats import RENDERERS
from openpiao.evaluation.report import names_key
from openpiao.plans.access import plan_url
from openpiao.plans.background import JobKind, JobRefused
from openpiao.plans.models import PlanStatus

from .models import PlanVersion, PrintJob, PrintStatus
from .printing import RELAZIONE, REPORTS, Printed, PrintError, print_plan, report_blocks
from .services import AdoptionRefused, DataChangedWhilePrinting, adopt_plan

try:  # Django 6 has the Tasks API built in; Django 5.2 has its backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task


def target_of(*, document: str = "piao", section: str | None = None, objective_id: int | None = None) -> str:
    if document in REPORTS:
        return document
    if objective_id is not None:
        return f"obiettivo:{objective_id}"
    if section:
        return f"sezione:{section}"
    return "piao"


def layout_files() -> list[Path]:
    """The renderers' own files: their modules and the PDF's Typst template."""
    folder = Path(render_docx.__file__).parent
    return sorted(folder.glob("*.py")) + sorted(folder.glob("*.typ"))


@cache
def _layout_fingerprint() -> bytes:
    """A new layout, or a new version of the PDF's engine, prints again, even if the plan did
    not change."""
    digest = hashlib.sha256(render_pdf.engine_version().encode())
    for path in layout_files():
        digest.update(path.read_bytes())
    return digest.digest()


def data_hash(plan) -> str:
    """What a print of the plan depends on: the ente's data (its count of writes: any write to
    the plan's rows, texts, results or risks raises it), the plan's status and delibera, the
    ente's anagrafica and coat of arms, the layout, and, for a draft, the day (its cover says
    when it was printed)."""
    organization = plan.organization
    digest = hashlib.sha256(_layout_fingerprint())
    facts = [
        str(data_stamp(organization.pk)),
        str(plan.version),
        plan.status,
        plan.resolution_number,
        str(plan.resolution_date),
        str(organization.version),
        organization.coat_of_arms.name if organization.coat_of_arms else "",
        date.today().isoformat() if not plan.resolution_number else "",
    ]
    digest.update("\x1f".join(facts).encode("utf-8"))
    return digest.hexdigest()


def readers_of(plan, document: str, membership) -> str:
    """Who may be served a print of `document`: every member of the ente (""), or, for the
    Relazione, the members who read the same names as `membership`."""
    return names_key(plan, membership) if document == RELAZIONE else ""


UNEXPECTED_FAILURE = (
    "errore imprevisto del servizio di stampa (il dettaglio è nel registro del server). "
    "Se si ripete anche riprovando, avvisare chi amministra l'installazione."
)

# A job still waiting after this long was lost (a worker stopped mid-print): it is asked again.
STALE_AFTER = timedelta(minutes=15)

RIGHTS_CHANGED = (
    "i permessi di chi ha chiesto la stampa sono cambiati nel frattempo, e la Relazione "
    "mostrerebbe nomi diversi: richiederla di nuovo."
)


def request_print(
    plan,
    *,
    fmt: str,
    document: str = "piao",
    section: str | None = None,
    objective_id: int | None = None,
    membership=None,
) -> PrintJob:
    """The print of the same data already made (or under way) for the same readers, else a new
    job in the queue. `membership` is who asks: its rights decide what the Relazione shows."""
    target = target_of(document=document, section=section, objective_id=objective_id)
    readers = readers_of(plan, document, membership) if document in REPORTS else ""
    digest = data_hash(plan)
    same = (
        PrintJob.objects.filter(plan=plan, target=target, fmt=fmt, readers=readers, data_hash=digest)
        .exclude(status=PrintStatus.FAILED)
        .exclude(status=PrintStatus.DONE, file="")  # a print kept in the database before the files
        .exclude(
            status__in=[PrintStatus.QUEUED, PrintStatus.RUNNING], created_at__lt=timezone.now() - STALE_AFTER
        )
        .order_by("-created_at")
        .first()
    )
    if same is not None:
        return same
    job = PrintJob.objects.create(
        plan=plan,
        target=target,
        fmt=fmt,
        data_hash=digest,
        readers=readers,
        requested_by=membership if readers else None,
    )
    result = run_print_job.enqueue(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return PrintJob.objects.get(pk=job.pk)


def retry_url(job) -> str:
    """The page that asks for the same document again (a failed job is never reused)."""
    kind, _, value = job.target.partition(":")
    if kind in REPORTS:
        return f"{plan_url(job.plan, 'documents:print', job.fmt)}?{urlencode({'documento': kind})}"
    if kind == "obiettivo":
        return plan_url(job.plan, "documents:print_objective", int(value), job.fmt)
    url = plan_url(job.plan, "documents:print", job.fmt)
    return f"{url}?{urlencode({'sezione': value})}" if kind == "sezione" else url


@task()
def run_print_job(job_id: int) -> str:
    """Print the job's document and keep the file; older prints of the same document go."""
    job = PrintJob.objects.select_related("plan__organization", "requested_by__user").get(pk=job_id)
    if job.status == PrintStatus.DONE:
        return job.filename
    PrintJob.objects.filter(pk=job.pk).update(status=PrintStatus.RUNNING)
    kind, _, value = job.target.partition(":")
    try:
        if kind in REPORTS:
            printed = _print_report(job)
        else:
            printed = print_plan(
                job.plan,
                fmt=job.fmt,
                section=value if kind == "sezione" else None,
                objective_id=int(value) if kind == "obiettivo" else None,
            )
    except Exception as error:
        # The reason the page shows: the printer's own Italian message, or that it broke.
        reason = str(error) if isinstance(error, PrintError) else UNEXPECTED_FAILURE
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintStatus.FAILED, error=reason, finished_at=timezone.now()
        )
        raise
    job.file.save(printed.filename, ContentFile(printed.content), save=False)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintStatus.DONE,
        file=job.file.name,
        filename=printed.filename,
        finished_at=timezone.now(),
    )
    superseded = (
        PrintJob.objects.filter(plan=job.plan, target=job.target, fmt=job.fmt, readers=job.readers)
        .exclude(pk=job.pk)
        .exclude(status__in=[PrintStatus.QUEUED, PrintStatus.RUNNING])
    )
    for name in superseded.exclude(file="").values_list("file", flat=True):
        job.file.storage.delete(name)
    superseded.delete()
    return printed.filename


def _print_report(job) -> Printed:
    """A report printed with the rights of who asked for it, if they still give the same
    readers. Printed later than asked, it may show newer data than its `data_hash` names: never
    older, so a later request (a higher count of writes) never finds it stale."""
    membership = job.requested_by
    if job.readers and (membership is None or readers_of(job.plan, job.target, membership) != job.readers):
        raise PrintError(RIGHTS_CHANGED)
    built, filename = report_blocks(job.plan, document=job.target, fmt=job.fmt, membership=membership)
    return Printed(RENDERERS[job.fmt](built), filename, "")


# The adoption as a background job on the plan (plans.background).


def adoption_key(plan, expected_version: int) -> str:
    """One adoption per version of the plan's form: asked twice (a second click), the same job."""
    return f"adoption:{plan.pk}:{expected_version}"


def adoption_params(cleaned_data: dict) -> dict:
    """What the worker adopts with, from the adoption form."""
    return {
        "resolution_number": cleaned_data["resolution_number"],
        "resolution_date": cleaned_data["resolution_date"].isoformat(),
        "expected_version": cleaned_data["expected_version"],
    }


# Why a queued adoption was refused, as the job page says it after «Il lavoro non è riuscito:
# nulla è stato salvato.» (the request's own messages say so themselves).
PLAN_CHANGED = "Il piano è stato modificato dopo la richiesta di adozione: rivederlo e ripetere l'adozione."
DATA_CHANGED = (
    "I dati del piano sono cambiati mentre si stampava il documento da congelare: ripetere l'adozione."
)


def _run_adoption(job) -> dict:
    asked = job.params
    try:
        version = adopt_plan(
            plan=job.plan,
            resolution_number=asked["resolution_number"],
            resolution_date=date.fromisoformat(asked["resolution_date"]),
            expected_version=asked["expected_version"],
            user=job.user,
        )
    except (AdoptionRefused, StaleEdit) as refusal:
        # Adopted already by this very job (a worker given up for lost did it): done, not refused.
        version = _adopted_by(job)
        if version is None:
            if isinstance(refusal, DataChangedWhilePrinting):
                raise JobRefused(DATA_CHANGED) from None
            raise JobRefused(PLAN_CHANGED if isinstance(refusal, StaleEdit) else str(refusal)) from None
    except ValidationError as invalid:
        raise JobRefused(" ".join(invalid.messages)) from None
    return {
        "version": version.number,
        "resolution_number": version.resolution_number,
        "resolution_date": version.resolution_date.isoformat(),
    }


def _adopted_by(job) -> PlanVersion | None:
    """The version frozen by the adoption the job asks for: the plan is adopted with the
    delibera of the job (number and date), and the version is the last one frozen."""
    asked = job.params
    plan = type(job.plan).objects.only("status", "resolution_number", "resolution_date").get(pk=job.plan_id)
    latest = PlanVersion.objects.filter(plan_id=job.plan_id).order_by("-number").first()
    delibera = (asked["resolution_number"], date.fromisoformat(asked["resolution_date"]))
    if (
        plan.status != PlanStatus.DRAFT
        and latest is not None
        and (plan.resolution_number, plan.resolution_date) == delibera
        and (latest.resolution_number, latest.resolution_date) == delibera
    ):
        return latest
    return None


def _adoption_waiting(job) -> str:
    day = date.fromisoformat(job.params["resolution_date"])
    return (
        f"adozione del piano {job.plan.triennium} (delibera n. {job.params['resolution_number']} del "
        f"{day:%d/%m/%Y}): si stampano e si congelano i documenti"
    )


def _adoption_outcome(job) -> dict:
    version = (
        PlanVersion.objects.filter(plan=job.plan, number=job.outcome.get("version"))
        .only("number", "resolution_number", "resolution_date")
        .first()
    )
    return {"version": version}


ADOPTION = JobKind(
    run=_run_adoption,
    waiting=_adoption_waiting,
    outcome_template="documents/adoption_outcome.html",
    outcome_context=_adoption_outcome,
)
