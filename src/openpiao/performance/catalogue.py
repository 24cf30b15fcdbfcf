"""Missions and programmes of the budget (d.lgs. 118/2011, allegato 14) from reference data.

Upserted by code after every `migrate`, so a corrected CSV is a data change, not a migration.
"""

import csv

from django.conf import settings

CATALOGUE_FILE = "missioni_programmi_bilancio.csv"


def load_missions_and_programmes() -> tuple[int, int]:
    from .models import Mission, Programme

    with open(settings.REFERENCE_DATA_DIR / CATALOGUE_FILE, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missions = {}
    for row in rows:
        if row["livello"] == "missione":
            missions[row["codice"]], _ = Mission.objects.update_or_create(
                code=row["codice"], defaults={"name": row["denominazione"]}
            )
    programmes = 0
    for row in rows:
        if row["livello"] == "programma":
            Programme.objects.update_or_create(
                code=row["codice"],
                defaults={"name": row["denominazione"], "mission": missions[row["codice_missione"]]},
            )
            programmes += 1
    return len(missions), programmes


def load_catalogue(sender, **kwargs) -> None:
    """post_migrate receiver: keep the catalogue in step with the reference file."""
    load_missions_and_programmes()
