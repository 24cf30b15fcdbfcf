"""The ente's catalogue of open data in the Italian profile DCAT-AP_IT, for harvesting.

One `dcatapit:Catalog` per ente, one `dcatapit:Dataset` per dataset of each published plan
(its latest version), each with two `dcatapit:Distribution`s (CSV and JSON), written with
rdflib as RDF/XML or JSON-LD. The properties follow the AgID «Linee guida per i cataloghi dati»
(profile DCAT-AP_IT, ontology http://dati.gov.it/onto/dcatapit): the catalogue's title,
description, publisher, modified date and datasets; each dataset's identifier («codice IPA:
identificativo»), title, description, theme (EU data-theme GOVE), rights holder and publisher
(`dcatapit:Agent` with the IPA code), modified and issued dates, update frequency (EU frequency
ANNUAL), temporal coverage (the triennium), language and contact point; each distribution's
format (EU file-type), access and download URL and licence (`dcatapit:LicenseDocument` with
its ADMS type, from the Italian vocabulary of licences).
"""

from dataclasses import dataclass
from datetime import date, datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .datasets import Dataset
from .licences import Licence

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
EU = "http://publications.europa.eu/resource/authority/"
THEME_GOVERNMENT = URIRef(EU + "data-theme/GOVE")  # Governo e settore pubblico
ANNUAL = URIRef(EU + "frequency/ANNUAL")  # the PIAO is updated every year (art. 6 DL 80/2021)
ITALIAN = URIRef(EU + "language/ITA")
FORMATS = {"csv": URIRef(EU + "file-type/CSV"), "json": URIRef(EU + "file-type/JSON")}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


@dataclass(frozen=True)
class Publisher:
    name: str
    identifier: str  # the IPA code (the profile's identifier of a PA), or the codice fiscale
    email: str
    homepage: str


@dataclass(frozen=True)
class PlanEntry:
    """A published plan in the catalogue: its latest version and where its files are."""

    title: str
    year: int  # first year of the triennium
    last_year: int
    issued: date  # the first adoption
    modified: datetime  # the latest version
    landing_page: str
    dataset_url: dict  # (dataset slug, "csv" | "json") → download URL


def catalogue_graph(
    *,
    catalogue_uri: str,
    publisher: Publisher,
    homepage: str,
    licence: Licence,
    plans: list[PlanEntry],
    datasets: tuple[Dataset, ...],
) -> Graph:
    graph = Graph()
    for prefix, namespace in (
        ("dcatapit", DCATAPIT),
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("schema", SCHEMA),
    ):
        graph.bind(prefix, namespace)
    catalogue = URIRef(catalogue_uri)
    agent = _agent(graph, publisher)
    contact = _contact(graph, publisher, catalogue_uri)
    licence_node = URIRef(licence.uri)
    graph.add((licence_node, RDF.type, DCATAPIT.LicenseDocument))
    graph.add((licence_node, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence_node, DCTERMS.type, URIRef(licence.adms_type)))
    graph.add((licence_node, FOAF.name, Literal(licence.name, lang="it")))

    modified = max((p.modified for p in plans), default=None)
    graph.add((catalogue, RDF.type, DCATAPIT.Catalog))
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(f"Dati aperti del PIAO — {publisher.name}", lang="it")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                f"I dati dei piani adottati da {publisher.name} (obiettivi, indicatori, rischi corruttivi, "
                "obblighi di trasparenza, personale), letti dalle versioni adottate.",
                lang="it",
            ),
        )
    )
    graph.add((catalogue, DCTERMS.publisher, agent))
    graph.add((catalogue, FOAF.homepage, URIRef(homepage)))
    graph.add((catalogue, DCTERMS.language, ITALIAN))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    if modified:
        graph.add((catalogue, DCTERMS.modified, Literal(modified.date(), datatype=XSD.date)))

    for plan in plans:
        for dataset in datasets:
            node = URIRef(f"{plan.landing_page}#{dataset.slug}")
            graph.add((catalogue, DCAT.dataset, node))
            _dataset(graph, node, plan, dataset, publisher, agent, contact, licence_node)
    return graph


def _agent(graph: Graph, publisher: Publisher) -> BNode:
    agent = BNode()
    graph.add((agent, RDF.type, DCATAPIT.Agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(publisher.name, lang="it")))
    graph.add((agent, DCTERMS.identifier, Literal(publisher.identifier)))
    return agent


def _contact(graph: Graph, publisher: Publisher, catalogue_uri: str) -> URIRef:
    contact = URIRef(f"{catalogue_uri}#punto-di-contatto")
    graph.add((contact, RDF.type, DCATAPIT.Organization))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(publisher.name)))
    if publisher.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))
    return contact


def _dataset(graph, node, plan: PlanEntry, dataset: Dataset, publisher, agent, contact, licence) -> None:
    graph.add((node, RDF.type, DCATAPIT.Dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(f"{publisher.identifier}:piao-{plan.year}-{dataset.slug}")))
    graph.add((node, DCTERMS.title, Literal(f"{dataset.title} — {plan.title}", lang="it")))
    graph.add((node, DCTERMS.description, Literal(dataset.description, lang="it")))
    graph.add((node, DCAT.theme, THEME_GOVERNMENT))
    graph.add((node, DCTERMS.rightsHolder, agent))
    graph.add((node, DCTERMS.publisher, agent))
    graph.add((node, DCTERMS.issued, Literal(plan.issued, datatype=XSD.date)))
    graph.add((node, DCTERMS.modified, Literal(plan.modified.date(), datatype=XSD.date)))
    graph.add((node, DCTERMS.accrualPeriodicity, ANNUAL))
    graph.add((node, DCTERMS.language, ITALIAN))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCAT.landingPage, URIRef(plan.landing_page)))
    for keyword in ("PIAO", "performance", "anticorruzione", "trasparenza"):
        graph.add((node, DCAT.keyword, Literal(keyword, lang="it")))
    period = BNode()
    graph.add((node, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, SCHEMA.startDate, Literal(date(plan.year, 1, 1), datatype=XSD.date)))
    graph.add((period, SCHEMA.endDate, Literal(date(plan.last_year, 12, 31), datatype=XSD.date)))
    for fmt, file_type in FORMATS.items():
        url = URIRef(plan.dataset_url[(dataset.slug, fmt)])
        distribution = URIRef(f"{url}#distribuzione")
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCATAPIT.Distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{dataset.title} ({fmt.upper()})", lang="it")))
        graph.add((distribution, DCTERMS.format, file_type))
        graph.add((distribution, DCAT.mediaType, Literal(MEDIA_TYPES[fmt])))
        graph.add((distribution, DCAT.accessURL, URIRef(plan.landing_page)))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCTERMS.license, licence))
