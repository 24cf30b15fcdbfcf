"""National catalogues of the risk register, upserted from src/openpiao/reference_data.

- aree_rischio_pna.csv → RiskArea (the L16* areas are those art. 6 DM 132/2022 requires of
  enti with fewer than 50 employees);
- indicatori_rischio_pna2019.csv → RiskIndicator (rows of type "indicatore");
- misure_generali.csv → GeneralMeasure;
- rischi_mappa_tipo_comuni.yaml → MeasureType and ProcessTemplate (the starter map), with the
  catalogue's version and source in RiskCatalogue.
Run after every `migrate` (post_migrate) and by `manage.py load_risk_catalogue`, so a new
version of a file is a data change, not a migration. Rows are matched on their codes.
"""

import csv
from functools import cache

from django.conf import settings
from django.db import transaction

from openpiao.core import yamlfiles

AREAS_FILE = "aree_rischio_pna.csv"
INDICATORS_FILE = "indicatori_rischio_pna2019.csv"
GENERAL_MEASURES_FILE = "misure_generali.csv"
STARTER_MAP_FILE = "rischi_mappa_tipo_comuni.yaml"
STARTER_MAP_KEY = "rischi-mappa-tipo-comuni"


def _csv(name: str) -> list[dict]:
    with open(settings.REFERENCE_DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache  # read once per process: the RPCT report's page asks it for the due date on every view
def read_starter_map() -> dict:
    with open(settings.REFERENCE_DATA_DIR / STARTER_MAP_FILE, encoding="utf-8") as handle:
        return yamlfiles.load(handle)


@transaction.atomic
def load_risk_catalogues() -> dict[str, int]:
    from .models import GeneralMeasure, MeasureType, ProcessTemplate, RiskArea, RiskCatalogue, RiskIndicator

    areas = {}
    for order, row in enumerate(_csv(AREAS_FILE), start=1):
        areas[row["codice_app"]], _ = RiskArea.objects.update_or_create(
            code=row["codice_app"],
            defaults={
                "name": row["area"],
                "kind": row["tipologia"],
                "scope": row["ambito"],
                "previous_name": row["denominazione_precedente"],
                "mandatory_for_small": row["codice_app"].startswith("L16"),
                "order": order,
            },
        )
    indicators = [row for row in _csv(INDICATORS_FILE) if row["tipo"] == "indicatore"]
    for order, row in enumerate(indicators, start=1):
        RiskIndicator.objects.update_or_create(
            organization=None,
            code=row["codice_app"],
            defaults={"name": row["nome"], "description": row["significato_sintetico"], "order": order},
        )
    general = _csv(GENERAL_MEASURES_FILE)
    for row in general:
        GeneralMeasure.objects.update_or_create(
            code=row["codice_app"],
            defaults={"name": row["misura"], "legal_reference": row["riferimento_normativo"]},
        )
    starter = read_starter_map()
    for order, row in enumerate(starter["measure_types"], start=1):
        MeasureType.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "order": order})
    for order, row in enumerate(starter["processes"], start=1):
        ProcessTemplate.objects.update_or_create(
            code=row["code"],
            defaults={
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
    ProcessTemplate.objects.exclude(code__in=[row["code"] for row in starter["processes"]]).delete()
    RiskCatalogue.objects.update_or_create(
        key=STARTER_MAP_KEY,
        defaults={
            "title": starter["title"],
            "version": starter["version"],
            "source": " ".join(starter["source"].split()),
            "license": starter.get("license", ""),
        },
    )
    return {
        "aree": len(areas),
        "indicatori": len(indicators),
        "misure generali": len(general),
        "tipologie di misura": len(starter["measure_types"]),
        "processi della mappa tipo": len(starter["processes"]),
    }


def rpct_report_due() -> dict:
    """The norm's due date of the Relazione annuale del RPCT ({month, day} and norm)."""
    starter = read_starter_map()["rpct_report"]
    return {**starter["due"], "norm": starter["norm"]}


def load_catalogue(sender, **kwargs) -> None:
    """post_migrate receiver: keep the catalogues in step with the reference files."""
    load_risk_catalogues()
