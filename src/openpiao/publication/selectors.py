"""The reads of the public pages: only adopted, frozen versions, through one lookup.

`published_versions` is the single door: it reads `documents.PlanVersion` rows (a version
exists only for a plan adopted with its delibera; it never changes) and answers 404 for
anything else, so a draft, a plan never adopted, an ente without a published plan or a version
number that does not exist all look the same. Nothing here reads the plan's live rows: what a
public page shows is what the frozen open-data document says, as adopted.
"""

import json
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404

from openpiao.documents.models import PlanVersion
from openpiao.evaluation.models import ReportValidation
from openpiao.human_capital.models import HiringModality
from openpiao.organization_chart.models import StaffArea
from openpiao.organizations.models import Organization
from openpiao.performance.models import Direction, IndicatorKind, ObjectiveKind
from openpiao.plans.models import Plan
from openpiao.risk.models import MeasureKind, MeasureStatus, RiskArea
from openpiao.transparency.models import Duty

from . import licences
from .datasets import Labels, Source
from .models import PublicationSettings


@dataclass
class Published:
    """A published plan: its versions, newest first, and the one a page shows."""

    versions: list[PlanVersion]
    version: PlanVersion

    @property
    def plan(self):
        return self.version.plan

    @property
    def organization(self) -> Organization:
        return self.version.plan.organization

    @property
    def latest(self) -> PlanVersion:
        return self.versions[0]

    @cached_property
    def document(self) -> dict:
        return frozen_document(self.version)


def published_versions(slug: str, year: int, number: int | None = None) -> Published:
    """The adopted versions of the ente's plan of the triennium starting `year` (404 if none),
    and the one numbered `number` (the latest when None; 404 if there is no such version)."""
    versions = list(
        PlanVersion.objects.filter(organization__slug=slug, plan__first_year=year)
        .select_related("plan__organization")
        .order_by("-number")
    )
    chosen = versions[0] if versions and number is None else None
    chosen = chosen or next((v for v in versions if v.number == number), None)
    if chosen is None:
        raise Http404("Piano pubblicato non trovato.")
    return Published(versions=versions, version=chosen)


def published_of(organization: Organization) -> list[Published]:
    """Every published plan of the ente with its versions (its latest shown), newest triennium
    first: one query whatever the number of plans."""
    versions = (
        PlanVersion.objects.filter(organization=organization)
        .select_related("plan__organization")
        .order_by("-plan__first_year", "-number")
    )
    by_plan: dict[int, list[PlanVersion]] = {}
    for version in versions:
        by_plan.setdefault(version.plan_id, []).append(version)
    return [Published(versions=group, version=group[0]) for group in by_plan.values()]


def published_plans(organization: Organization):
    """The ente's plans with at least one adopted version, each with `version_count` and
    `latest_at` (the latest adoption); newest triennium first."""
    return (
        Plan.objects.filter(organization=organization, frozen_versions__isnull=False)
        .annotate(version_count=Count("frozen_versions"), latest_at=Max("frozen_versions__created_at"))
        .order_by("-first_year")
    )


def published_organizations():
    """The enti with at least one published plan, with the date of their latest publication."""
    return (
        Organization.objects.filter(plans__frozen_versions__isnull=False)
        .annotate(
            latest_at=Max("plans__frozen_versions__created_at"), plan_count=Count("plans", distinct=True)
        )
        .order_by("name")
    )


def organization_with_publications(slug: str) -> Organization:
    """The ente of the address, if it has published a plan (404 otherwise, as for a missing one)."""
    organization = published_organizations().filter(slug=slug).first()
    if organization is None:
        raise Http404("Ente non trovato.")
    return organization


def latest_versions(organization: Organization | None = None, limit: int = 50) -> list[PlanVersion]:
    """The latest publications (adoptions), newest first: the items of the Atom feeds."""
    versions = PlanVersion.objects.select_related("plan__organization")
    if organization is not None:
        versions = versions.filter(organization=organization)
    return list(versions.order_by("-created_at", "-pk")[:limit])


def latest_publication(slug: str | None = None):
    """The date of the latest adoption (of the ente `slug`, or of any ente), or None."""
    versions = (
        PlanVersion.objects.all() if slug is None else PlanVersion.objects.filter(organization__slug=slug)
    )
    return versions.aggregate(latest=Max("created_at"))["latest"]


def version_file(version: PlanVersion, field: str) -> bytes:
    """One frozen file of the version (`pdf`, `docx` or `data`), read only when served."""
    return version.read(field)


_documents: dict[str, dict] = {}


def frozen_document(version: PlanVersion) -> dict:
    """The version's open-data document, parsed once per process (a frozen version never
    changes, so its SHA-256 names it for good)."""
    if version.json_sha256 not in _documents:
        if len(_documents) > 64:
            _documents.clear()
        _documents[version.json_sha256] = json.loads(version_file(version, "data"))
    return _documents[version.json_sha256]


def labels_for(document: dict) -> Labels:
    """The Italian labels of the codes the datasets write: the models' choices, and the risk
    areas and transparency duties the document names (two queries)."""
    areas = {p.get("area") for p in document.get("risk_processes", [])}
    duties = {d["duty"] for d in document.get("transparency_map", [])}
    return {
        "objective_kind": dict(ObjectiveKind.choices),
        "indicator_kind": dict(IndicatorKind.choices),
        "direction": dict(Direction.choices),
        "measure_kind": dict(MeasureKind.choices),
        "measure_status": dict(MeasureStatus.choices),
        "staff_area": dict(StaffArea.choices),
        "hiring_modality": dict(HiringModality.choices),
        "risk_area": dict(RiskArea.objects.filter(code__in=areas).values_list("code", "name")),
        "duty": dict(Duty.objects.filter(key__in=duties).values_list("key", "name")),
    }


def source_for(published: Published) -> Source:
    return Source(document=published.document, labels=labels_for(published.document))


def licence_of(organization: Organization) -> licences.Licence:
    code = (
        PublicationSettings.objects.filter(organization=organization)
        .values_list("licence", flat=True)
        .first()
        or licences.DEFAULT
    )
    return licences.licences()[code]


def current_relazioni():
    """The Relazioni sulla performance in force: of each published plan, its latest validation
    by the Nucleo, if it froze the Relazione (validations recorded before that have no file).
    A later validation replaces the earlier one here; the earlier files stay in the storage."""
    latest = ReportValidation.objects.filter(plan=OuterRef("plan")).order_by("-validated_at", "-pk")
    return (
        ReportValidation.objects.filter(pk=Subquery(latest.values("pk")[:1]))
        .filter(plan__in=Plan.objects.filter(frozen_versions__isnull=False))
        .exclude(pdf="")
        .select_related("plan__organization")
    )


def current_relazione(plan) -> ReportValidation | None:
    return current_relazioni().filter(plan=plan).first()


def validated_relazione(slug: str, year: int) -> ReportValidation:
    """The validated Relazione of the ente's published plan of the triennium `year` (404 if none)."""
    relazione = current_relazioni().filter(plan__organization__slug=slug, plan__first_year=year).first()
    if relazione is None:
        raise Http404("Relazione sulla performance validata non trovata.")
    return relazione


def latest_relazioni(organization: Organization | None = None, limit: int = 50) -> list[ReportValidation]:
    """The Relazioni in force, newest validation first: items of the Atom feeds."""
    relazioni = current_relazioni()
    if organization is not None:
        relazioni = relazioni.filter(plan__organization=organization)
    return list(relazioni.order_by("-validated_at", "-pk")[:limit])
