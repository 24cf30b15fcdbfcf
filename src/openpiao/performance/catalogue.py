"""Missions and programmes of the budget (d.lgs. 118/2011, allegato 14) from reference data.

Upserted by code after every `migrate` (core.catalogues), so a corrected file is a data change,
not a migration; the version loaded is recorded in BudgetCatalogue. A programme's four-digit
code is its mission's two digits followed by its own (0101 = mission 01, programme 01): a row
that breaks that rule is a typo in the file and stops the load.
"""

from openpiao.core import catalogues
from openpiao.core.catalogues import CatalogueError, Table, record_version, upsert

CATALOGUE_FILE = "missioni_programmi_bilancio.yaml"


def read_catalogue() -> list[dict]:
    """The rows of the catalogue (missions and programmes), checked."""
    rows = catalogues.read_catalogue(CATALOGUE_FILE, Table("rows", "codice"))["rows"]
    for row in rows:
        if row["livello"] == "programma" and not (
            len(row["codice"]) == 4 and row["codice"].startswith(row["codice_missione"])
        ):
            raise CatalogueError(
                f"{CATALOGUE_FILE}: il programma {row['codice']} non appartiene "
                f"alla missione {row['codice_missione']}."
            )
    return rows


def load_missions_and_programmes() -> tuple[int, int]:
    from .models import BudgetCatalogue, Mission, Programme

    rows = read_catalogue()
    missions = upsert(
        Mission,
        [row for row in rows if row["livello"] == "missione"],
        key="codice",
        values=lambda row, _: {"name": row["denominazione"]},
    )
    programmes = upsert(
        Programme,
        [row for row in rows if row["livello"] == "programma"],
        key="codice",
        values=lambda row, _: {"name": row["denominazione"], "mission": missions[row["codice_missione"]]},
    )
    record_version(BudgetCatalogue, catalogues.read_catalogue(CATALOGUE_FILE))
    return len(missions), len(programmes)


def load_catalogue(sender, **kwargs) -> None:
    """post_migrate receiver: keep the catalogue in step with the reference file."""
    load_missions_and_programmes()
