"""Writes of the documents app: the ente's section texts, adoption, amendment, publication.

Adoption records the delibera and freezes a PlanVersion (the open-data JSON, the PDF/A and
the DOCX, each with its SHA-256) in one transaction: either everything is recorded or
nothing is. It is refused while the readiness check lists blocking items.
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from openpiao.core.audit import Action, record, save_audited
from openpiao.core.exchange import Audience
from openpiao.core.locking import StaleEdit, save_if_unchanged
from openpiao.core.printing.render_docx import render_docx
from openpiao.core.printing.render_pdf import render_pdf
from openpiao.plans.json_document import export_plan_json
from openpiao.plans.models import Plan, PlanStatus

from . import readiness
from .builder import build_document
from .models import PlanVersion, SectionText, frozen_files


class AdoptionRefused(Exception):
    """The plan cannot change status now; the message says why, in Italian."""


def save_section_text(*, plan, section: str, body: str, expected_version: int | None, user) -> SectionText:
    """The ente's own text of a section; an existing one only if nobody saved it since
    `expected_version` (StaleEdit)."""
    text = SectionText.objects.filter(plan=plan, section=section).first() or SectionText(
        plan=plan, section=section
    )
    text.body = body
    text.updated_by = user
    return save_audited(
        text,
        user=user,
        action=Action.SECTION_TEXT_SAVED,
        expected_version=expected_version or 0,
        fields=["body", "updated_by"],
        section=section,
    )


def _locked_plan(plan, expected_version: int) -> Plan:
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if locked.version != expected_version:
        raise StaleEdit(StaleEdit.message)
    return locked


class DataChangedWhilePrinting(StaleEdit):
    message = (
        "I dati del piano sono cambiati mentre si stampava il documento da congelare: "
        "nulla è stato registrato, ripetere l'adozione."
    )


def adopt_plan(*, plan, resolution_number: str, resolution_date, expected_version: int, user) -> PlanVersion:
    """Record the delibera di adozione and freeze version n+1 of the plan with its documents.

    The documents are printed before the transaction (seconds of work that must not hold the
    database's write lock); inside it the plan's JSON is exported again and must be the one
    printed, so the frozen files always describe the frozen data, or nothing is recorded.
    """
    plan = Plan.objects.select_related("organization").get(pk=plan.pk)
    if plan.version != expected_version:
        raise StaleEdit(StaleEdit.message)
    _check_adoptable(plan)
    plan.status = PlanStatus.ADOPTED
    plan.resolution_number = resolution_number
    plan.resolution_date = resolution_date
    plan.rule_versions = plan.governing_versions  # the rules of its triennium, kept with the act
    plan.full_clean()
    # The frozen version is published: the open-data document, no personal data beyond the print.
    data = export_plan_json(plan, audience=Audience.PUBLIC).encode("utf-8")
    document = build_document(plan)
    pdf, docx = render_pdf(document), render_docx(document)

    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = _locked_plan(plan, expected_version)
            if locked.status != PlanStatus.DRAFT:
                raise AdoptionRefused(ALREADY_ADOPTED)
            if export_plan_json(plan, audience=Audience.PUBLIC).encode("utf-8") != data:
                raise DataChangedWhilePrinting(DataChangedWhilePrinting.message)
            save_if_unchanged(
                plan, expected_version, ["status", "resolution_number", "resolution_date", "rule_versions"]
            )
            number = (PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
            version = PlanVersion(
                plan=plan,
                number=number,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                resolution_number=resolution_number,
                resolution_date=resolution_date,
                **frozen_files(plan, data=data, pdf=pdf, docx=docx),
                rule_versions=plan.rule_versions,
            )
            version.save()  # stores the three files, then the row
            stored = [version.data.name, version.pdf.name, version.docx.name]
            record(
                organization=plan.organization,
                user=user,
                action=Action.PLAN_ADOPTED,
                obj=plan,
                version=number,
                delibera=f"n. {resolution_number} del {resolution_date:%d/%m/%Y}",
                pdf_sha256=version.pdf_sha256,
                docx_sha256=version.docx_sha256,
                json_sha256=version.json_sha256,
            )
    except BaseException:
        # Nothing was recorded: the files stored for it go too.
        for name in stored:
            default_storage.delete(name)
        raise
    return version


ALREADY_ADOPTED = "Il piano è già adottato: per modificarlo occorre prima riaprirlo."


def adoption_refusal(*, plan, expected_version: int) -> tuple[str | None, readiness.ReadinessReport | None]:
    """Why the plan cannot be adopted now, in Italian (None if it can), with the readiness
    report the check ran on (None if it did not get that far): what the page checks before the
    adoption is queued; the worker checks it all again (adopt_plan)."""
    if plan.version != expected_version:
        return StaleEdit.message, None
    if plan.status != PlanStatus.DRAFT:
        return ALREADY_ADOPTED, None
    report = readiness.collect(plan)
    try:
        _check_adoptable(plan, report)
    except AdoptionRefused as refusal:
        return str(refusal), report
    return None, report


def _check_adoptable(plan, report=None) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise AdoptionRefused(ALREADY_ADOPTED)
    report = report or readiness.collect(plan)
    if not report.ready:
        count = len(report.blocking)
        raise AdoptionRefused(
            f"Il piano non può essere adottato: la verifica segnala {count} "
            f"{'problema bloccante' if count == 1 else 'problemi bloccanti'}. Correggerli e riprovare."
        )


@transaction.atomic
def reopen_plan(*, plan, reason: str, expected_version: int, user) -> Plan:
    """Back to draft to amend an adopted plan; the frozen versions stay as they are."""
    plan = _locked_plan(plan, expected_version)
    if plan.status == PlanStatus.DRAFT:
        raise AdoptionRefused("Il piano è già in bozza.")
    previous = f"n. {plan.resolution_number} del {plan.resolution_date:%d/%m/%Y}"
    plan.status = PlanStatus.DRAFT
    plan.resolution_number = ""
    plan.resolution_date = None
    save_if_unchanged(
        plan, expected_version, ["status", "resolution_number", "resolution_date", "rule_versions"]
    )
    record(
        organization=plan.organization,
        user=user,
        action=Action.PLAN_REOPENED,
        obj=plan,
        reason=reason,
        previous_resolution=previous,
    )
    return plan


@transaction.atomic
def mark_published(*, plan, expected_version: int, user) -> Plan:
    """The ente has published the adopted plan (site and Portale PIAO)."""
    plan = _locked_plan(plan, expected_version)
    if plan.status != PlanStatus.ADOPTED:
        raise AdoptionRefused("Si può segnare come pubblicato solo un piano adottato.")
    plan.status = PlanStatus.PUBLISHED
    save_if_unchanged(plan, expected_version, ["status"])
    record(organization=plan.organization, user=user, action=Action.PLAN_PUBLISHED, obj=plan)
    return plan
