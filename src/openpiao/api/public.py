"""Public read endpoints: the published plans of an ente and their open datasets, the same rows
as the CSV and JSON files of the public pages (`publication.datasets`: a closed list of columns
per dataset, its data dictionary) read from the same frozen version through the same door
(`publication.selectors.published_versions`), so the API and the files can never disagree and
nothing reaches the API that no column names."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import create_model

from openpiao.publication import selectors
from openpiao.publication.datasets import DATASETS, Dataset

router = Router(tags=["Piani pubblicati"])
ENTE = "/pubblici/enti/{org}/piani"
DATA = ENTE + "/{year}/dati"
PAGE_SIZE = 50
# The data dictionary's types as JSON types; every value may be missing in an older document.
COLUMN_TYPES = {
    "testo": str,
    "URL": str,
    "intero": int,
    "decimale": Decimal,
    "data": date,
    "booleano": bool,
}


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


class ColumnOut(Schema):
    name: str
    description: str
    type: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    rows: int
    columns: list[ColumnOut]


@router.get(ENTE, response=list[PublishedPlan], summary="Piani pubblicati dell'ente")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def published_plans(request, org: str):
    """404 for an ente without a published plan, as for one that does not exist (the public
    pages answer the same)."""
    organization = selectors.organization_with_publications(org)
    return [
        {
            "year": p.plan.first_year,
            "last_year": p.plan.first_year + 2,
            "kind": p.plan.kind,
            "title": p.plan.display_title,
            "status": p.plan.status,
            "version": p.latest.number,
            "resolution_number": p.latest.resolution_number,
            "resolution_date": p.latest.resolution_date,
            "json_sha256": p.latest.json_sha256,
            "pdf_sha256": p.latest.pdf_sha256,
        }
        for p in selectors.published_of(organization)
    ]


def _source(org: str, year: int, version: int | None):
    return selectors.source_for(selectors.published_versions(org, year, version))


@router.get(DATA, response=list[DatasetOut], summary="Dati aperti del piano e loro dizionario")
def datasets(request, org: str, year: int, versione: int | None = None):
    source = _source(org, year, versione)
    return [
        {
            "slug": d.slug,
            "title": d.title,
            "description": d.description,
            "rows": len(d.table(source)),
            "columns": [vars(c) for c in d.columns],
        }
        for d in DATASETS
    ]


def _row_schema(dataset: Dataset) -> type[Schema]:
    fields = {c.name: (COLUMN_TYPES[c.type] | None, None) for c in dataset.columns}
    name = "".join(part.capitalize() for part in dataset.slug.split("-"))
    return create_model(f"Riga{name}", __base__=Schema, **fields)


def _add_dataset_route(dataset: Dataset) -> None:
    def rows(request, org: str, year: int, versione: int | None = None):
        return dataset.table(_source(org, year, versione))

    # The view's name gives the OpenAPI operation id (openpiao_api_public_<name>).
    rows.__name__ = "dataset_" + dataset.slug.replace("-", "_")
    rows.__doc__ = dataset.description
    paginated = paginate(PageNumberPagination, page_size=PAGE_SIZE)(rows)
    route = router.get(f"{DATA}/{dataset.slug}", response=list[_row_schema(dataset)], summary=dataset.title)
    route(paginated)


for _dataset in DATASETS:
    _add_dataset_route(_dataset)
