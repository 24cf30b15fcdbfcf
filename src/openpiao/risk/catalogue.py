"""National catalogues of the risk register, upserted from src/openpiao/reference_data
(core.catalogues, matched on their codes):

- aree_rischio_pna.yaml → RiskArea (the L16* areas are those art. 6 DM 132/2022 requires of
  enti with fewer than 50 employees);
- indicatori_rischio_pna2019.yaml → RiskIndicator (rows of type "indicatore");
- misure_generali.yaml → GeneralMeasure;
- rischi_mappa_tipo_comuni.yaml → MeasureType and ProcessTemplate (the starter map).
A catalogue may have several editions (core.rulebook: the PNA 2025 measures and starter map
govern the plans from 2027-2029): every edition is loaded, older first, so the tables hold the
rows of all of them with the newest wording, and a plan offers the rows of its own edition
(`starter_codes`). The newest version is recorded in RiskCatalogue. Run after every `migrate`
(post_migrate) and by `manage.py load_risk_catalogue`, so a new version of a file is a data change,
not a migration.
"""

from functools import cache

from django.db import transaction

from openpiao.core import rulebook
from openpiao.core.catalogues import Table, read_catalogue, record_version, upsert

from .numeric import Criterion

AREAS_FILE = "aree_rischio_pna.yaml"
INDICATORS_FILE = "indicatori_rischio_pna2019.yaml"
GENERAL_MEASURES_FILE = "misure_generali.yaml"
STARTER_MAP_FILE = "rischi_mappa_tipo_comuni.yaml"
STARTER_MAP_KEY = "rischi-mappa-tipo-comuni"
GENERAL_MEASURES_KEY = "misure-generali"
NUMERIC_FILE = "pna2013_allegato5_valutazione_rischio.yaml"


def read_areas() -> dict:
    return read_catalogue(AREAS_FILE, Table("areas", "codice_app"))


def read_indicators() -> dict:
    return read_catalogue(INDICATORS_FILE, Table("indicators", "codice_app"))


def read_general_measures(file: str = GENERAL_MEASURES_FILE) -> dict:
    return read_catalogue(file, Table("measures", "codice_app"))


def read_starter_map(file: str = STARTER_MAP_FILE) -> dict:
    return read_catalogue(file, Table("measure_types", "code"), Table("processes", "code"))


def _files(key: str) -> list[str]:
    """The files of every edition of `key`, older first."""
    return [edition.file for edition in rulebook.editions_of(key)]


def _edition_file(key: str, versions: dict[str, str]) -> str:
    found = rulebook.edition(key, versions.get(key, "")) or rulebook.latest(key)
    return found.file


def starter_codes(versions: dict[str, str]) -> list[str]:
    """The codes of the starter map's processes in the edition a plan follows (`versions`)."""
    return [row["code"] for row in read_starter_map(_edition_file(STARTER_MAP_KEY, versions))["processes"]]


def general_measure_codes(versions: dict[str, str]) -> list[str]:
    """The codes of the general measures in the edition a plan follows."""
    data = read_general_measures(_edition_file(GENERAL_MEASURES_KEY, versions))
    return [row["codice_app"] for row in data["measures"]]


@cache
def numeric_criteria() -> tuple[tuple[Criterion, ...], str]:
    """The criteria of the numeric method (PNA 2013, Allegato 5) and their norm, read once."""
    data = read_catalogue(NUMERIC_FILE, Table("criteria", "codice"))
    criteria = tuple(
        Criterion(
            code=row["codice"],
            dimension=row["dimensione"],
            name=row["nome"],
            question=row["domanda"],
            answers=tuple((int(a["valore"]), a["risposta"]) for a in row["valori"]),
        )
        for row in data["criteria"]
    )
    return criteria, data["norm"]


@transaction.atomic
def load_risk_catalogues() -> dict[str, int]:
    from .models import GeneralMeasure, MeasureType, ProcessTemplate, RiskArea, RiskCatalogue, RiskIndicator

    area_file = read_areas()
    areas = upsert(
        RiskArea,
        area_file["areas"],
        key="codice_app",
        values=lambda row, order: {
            "name": row["area"],
            "kind": row["tipologia"],
            "scope": row["ambito"],
            "previous_name": row["denominazione_precedente"],
            "mandatory_for_small": row["codice_app"].startswith("L16"),
            "order": order,
        },
    )
    indicator_file = read_indicators()
    indicators = [row for row in indicator_file["indicators"] if row["tipo"] == "indicatore"]
    upsert(
        RiskIndicator,
        indicators,
        key="codice_app",
        match={"organization": None},
        values=lambda row, order: {
            "name": row["nome"],
            "description": row["significato_sintetico"],
            "order": order,
        },
    )
    general = {}
    for file in _files(GENERAL_MEASURES_KEY):
        measure_file = read_general_measures(file)
        general |= upsert(
            GeneralMeasure,
            measure_file["measures"],
            key="codice_app",
            values=lambda row, order: {
                "name": row["misura"],
                "legal_reference": row["riferimento_normativo"],
            },
        )
    processes = {}
    for file in _files(STARTER_MAP_KEY):
        starter = read_starter_map(file)
        upsert(
            MeasureType,
            starter["measure_types"],
            key="code",
            values=lambda row, order: {"name": row["name"], "order": order},
        )
        processes |= _upsert_processes(starter, areas)
    ProcessTemplate.objects.exclude(code__in=list(processes)).delete()
    for catalogue in (area_file, indicator_file, measure_file, starter):
        record_version(RiskCatalogue, catalogue)
    return {
        "aree": len(areas),
        "indicatori": len(indicators),
        "misure generali": len(general),
        "tipologie di misura": len(starter["measure_types"]),
        "processi della mappa tipo": len(processes),
    }


def _upsert_processes(starter: dict, areas: dict) -> dict:
    from .models import ProcessTemplate

    return upsert(
        ProcessTemplate,
        starter["processes"],
        key="code",
        values=lambda row, order: {
            "area": areas[row["area"]],
            "name": row["name"],
            "unit_hint": row.get("unit_hint", ""),
            "input": row.get("input", ""),
            "activities": row.get("activities", ""),
            "output": row.get("output", ""),
            "public_value": row.get("public_value", False),
            "events": row.get("events", []),
            "measures": row.get("measures", []),
            "catalogue_version": starter["version"],
            "order": order,
        },
    )


def rpct_report_due() -> dict:
    """The norm's due date of the Relazione annuale del RPCT ({month, day} and norm)."""
    starter = read_starter_map()["rpct_report"]
    return {**starter["due"], "norm": starter["norm"]}


def load_catalogue(sender, **kwargs) -> None:
    """post_migrate receiver: keep the catalogues in step with the reference files."""
    load_risk_catalogues()
