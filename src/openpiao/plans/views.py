from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openpiao.core import rulebook
from openpiao.core.caching import cached_for_plan
from openpiao.core.exchange import Audience
from openpiao.core.forms import add_errors, model_values
from openpiao.core.locking import StaleEdit
from openpiao.core.printing.formats import CONTENT_TYPES, RENDERERS
from openpiao.core.registry import plan_job_kinds
from openpiao.organizations.access import organization_view
from openpiao.organizations.models import PLAN_EDITORS, SIMPLIFIED_REGIME_EMPLOYEE_LIMIT, in_simplified_regime

from . import background, import_jobs, rollover
from .access import plan_url, plan_view
from .annex import annex_document
from .comparison import compare_plans, other_plan
from .forms import PlanCreateForm, PlanForm, RolloverForm
from .importing import UploadPage, upload_page
from .json_document import export_plan_json
from .models import ImportJob, JobStatus, Plan, PlanJob, PlanJobKind
from .sections import get_section, is_required, plan_sections
from .services import create_plan, update_plan


@organization_view(roles=PLAN_EDITORS)
def plan_create(request):
    organization = request.organization
    first = not organization.plans.exists()
    form = PlanCreateForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            plan = create_plan(
                organization=organization,
                values=model_values(form),
                figures=form.figures(),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Creato il {plan.display_title}.")
            # The first plan of an ente opens on what it must write (documents:guide).
            return redirect(
                "documents:guide" if first else "plans:detail", organization.slug, plan.first_year
            )
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "intro": "plans/create_intro.html",
            "first": first,
            "latest": organization.latest_figures(),
            "limit": SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
            "heading": "Il primo piano dell'ente" if first else "Nuovo piano",
            "trail": [("Nuovo piano", None)],
            "cancel_url": reverse("organizations:home", args=[organization.slug]),
        },
    )


# The plan page follows the Piano tipo (DM 132/2022): code, title, where it is written.
PLAN_PARTS = [
    ("1", "Scheda anagrafica dell'amministrazione", "organizations:home", False),
    ("2.1", "Valore pubblico: obiettivi strategici del DUP", "performance:strategic", True),
    ("2.2", "Performance: obiettivi, indicatori, cronoprogramma", "performance:objectives", True),
    ("2.2.2", "Piano triennale di azioni positive", "human_capital:positive_actions", True),
    ("2.3", "Rischi corruttivi: processi, valutazione, misure", "risk:register", True),
    ("2.3", "Trasparenza: obblighi, attestazione OIV, accessi", "transparency:map", True),
    ("3.1", "Struttura organizzativa e personale", "organization_chart:index", True),
    ("3.2", "Organizzazione del lavoro agile", "human_capital:smart_working", True),
    ("3.3", "Fabbisogni di personale, capacità assunzionale, formazione", "human_capital:staffing", True),
    ("4", "Monitoraggio: verifiche, punteggi, Relazione sulla performance", "evaluation:dashboard", True),
]


@plan_view
def plan_detail(request):
    plan = request.plan
    latest = plan.organization.latest_figures()
    simplified = in_simplified_regime(latest)
    parts = []
    codes = {s.code for s in plan_sections(plan.kind)}
    for code, title, url_name, per_plan in PLAN_PARTS:
        if code not in codes and code != "4":  # a part the plan's kind does not hold
            continue
        args = [request.organization.slug, plan.first_year] if per_plan else [request.organization.slug]
        spec = get_section(code, plan.kind)
        parts.append(
            {
                "code": code,
                "title": title,
                "url": reverse(url_name, args=args),
                "required": is_required(spec, simplified=simplified) if spec else None,
            }
        )
    counts = {
        "units": plan.units.count(),
        "employees": plan.employees.aggregate(people=Coalesce(Sum("headcount"), 0))["people"],
        "objectives": plan.objectives.count(),
        "strategic": plan.strategic_objectives.count(),
    }
    return render(
        request,
        "plans/detail.html",
        {
            "parts": parts,
            "counts": counts,
            "simplified": simplified,
            "latest": latest,
            "limit": SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
            "rules": rulebook.describe(plan.governing_versions),
        },
    )


