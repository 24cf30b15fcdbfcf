"""The public pages (no login) and the ente's page of publication settings.

Every public view reads through `selectors.published_versions` (adopted, frozen versions only;
404 for anything else) and answers conditional requests: the ETag is the frozen data's SHA-256
with the number of versions and the licence, Last-Modified the latest adoption, so a browser or
a proxy asks again cheaply and gets 304 while nothing was adopted.
"""

import csv
import io
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from openpiao.core.forms import save_settings_form
from openpiao.organizations.access import organization_view
from openpiao.organizations.models import Role

from . import dcat, portal_package, selectors
from .datasets import BY_SLUG, DATASETS, csv_value
from .forms import PublicationSettingsForm
from .models import PublicationSettings
from .services import save_settings

# Public pages change only at an adoption: a proxy may keep them a few minutes.
public = cache_control(public=True, max_age=300)
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _published(request, org, year, number=None) -> selectors.Published:
    """The published plan of the address, read once per request (the ETag and the page share it),
    with the Relazione sulla performance in force, which its page lists."""
    key = (org, year, number)
    if getattr(request, "_published_key", None) != key:
        request._published = selectors.published_versions(org, year, number)
        request._published_licence = selectors.licence_of(request._published.organization)
        request._published_relazione = selectors.current_relazione(request._published.plan)
        request._published_key = key
    return request._published


def _etag(request, org, year, number=None, **kwargs) -> str:
    published = _published(request, org, year, number)
    relazione = request._published_relazione
    return (
        f"{published.version.json_sha256[:32]}-{published.latest.number}-"
        f"{request._published_licence.code}-{relazione.pdf_sha256[:16] if relazione else 'nr'}-"
        f"{'-'.join(f'{k}={v}' for k, v in sorted(kwargs.items()))}"
    )


def _last_modified(request, org, year, number=None, **kwargs):
    published = _published(request, org, year, number)
    relazione = request._published_relazione
    dates = [published.latest.created_at, *([relazione.validated_at] if relazione else [])]
    return max(dates)


def _relazione(request, org, year):
    """The validated Relazione of the address, read once per request (404 if none)."""
    if getattr(request, "_relazione_key", None) != (org, year):
        request._relazione = selectors.validated_relazione(org, year)
        request._relazione_key = (org, year)
    return request._relazione


validated_relazione = condition(
    etag_func=lambda request, org, year, fmt: getattr(_relazione(request, org, year), f"{fmt}_sha256", None),
    last_modified_func=lambda request, org, year, fmt: _relazione(request, org, year).validated_at,
)


published_plan = condition(etag_func=_etag, last_modified_func=_last_modified)


def _latest_publication(request, org=None):
    """When anything (of the ente `org`, or of any ente) was last adopted."""
    return selectors.latest_publication(org)


@require_safe
@public
@condition(last_modified_func=_latest_publication)
def index(request):
    return render(
        request, "publication/index.html", {"organizations": list(selectors.published_organizations())}
    )


@require_safe
@public
@condition(last_modified_func=_latest_publication)
def organization(request, org):
    organization = selectors.organization_with_publications(org)
    return render(
        request,
        "publication/organization.html",
        {
            "organization": organization,
            "plans": list(selectors.published_plans(organization)),
            "licence": selectors.licence_of(organization),
        },
    )


def _plan_context(request, published: selectors.Published) -> dict:
    source = selectors.source_for(published)
    tables = {dataset.slug: dataset.table(source) for dataset in DATASETS}
    indicators: dict[tuple, list] = {}
    for row in tables["indicatori"]:
        indicators.setdefault((row["codice_unita"], row["numero_obiettivo"]), []).append(row)
    objectives = [
        {**row, "indicators": indicators.get((row["codice_unita"], row["numero"]), [])}
        for row in tables["obiettivi"]
    ]
    return {
        "published": published,
        "organization": published.organization,
        "plan": published.plan,
        "version": published.version,
        "is_latest": published.version.number == published.latest.number,
        "objectives": objectives,
        "tables": tables,
        "risk_processes": tables["processi-rischio"],
        "risk_measures": tables["misure-rischio"],
        "transparency": tables["obblighi-trasparenza"],
        "staffing": tables["personale"],
        "hires": tables["assunzioni"],
        "staff_total": sum(row["dipendenti"] or 0 for row in tables["personale"]),
        "licence": request._published_licence,
        "relazione": request._published_relazione,
        "datasets": [(dataset, len(tables[dataset.slug])) for dataset in DATASETS],
    }


@require_safe
@public
@published_plan
def plan(request, org, year, number=None):
    published = _published(request, org, year, number)
    return render(request, "publication/plan.html", _plan_context(request, published))


@require_safe
@public
@published_plan
def data_dictionary(request, org, year, number=None):
    published = _published(request, org, year, number)
    return render(request, "publication/datasets.html", _plan_context(request, published))


@require_safe
@public
@published_plan
def document(request, org, year, fmt, number=None):
    if fmt not in FILE_TYPES:
        raise Http404("Formato non disponibile.")
    published = _published(request, org, year, number)
    version = published.version
    response = HttpResponse(selectors.version_file(version, fmt), content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_file_name(published)}.{fmt}"'
    return response


