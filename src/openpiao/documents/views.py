"""Documento e pubblicazione: print the plan, check it, adopt it, download the frozen versions."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from openpiao.core.locking import StaleEdit
from openpiao.core.printing import richtext
from openpiao.core.printing.blocks import Paragraph, Run
from openpiao.organizations.models import PLAN_EDITORS, SIMPLIFIED_REGIME_EMPLOYEE_LIMIT, in_simplified_regime
from openpiao.plans import background
from openpiao.plans.access import plan_url, plan_view
from openpiao.plans.importing import UploadPage, upload_page
from openpiao.plans.models import JobStatus, PlanJob, PlanJobKind, PlanStatus
from openpiao.plans.sections import get_section, is_required, plan_sections

from . import jobs, printing, readiness
from . import workbook as plan_workbook
from .forms import AdoptionForm, PublishForm, ReopenForm, SectionTextForm
from .models import PlanVersion, PrintStatus, SectionText
from .printing import Printed
from .selectors import get_print_job_for, get_version_for
from .services import AdoptionRefused, adoption_refusal, mark_published, reopen_plan, save_section_text

PORTALE_PIAO = "https://piao.dfp.gov.it"
VERSION_FIELDS = (
    "number",
    "created_at",
    "adopted_by_name",
    "resolution_number",
    "resolution_date",
    "pdf_sha256",
    "docx_sha256",
    "json_sha256",
)


def _versions(plan):
    # Never load the stored files to list them.
    return PlanVersion.objects.filter(plan=plan).only(*VERSION_FIELDS)


def _trail(request, *items) -> list:
    """Breadcrumbs below the plan: «Documento e pubblicazione», then the page."""
    return [("Documento e pubblicazione", plan_url(request.plan, "documents:index")), *items]


def _back(request):
    return redirect("documents:index", request.organization.slug, request.plan.first_year)


@plan_view
def index(request):
    plan = request.plan
    versions = list(_versions(plan))
    can_edit = request.membership.can_edit_plan
    return render(
        request,
        "documents/index.html",
        {
            "sections": plan_sections(plan.kind),
            "versions": versions,
            "latest": versions[0] if versions else None,
            "can_edit": can_edit,
            "reopen_form": ReopenForm(initial={"expected_version": plan.version}),
            "publish_form": PublishForm(initial={"expected_version": plan.version}),
            "portale": PORTALE_PIAO,
            "is_draft": plan.status == PlanStatus.DRAFT,
            "trail": [("Documento e pubblicazione", None)],
        },
    )


def _attachment(printed) -> HttpResponse:
    """A file printed in the request (printing.Printed) as a download."""
    response = HttpResponse(printed.content, content_type=printed.content_type)
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


def _stored(file, *, filename: str, content_type: str) -> HttpResponse:
    """A stored file (a print, a frozen document: a few megabytes) read from the storage, on
    disk or S3, as a download."""
    with file.open("rb") as handle:
        return _attachment(Printed(handle.read(), filename, content_type))


def _print_in_background(request, fmt: str, *, document="piao", section=None, objective_id=None):
    """The PIAO and the reports are printed by a background job: the file at once if the same
    data were printed already for the same readers, otherwise the page that follows the job."""
    job = jobs.request_print(
        request.plan,
        fmt=fmt,
        document=document,
        section=section,
        objective_id=objective_id,
        membership=request.membership,
    )
    if job.status == PrintStatus.DONE:
        return _stored(job.file, filename=job.filename, content_type=job.content_type)
    return redirect(plan_url(request.plan, "documents:print_job", job.pk))


@plan_view
def print_plan(request, fmt: str):
    if fmt not in printing.RENDERERS:
        raise Http404("Formato inesistente.")
    section = request.GET.get("sezione") or None
    if section is not None and get_section(section, request.plan.kind) is None:
        raise Http404(f"Sezione «{section}» inesistente.")
    document = request.GET.get("documento")
    if document in printing.REPORTS:
        # The Relazione sulla performance (names by the reader's rights) or the RPCT's.
        return _print_in_background(request, fmt, document=document)
    return _print_in_background(request, fmt, section=section)


@plan_view
def print_objective(request, objective_id: int, fmt: str):
    if fmt not in printing.RENDERERS:
        raise Http404("Formato inesistente.")
    if not request.plan.objectives.filter(pk=objective_id).exists():
        raise Http404("Obiettivo non trovato in questo piano.")
    return _print_in_background(request, fmt, objective_id=objective_id)


@plan_view
def print_job(request, job_id: int):
    """How a print is going; htmx asks again every two seconds until it is done."""
    job = get_print_job_for(request.plan, job_id, request.membership)
    context = {
        "job": job,
        "retry_url": jobs.retry_url(job),
        "trail": _trail(request, ("Stampa del piano", None)),
    }
    if request.htmx:
        return render(request, "documents/print_job_status.html", context)
    return render(request, "documents/print_job.html", context)


@plan_view
def print_job_file(request, job_id: int):
    job = get_print_job_for(request.plan, job_id, request.membership)
    if job.status != PrintStatus.DONE or not job.file:
        return redirect(plan_url(request.plan, "documents:print_job", job.pk))
    return _stored(job.file, filename=job.filename, content_type=job.content_type)


@plan_view
def readiness_check(request):
    report = readiness.collect(request.plan)
    return render(
        request,
        "documents/readiness.html",
        {"report": report, "trail": _trail(request, ("Verifica prima dell'adozione", None))},
    )


@plan_view
def texts(request):
    plan = request.plan
    written = {t.section: t for t in SectionText.objects.filter(plan=plan)}
    simplified = in_simplified_regime(plan.organization.latest_figures())
    rows = [
        {
            "spec": spec,
            "text": written.get(spec.code),
            "required": is_required(spec, simplified=simplified),
        }
        for spec in plan_sections(plan.kind)
    ]
    context = {
        "rows": rows,
        "can_edit": request.membership.can_edit_plan,
        "limit": SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
        "trail": _trail(request, ("Testi dell'ente", None)),
    }
    return render(request, "documents/texts.html", context)


@plan_view(roles=PLAN_EDITORS, editing=True)
def text_edit(request, section: str):
    plan = request.plan
    spec = get_section(section, plan.kind)
    if spec is None:
        raise Http404("Sezione inesistente.")
    text = SectionText.objects.filter(plan=plan, section=section).first()
    initial = {"body": text.body if text else "", "expected_version": text.version if text else None}
    form = SectionTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_section_text(
                plan=plan,
                section=section,
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["expected_version"],
                user=request.user,
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Testo salvato: {spec.title}.")
            return redirect("documents:texts", request.organization.slug, plan.first_year)
    before, after = richtext.split_at_data(text.body if text else "")
    # The section's data print where the text says «[DATI]»: the preview marks the place.
    data_mark = [Paragraph.of(Run("[qui si stampano i dati della sezione]", italic=True))] if after else []
    preview = richtext.parse(before) + data_mark + richtext.parse(after)
    return render(
        request,
        "documents/text_form.html",
        {
            "form": form,
            "spec": spec,
            "preview": preview,
            "editable": plan.is_editable,
            "trail": _trail(
                request, ("Testi dell'ente", plan_url(plan, "documents:texts")), (spec.title, None)
            ),
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def adopt(request):
    """The delibera di adozione: the page checks the form and whether the plan can be adopted
    (errors next to the fields, nothing saved), then a background job records it, prints and
    freezes the version (plans.background, documents.jobs.ADOPTION); the page follows the job."""
    plan = request.plan
    form = AdoptionForm(request.POST or None, plan=plan, initial={"expected_version": plan.version})
    report = None
    if request.method == "POST" and form.is_valid():
        key = jobs.adoption_key(plan, form.cleaned_data["expected_version"])
        asked = background.current(plan=plan, key=key)
        if asked and asked.waiting and not asked.stale:
            return redirect(plan_url(plan, "plans:job", asked.pk))  # asked twice: the same job
        problem, report = adoption_refusal(plan=plan, expected_version=form.cleaned_data["expected_version"])
        if problem:
            form.add_error(None, problem)
        else:
            job = background.request_job(
                plan=plan,
                kind=PlanJobKind.ADOPTION,
                key=key,
                params=jobs.adoption_params(form.cleaned_data),
                user=request.user,
            )
            return redirect(plan_url(plan, "plans:job", job.pk))
    pending = PlanJob.objects.filter(
        plan=plan, kind=PlanJobKind.ADOPTION, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).first()
    return render(
        request,
        "documents/adopt.html",
        {
            "form": form,
            "report": report or readiness.collect(plan),
            "pending": pending,
            "trail": _trail(request, ("Adozione del piano", None)),
        },
    )


@plan_view(roles=PLAN_EDITORS)
def reopen(request):
    if request.method != "POST":
        return _back(request)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reopen_plan(
                plan=request.plan,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["expected_version"],
                user=request.user,
            )
        except (AdoptionRefused, StaleEdit) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "Piano riaperto in bozza: la prossima adozione creerà una nuova versione."
            )
    else:
        messages.error(request, "Indicare il motivo della modifica.")
    return _back(request)


@plan_view(roles=PLAN_EDITORS)
def publish(request):
    if request.method != "POST":
        return _back(request)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            mark_published(
                plan=request.plan, expected_version=form.cleaned_data["expected_version"], user=request.user
            )
        except (AdoptionRefused, StaleEdit) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Piano segnato come pubblicato.")
    return _back(request)


VERSION_FILES = {
    "pdf": ("pdf", "application/pdf", "pdf"),
    "docx": ("docx", printing.CONTENT_TYPES["docx"], "docx"),
    "json": ("data", "application/json; charset=utf-8", "json"),
}


@plan_view
def version_file(request, number: int, fmt: str):
    if fmt not in VERSION_FILES:
        raise Http404("Formato inesistente.")
    field, content_type, extension = VERSION_FILES[fmt]
    version = get_version_for(request.plan, number, field)
    plan = request.plan
    filename = f"{plan.organization.slug}-piao-{plan.triennium}-v{version.number}.{extension}"
    return _stored(getattr(version, field), filename=filename, content_type=content_type)


@plan_view
def guide(request):
    """The guided first plan: the regime the employees decide, the sections the ente must write
    and, for each, what the readiness check still finds missing, with its link."""
    plan = request.plan
    latest = plan.organization.latest_figures()
    simplified = in_simplified_regime(latest)
    found = {group.code: group.items for group in readiness.collect(plan).sections}
    # A subsection (3.3.4) is not done while its sottosezione (3.3) still lists items.
    sections = plan_sections(plan.kind)
    pending = {spec.code for spec in sections if any(spec.is_within(code) for code in found)}
    steps = []
    for spec in sections:
        required = is_required(spec, simplified=simplified)
        items = found.pop(spec.code, [])
        if required is None and not items:
            continue
        steps.append({"spec": spec, "required": required, "items": items, "done": spec.code not in pending})
    return render(
        request,
        "documents/guide.html",
        {
            "steps": steps,
            "phases": readiness.guidelines_phases(plan),
            "others": [item for items in found.values() for item in items],
            "simplified": simplified,
            "latest": latest,
            "limit": SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
            "trail": _trail(request, ("Primo piano: cosa compilare", None)),
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook_file(plan, *, empty: bool) -> HttpResponse:
    response = HttpResponse(plan_workbook.plan_workbook(plan, empty=empty), content_type=XLSX)
    name = f"{plan.organization.slug}-piao-{plan.triennium}-{'modello' if empty else 'foglio'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The workbook holds the employees' personal data (gender, contract, dates of service): only the
# roles that edit the whole plan download it.
@plan_view(roles=PLAN_EDITORS)
def workbook(request):
    return _workbook_file(request.plan, empty=False)


@plan_view(roles=PLAN_EDITORS)
def workbook_empty(request):
    return _workbook_file(request.plan, empty=True)


WORKBOOK_UPLOAD = UploadPage(
    kind="xlsx",
    heading="Importa il foglio di calcolo",
    accept=".xlsx," + XLSX,
    help_text="Il foglio di calcolo del piano (XLSX), scaricato da questa pagina e compilato.",
    template="documents/workbook_import.html",
)


@plan_view(roles=PLAN_EDITORS, editing=True)
def workbook_import(request):
    """The workbook in place of the plan's rows it holds: preview, then the import
    (import_workbook_file; in the background when the file is large)."""
    plan = request.plan
    return upload_page(
        request,
        WORKBOOK_UPLOAD,
        done=lambda outcome: plan_url(outcome.plan, "performance:objectives"),
        scope=f"plan:{plan.pk}",
        trail=_trail(request, (WORKBOOK_UPLOAD.heading, None)),
    )