@plan_view(roles=PLAN_EDITORS, editing=True)
def plan_edit(request):
    form = PlanForm(request.POST or None, instance=request.plan)
    if request.method == "POST" and form.is_valid():
        try:
            update_plan(
                plan=request.plan,
                values=model_values(form),
                expected_version=form.cleaned_data["expected_version"],
                user=request.user,
            )
        except StaleEdit:
            form.report_stale()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Piano salvato.")
            return redirect("plans:detail", request.organization.slug, request.plan.first_year)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "heading": "Modifica piano",
            "trail": [("Modifica", None)],
            "cancel_url": plan_url(request.plan, "plans:detail"),
        },
    )


@plan_view
def plan_export(request):
    """The full backup for the roles that see every datum, the open-data document for the others."""
    plan = request.plan
    full = request.membership.sees_special_categories
    audience = Audience.BACKUP if full else Audience.PUBLIC
    # Kept in the cache until the ente's data change (core.caching), one copy per audience,
    # encoded once: read back, the bytes go out as they are.
    document = cached_for_plan(
        plan, "export", lambda: export_plan_json(plan, audience=audience).encode(), audience.value
    )
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    filename = f"{plan.organization.slug}-piao-{plan.triennium}{'-completo' if full else ''}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@plan_view(roles=PLAN_EDITORS)
def plan_rollover(request):
    """«Nuovo piano dal precedente»: what would carry, then the next triennium in one step (by a
    background job when the plan is large, plans.background)."""
    source = request.plan
    form = RolloverForm(request.POST or None, choices=rollover.choices())
    key = rollover.job_key(source)
    pending = background.current(plan=source, key=key)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["parts"]
        problem = rollover.refusal(source, frozenset(chosen))
        if pending and (pending.waiting or (problem and pending.status == JobStatus.DONE)):
            return redirect(plan_url(source, "plans:job", pending.pk))  # asked twice: the same job
        if problem:
            form.add_error("parts", problem)
        elif rollover.in_background(source):
            job = background.request_job(
                plan=source,
                kind=PlanJobKind.ROLLOVER,
                key=key,
                params={"parts": sorted(chosen)},
                user=request.user,
            )
            return redirect(plan_url(source, "plans:job", job.pk))
        elif done := _roll_over_now(request, source, chosen, form):
            return done
    following = rollover.next_plan(source)
    parts, notes = _rollover_parts(source, form)
    return render(
        request,
        "plans/rollover.html",
        {
            "form": form,
            "following": following,
            "refusal": rollover.refusal(source, rollover.default_choices()),
            "pending": pending if pending and pending.waiting else None,
            "parts": parts,
            "notes": notes,
            "rule_changes": rollover.rule_changes(source, following),
            "trail": [("Nuovo piano dal precedente", None)],
        },
    )


def _roll_over_now(request, source, chosen, form):
    """A small plan's next plan, made in the request."""
    try:
        plan, counts, notes = rollover.roll_over(source=source, chosen=chosen, user=request.user)
    except rollover.RolloverRefused as refusal:
        form.add_error("parts", str(refusal))
        return None
    messages.success(
        request,
        f"Creato il {plan.display_title} dal piano {source.triennium}: "
        f"{sum(counts.values())} righe riportate.",
    )
    for note in notes:
        messages.info(request, note)
    if changed := rollover.rule_changes(source, plan):
        messages.info(
            request,
            f"Il nuovo piano segue le regole del suo triennio: {len(changed)} cataloghi "
            "di riferimento cambiati (elenco nel confronto con il piano precedente).",
        )
    return redirect("plans:detail", request.organization.slug, plan.first_year)


def _rollover_parts(source, form) -> tuple[list[dict], list[str]]:
    """Each choice with its checkbox and the rows of each kind it would carry."""
    by_choice, notes = rollover.preview_by_choice(source)
    boxes = {box.data["value"]: box for box in form["parts"]}
    parts = [{"choice": c, "box": boxes[c.key], "kinds": kinds} for c, kinds in by_choice]
    return parts, notes


def _compared(request):
    """The plan of the page, the other plan it is compared with (`?con=` year; by default the
    one before), the ente's other plans, and the changes from the other to this one."""
    plan = request.plan
    others = [p for p in request.organization.plans.all() if p.pk != plan.pk]
    previous = other_plan(plan, others, request.GET.get("con"))
    return plan, previous, others, (compare_plans(previous, plan) if previous else [])


@plan_view
def plan_compare(request):
    """What changed from another plan of the ente: objectives, targets, weights, staff, risk…"""
    plan, previous, others, diffs = _compared(request)
    return render(
        request,
        "plans/compare.html",
        {
            "previous": previous,
            "others": others,
            "diffs": diffs,
            "rule_changes": rollover.rule_changes(previous, plan) if previous else [],
            "trail": [("Confronto tra piani", None)],
        },
    )


