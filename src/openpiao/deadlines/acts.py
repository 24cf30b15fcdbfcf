"""The dates that an act sets every year, from reference_data/scadenze_atti_annuali.yaml."""

from datetime import date
from functools import cache

from openpiao.core.catalogues import Table, read_catalogue

from .rules import Act, YearlyActs

CATALOGUE = "scadenze_atti_annuali.yaml"
TABLES = ("budget_deferrals", "rpct_reports", "oiv_attestations")


def _act(row: dict) -> Act:
    survey = row.get("survey_date")
    return Act(
        deadline=date.fromisoformat(row["deadline"]),
        act=row["act"],
        url=row.get("url", ""),
        survey_date=date.fromisoformat(survey) if survey else None,
    )


@cache
def yearly_acts() -> YearlyActs:
    data = read_catalogue(CATALOGUE, *(Table(name, "year") for name in TABLES))
    return YearlyActs(**{name: {row["year"]: _act(row) for row in data[name]} for name in TABLES})
