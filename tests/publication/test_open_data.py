"""The open datasets and their DCAT-AP_IT catalogue (issue 15 §2)."""

import csv
import io
import json

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from openpiao.publication.datasets import BY_SLUG, DATASETS, Source, csv_value
from openpiao.publication.dcat import DCATAPIT

DOCUMENT = {
    "units": [
        {"code": "seg", "name": "Segreteria", "head": "rossi", "head_label": ""},
        {"code": "tec", "name": "Area tecnica", "head": None, "head_label": "Segretario comunale"},
        {"code": "op", "name": "Operai", "head": "operai", "head_label": ""},
    ],
    "employees": [
        {"key": "rossi", "headcount": 1, "first_name": "Anna", "last_name": "Rossi", "hourly_cost": "31.77"},
        {"key": "operai", "headcount": 3, "first_name": "", "last_name": "", "hourly_cost": "22.10"},
        {
            "key": "bianchi",
            "headcount": 1,
            "first_name": "Carlo",
            "last_name": "Bianchi",
            "hourly_cost": "25.13",
        },
    ],
    "objectives": [
        {
            "unit": "seg",
            "number": 1,
            "title": "Sportello unico",
            "kind": "improvement",
            "weight": "40",
            "indicators": [
                {
                    "description": "Pratiche online",
                    "kind": "percentage",
                    "direction": "ge",
                    "targets": {"2026": "60%", "2025": "50%"},
                }
            ],
            "participations": [
                {"employee": "bianchi", "percent": "50", "hours": "137.25", "hourly_cost": "25.13"}
            ],
        }
    ],
    "human_capital": {
        "smart_working_summary": {"count": 1},
        "headcount": {"date": "2024-12-31", "dotazione_organica": []},
    },
    "access_requests": [{"subject": "Richiesta di Carlo Bianchi", "counterparties": "Carlo Bianchi"}],
}
LABELS = {
    "objective_kind": {"improvement": "Di miglioramento"},
    "indicator_kind": {"percentage": "Percentuale"},
    "direction": {"ge": "Almeno"},
}


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("seg", "Anna Rossi"),  # a person who heads the unit: named, as the printed plan does
        ("tec", "Segretario comunale"),  # a head who is no employee
        ("op", ""),  # a row counted by category heads nothing by name
        ("manca", ""),
        (None, ""),
    ],
)
def test_the_responsabile_is_named_as_the_plan_names_it(unit, expected):
    assert Source(DOCUMENT, LABELS).head_name(unit) == expected


def test_no_dataset_carries_what_it_has_no_column_for():
    """Participations, hourly costs, the smart-working summary and the registro degli accessi are
    in the frozen document; no dataset column reads them."""
    source = Source(DOCUMENT, LABELS)
    written = json.dumps([dataset.table(source) for dataset in DATASETS], ensure_ascii=False)
    for value in ("137.25", "25.13", "31.77", "22.10", "Carlo Bianchi", "Richiesta"):
        assert value not in written
    assert BY_SLUG["obiettivi"].table(source)[0]["responsabile"] == "Anna Rossi"


def test_indicators_are_one_row_per_year_in_order_with_italian_labels():
    rows = BY_SLUG["indicatori"].table(Source(DOCUMENT, LABELS))
    assert [(r["anno"], r["valore_atteso"], r["tipo"], r["verso"]) for r in rows] == [
        (2025, "50%", "Percentuale", "Almeno"),
        (2026, "60%", "Percentuale", "Almeno"),
    ]


def test_every_row_has_exactly_the_columns_of_the_dictionary():
    source = Source(DOCUMENT, LABELS)
    for dataset in DATASETS:
        names = [c.name for c in dataset.columns]
        assert len(names) == len(set(names)), dataset.slug
        assert all(list(row) == names for row in dataset.table(source)), dataset.slug
        assert all(
            c.description and c.type in {"testo", "intero", "decimale", "data", "booleano", "URL"}
            for c in dataset.columns
        )


@pytest.mark.parametrize(
    "value, written",
    [
        (None, ""),
        (True, "sì"),
        (False, "no"),
        (3, "3"),
        ("-5", "-5"),
        ("=SOMMA(A1)", "'=SOMMA(A1)"),
        ("+39 035", "'+39 035"),
        ("@utente", "'@utente"),
        ("Testo", "Testo"),
    ],
)
def test_csv_cells(value, written):
    assert csv_value(value) == written


@pytest.mark.django_db
def test_the_demo_datasets_and_their_row_counts(client):
    counts = {}
    for dataset in DATASETS:
        response = client.get(f"/pubblico/valdoria/2025/dati/{dataset.slug}.csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == [c.name for c in dataset.columns]
        data = json.loads(client.get(f"/pubblico/valdoria/2025/dati/{dataset.slug}.json").content)
        assert len(data["righe"]) == len(rows) - 1
        assert [d["colonna"] for d in data["dizionario"]] == rows[0]
        counts[dataset.slug] = len(rows) - 1
    print("righe per insieme di dati (Valdoria, PIAO 2025-2027):", counts)
    assert counts["obiettivi"] == 8 and all(
        counts[s] > 0
        for s in ("indicatori", "processi-rischio", "misure-rischio", "obblighi-trasparenza", "personale")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt, parser", [("rdf", "xml"), ("jsonld", "json-ld")])
def test_the_catalogue_follows_dcat_ap_it(client, fmt, parser):
    """Every class of the profile the harvester needs, with its mandatory properties."""
    response = client.get(f"/pubblico/valdoria/catalogo.{fmt}", HTTP_HOST="127.0.0.1")
    graph = Graph().parse(data=response.content, format=parser)
    catalogues = list(graph.subjects(RDF.type, DCATAPIT.Catalog))
    assert len(catalogues) == 1
    catalogue = catalogues[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.modified, FOAF.homepage):
        assert graph.value(catalogue, prop) is not None, prop
    datasets = list(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        assert (dataset, RDF.type, DCATAPIT.Dataset) in graph
        for prop in (
            DCTERMS.identifier,
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.modified,
            DCAT.theme,
            DCTERMS.rightsHolder,
            DCTERMS.accrualPeriodicity,
            DCAT.contactPoint,
        ):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        assert (graph.value(dataset, DCTERMS.rightsHolder), RDF.type, DCATAPIT.Agent) in graph
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == 2
        for distribution in distributions:
            assert (distribution, RDF.type, DCATAPIT.Distribution) in graph
            licence = graph.value(distribution, DCTERMS.license)
            assert str(licence).endswith("A21_CCBY40")  # CC BY 4.0 when the ente chose nothing
            assert (licence, RDF.type, DCATAPIT.LicenseDocument) in graph
            download = str(graph.value(distribution, DCAT.downloadURL))
            assert download.startswith("http://127.0.0.1/pubblico/valdoria/2025/dati/")
            assert client.get(download.removeprefix("http://127.0.0.1")).status_code == 200