@plan_view
def plan_compare_download(request, fmt: str):
    """The comparison as the annex «Aggiornamento rispetto al piano precedente» (DOCX or PDF)."""
    plan, previous, _, diffs = _compared(request)
    if previous is None:
        raise Http404("L'ente non ha un altro piano con cui confrontare questo.")
    content = RENDERERS[fmt](annex_document(plan, previous, diffs))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{plan.organization.slug}-piao-{plan.triennium}-aggiornamento-{previous.triennium}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


JSON_UPLOAD = UploadPage(
    kind="json",
    heading="Importa un piano (JSON)",
    accept=".json,application/json",
    help_text="Il documento JSON del piano (formato OpenPIAO, copia completa), al massimo 10 MB.",
    template="plans/import_json.html",
)


@organization_view(roles=PLAN_EDITORS)
def plan_import(request):
    """A plan document (docs/export-format.md) into this ente: preview, then the import
    (import_jobs.import_json; in the background when the file is large)."""
    return upload_page(request, JSON_UPLOAD, done=lambda outcome: plan_url(outcome.plan, "plans:detail"))


def _import_job(request, job_id: int) -> ImportJob:
    """An import of this ente; the same 404 for a job that does not exist and another ente's."""
    return get_object_or_404(ImportJob.objects.filter(organization=request.organization), pk=job_id)


@organization_view(roles=PLAN_EDITORS)
def import_job(request, import_id: int):
    """How a background import is going; htmx asks again every two seconds until it ends."""
    job = _import_job(request, import_id)
    plan = None
    if job.first_year is not None:
        plan = Plan.objects.filter(organization=request.organization, first_year=job.first_year).first()
    context = {
        "job": job,
        "plan": plan,
        "done_url": _import_done_url(job, plan),
        "again_url": _upload_again_url(request, job),
        "trail": [("Importazione in background", None)],
    }
    if request.htmx:
        return render(request, "plans/import_job_status.html", context)
    return render(request, "plans/import_job.html", context)


@organization_view(roles=PLAN_EDITORS)
@require_POST
def import_job_retry(request, import_id: int):
    job = import_jobs.retry_import(_import_job(request, import_id))
    return redirect("plans:import_job", request.organization.slug, job.pk)


def _upload_again_url(request, job) -> str:
    """The import page the file was uploaded on, to upload a corrected one."""
    if job.kind == "xlsx":
        plan = Plan.objects.filter(
            organization=request.organization, pk=job.scope.partition(":")[2] or 0
        ).first()
        return plan_url(plan, "documents:workbook_import") if plan else ""
    return reverse("plans:import", args=[request.organization.slug])


def _import_done_url(job, plan) -> str:
    """Where the imported plan is seen: its page (the workbook: its objectives)."""
    if plan is None:
        return ""
    return plan_url(plan, "performance:objectives" if job.kind == "xlsx" else "plans:detail")


def _plan_job(request, job_id: int) -> PlanJob:
    """A job on the plan of the page; the same 404 for one that does not exist and another's
    (another ente's, another plan's of the same ente). Its plan is the page's, its user read
    with it: the page asks nothing more of the job each time it polls."""
    job = get_object_or_404(PlanJob.objects.filter(plan=request.plan).select_related("user"), pk=job_id)
    job.plan = request.plan
    return job


@plan_view(roles=PLAN_EDITORS)
def plan_job(request, plan_job_id: int):
    """How a background job on the plan is going; htmx asks again every two seconds until it ends."""
    job = _plan_job(request, plan_job_id)
    kind = plan_job_kinds.get(job.kind)
    context = {
        "job": job,
        "what": kind.waiting(job),
        "outcome_template": kind.outcome_template,
        "trail": [(job.get_kind_display(), None)],
    }
    if job.status == JobStatus.DONE and kind.outcome_context:
        context.update(kind.outcome_context(job))
    if request.htmx:
        return render(request, "plans/plan_job_status.html", context)
    return render(request, "plans/plan_job.html", context)


@plan_view(roles=PLAN_EDITORS)
@require_POST
def plan_job_retry(request, plan_job_id: int):
    job = background.retry_job(_plan_job(request, plan_job_id), user=request.user)
    return redirect(plan_url(request.plan, "plans:job", job.pk))
