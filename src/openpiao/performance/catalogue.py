"""Missions and programmes of the budget (d.lgs. 118/2011, allegato 14) from reference data.

Upserted by code after every `migrate`, so a corrected CSV is a data change, not a migration.
A programme's four-digit code is its mission's two digits followed by its own (0101 = mission
01, programme 01): a row that breaks that rule is a typo in the file and stops the load.
"""

import csv

from django.conf import settings

CATALOGUE_FILE = "missioni_programmi_bilancio.csv"


def read_catalogue() -> list[dict]:
    with open(settings.REFERENCE_DATA_DIR / CATALOGUE_FILE, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["livello"] == "programma" and not (
            len(row["codice"]) == 4 and row["codice"].startswith(row["codice_missione"])
        ):
            raise ValueError(
                f"{CATALOGUE_FILE}: il programma {row['codice']} non appartiene "
                f"alla missione {row['codice_missione']}."
            )
    return rows


def load_missions_and_programmes() -> tuple[int, int]:
    from .models import Mission, Programme

    rows = read_catalogue()
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