@require_safe
@public
@validated_relazione
def relazione(request, org, year, fmt):
    """The Relazione sulla performance as the Nucleo validated it, frozen at the validation:
    the public print (individual scores only as a distribution)."""
    if fmt not in FILE_TYPES:
        raise Http404("Formato non disponibile.")
    validation = _relazione(request, org, year)
    plan = validation.plan
    response = HttpResponse(validation.read(fmt), content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{org}-relazione-performance-{plan.reference_year}.{fmt}"'
    )
    return response


def _file_name(published: selectors.Published) -> str:
    plan = published.plan
    return f"{published.organization.slug}-{plan.kind}-{plan.triennium}-v{published.version.number}"


@require_safe
@public
@published_plan
def dataset(request, org, year, slug, fmt, number=None):
    if slug not in BY_SLUG or fmt not in ("csv", "json"):
        raise Http404("Insieme di dati non trovato.")
    published = _published(request, org, year, number)
    chosen = BY_SLUG[slug]
    rows = chosen.table(selectors.source_for(published))
    name = f"{published.organization.slug}-piao-{published.plan.first_year}-{slug}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in chosen.columns])
        writer.writerows([[csv_value(row[c.name]) for c in chosen.columns] for row in rows])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        licence = request._published_licence
        payload = {
            "dataset": chosen.title,
            "ente": published.organization.name,
            "piano": published.plan.display_title,
            "versione": published.version.number,
            "delibera": {
                "numero": published.version.resolution_number,
                "data": published.version.resolution_date.isoformat(),
            },
            "licenza": {"nome": licence.name, "uri": licence.uri, "testo": licence.url},
            "dizionario": [
                {"colonna": c.name, "descrizione": c.description, "tipo": c.type} for c in chosen.columns
            ],
            "righe": rows,
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response


CATALOGUE_FORMATS = {"rdf": ("xml", "application/rdf+xml"), "jsonld": ("json-ld", "application/ld+json")}


@require_safe
@public
def catalogue(request, org, fmt):
    if fmt not in CATALOGUE_FORMATS:
        raise Http404("Formato non disponibile.")
    organization = selectors.organization_with_publications(org)
    plans = []
    for published in selectors.published_of(organization):
        plan = published.plan
        landing = request.build_absolute_uri(reverse("publication:plan", args=[org, plan.first_year]))
        urls = {
            (d.slug, f): request.build_absolute_uri(
                reverse("publication:dataset", args=[org, plan.first_year, d.slug, f])
            )
            for d in DATASETS
            for f in ("csv", "json")
        }
        plans.append(
            dcat.PlanEntry(
                title=f"{plan.display_title} — {organization.name}",
                year=plan.first_year,
                last_year=plan.last_year,
                issued=published.versions[-1].resolution_date,
                modified=published.latest.created_at,
                landing_page=landing,
                dataset_url=urls,
            )
        )
    graph = dcat.catalogue_graph(
        catalogue_uri=request.build_absolute_uri(reverse("publication:catalogue", args=[org, "rdf"])),
        publisher=dcat.Publisher(
            name=organization.name,
            identifier=organization.ipa_code or organization.tax_code or organization.slug,
            email=organization.pec or organization.email,
            homepage=organization.website,
        ),
        homepage=request.build_absolute_uri(reverse("publication:organization", args=[org])),
        licence=selectors.licence_of(organization),
        plans=plans,
        datasets=DATASETS,
    )
    serializer, content_type = CATALOGUE_FORMATS[fmt]
    return HttpResponse(graph.serialize(format=serializer), content_type=f"{content_type}; charset=utf-8")


@require_safe
@public
@published_plan
def portal_instructions(request, org, year):
    published = _published(request, org, year)
    return render(
        request,
        "publication/portal.html",
        {
            "published": published,
            "plan": published.plan,
            "organization": published.organization,
            "version": published.version,
        },
    )


@require_safe
@public
@published_plan
def portal_zip(request, org, year):
    published = _published(request, org, year)
    version, plan, organization = published.version, published.plan, published.organization
    adoption = portal_package.AdoptionData(
        organization=organization.name,
        tax_code=organization.tax_code,
        ipa_code=organization.ipa_code,
        plan_title=plan.display_title,
        triennium=plan.triennium,
        resolution_number=version.resolution_number,
        resolution_date=f"{version.resolution_date:%d/%m/%Y}",
        version=version.number,
        pdf_sha256=version.pdf_sha256,
        docx_sha256=version.docx_sha256,
        json_sha256=version.json_sha256,
        public_page=request.build_absolute_uri(reverse("publication:plan", args=[org, year])),
    )
    content = portal_package.package(
        pdf=selectors.version_file(version, "pdf"),
        pdf_name=f"{_file_name(published)}.pdf",
        adoption=adoption,
        source=selectors.source_for(published),
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(published)}-portale-piao.zip"'
    return response


@organization_view(roles=[Role.ADMIN])
def settings_edit(request):
    """The administrator chooses the licence of the ente's open data."""
    instance = PublicationSettings.objects.filter(organization=request.organization).first()
    instance = instance or PublicationSettings(organization=request.organization)
    form = PublicationSettingsForm(request.POST or None, instance=instance)
    saved, _ = save_settings_form(
        form, instance, save_settings, organization=request.organization, user=request.user
    )
    if saved:
        messages.success(request, "Licenza dei dati aperti salvata.")
        return redirect("publication:settings", request.organization.slug)
    return render(
        request,
        "publication/settings.html",
        {
            "form": form,
            "plans": list(selectors.published_plans(request.organization)),
        },
    )
