"""Public read endpoints: the published plans of an ente, read only from the frozen version of
each adopted plan (its open-data JSON, `core.exchange.Audience.PUBLIC`), never from the rows a
draft is being written in. Rows carry no personal data beyond what the printed plan shows: no
staff on objectives (hours and costs per person), no agreements, no people of cessations."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from openpiao.documents.models import PlanVersion
from openpiao.organizations.models import Organization
from openpiao.plans.models import Plan, PlanStatus
from openpiao.transparency.models import Duty

router = Router(tags=["Piani pubblicati"])
ENTE = "/pubblici/enti/{org}/piani"
PLAN = ENTE + "/{year}"
PUBLISHED = (PlanStatus.ADOPTED, PlanStatus.PUBLISHED)
PAGE_SIZE = 50


class PublishedPlan(Schema):
    year: int
    last_year: int
    kind: str
    title: str
    status: str
    version: int
    resolution_number: str
    resolution_date: date
    json_sha256: str
    pdf_sha256: str


class PublicIndicator(Schema):
    description: str
    kind: str
    direction: str | None = None
    measure_unit: str | None = None
    baseline: str | None = None
    weight: Decimal | None = None
    targets: dict[str, str] = {}


class PublicPhase(Schema):
    description: str
    months: list[int] = []


class PublicObjective(Schema):
    unit: str
    number: int
    kind: str | None = None
    kind_label: str | None = None
    is_prerequisite: bool = False
    title: str
    description: str | None = None
    strategic_objective: str | None = None
    weight: Decimal | None = None
    first_year: int | None = None
    last_year: int | None = None
    indicators: list[PublicIndicator] = []
    phases: list[PublicPhase] = []


class PublicProcess(Schema):
    code: str
    area: str
    unit: str | None = None
    name: str
    description: str | None = None
    owner: str | None = None
    events: list[Any] = []


class PublicMeasure(Schema):
    kind: str
    general_measure: str | None = None
    measure_type: str | None = None
    process: str | None = None
    title: str
    description: str | None = None
    owner_unit: str | None = None
    deadline: date | None = None
    indicator: str | None = None
    target: str | None = None
    status: str | None = None


class PublicDuty(Schema):
    duty: str
    duty_name: str
    section: str
    producing_unit: str | None = None
    publishing_unit: str | None = None
    page_url: str | None = None
    not_applicable: bool = False
    not_applicable_reason: str | None = None


class StaffingLine(Schema):
    unit: str | None = None
    area: str | None = None
    old_category: str | None = None
    profile: str | None = None
    job_title: str | None = None
    count: int


def _versions(org: str):
    """The latest frozen version of each published plan of the ente (404 for an unknown ente)."""
    organization = get_object_or_404(Organization, slug=org)
    plans = Plan.objects.filter(organization=organization, status__in=PUBLISHED).annotate(
        latest=Max("frozen_versions__number")
    )
    latest = {p.pk: p.latest for p in plans if p.latest}
    versions = PlanVersion.objects.filter(plan__in=latest.keys()).select_related("plan")
    return [v for v in versions if latest[v.plan_id] == v.number]


def _document(org: str, year: int) -> dict:
    for version in _versions(org):
        if version.plan.first_year == year:
            return json.loads(version.read("data"))
    raise Http404("Piano non pubblicato.")


@router.get(ENTE, response=list[PublishedPlan], summary="Piani pubblicati dell'ente")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def published_plans(request, org: str):
    return [
        {
            "year": v.plan.first_year,
            "last_year": v.plan.first_year + 2,
            "kind": v.plan.kind,
            "title": v.plan.display_title,
            "status": v.plan.status,
            "version": v.number,
            "resolution_number": v.resolution_number,
            "resolution_date": v.resolution_date,
            "json_sha256": v.json_sha256,
            "pdf_sha256": v.pdf_sha256,
        }
        for v in sorted(_versions(org), key=lambda v: v.plan.first_year, reverse=True)
    ]


@router.get(
    PLAN + "/obiettivi", response=list[PublicObjective], summary="Obiettivi, indicatori e valori attesi"
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def public_objectives(request, org: str, year: int):
    return _document(org, year).get("objectives", [])


@router.get(PLAN + "/rischi/processi", response=list[PublicProcess], summary="Processi e rischi mappati")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def public_processes(request, org: str, year: int):
    return _document(org, year).get("risk_processes", [])


@router.get(PLAN + "/rischi/misure", response=list[PublicMeasure], summary="Misure di prevenzione")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def public_measures(request, org: str, year: int):
    return _document(org, year).get("risk_measures", [])


@router.get(PLAN + "/trasparenza/obblighi", response=list[PublicDuty], summary="Obblighi di pubblicazione")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def public_duties(request, org: str, year: int):
    rows = _document(org, year).get("transparency_map", [])
    duties = {
        d.key: d for d in Duty.objects.filter(key__in=[r["duty"] for r in rows]).select_related("section")
    }
    return [
        {**row, "duty_name": duties[row["duty"]].name, "section": duties[row["duty"]].section.code}
        for row in rows
        if row["duty"] in duties
    ]


@router.get(PLAN + "/personale", response=list[StaffingLine], summary="Dotazione organica (sintesi)")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def public_staffing(request, org: str, year: int):
    headcount = (_document(org, year).get("human_capital") or {}).get("headcount") or {}
    return [
        {"unit": block.get("unit"), **line}
        for block in headcount.get("dotazione_organica", [])
        for line in block.get("lines", [])
    ]
