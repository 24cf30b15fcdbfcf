"""Starter content of sottosezione 2.3 for a small comune (Aggiornamento 2024 al PNA 2022, delib.
ANAC n. 31/2025): who qualifies, and the processes and general measures to seed, read from
pna2024_piccoli_comuni.yaml. Plain functions: the service writes them (services.seed_small_comune).
"""

from dataclasses import dataclass

from openpiao.core.catalogues import Table, read_catalogue
from openpiao.core.formatting import it_number

FILE = "pna2024_piccoli_comuni.yaml"


def catalogue() -> dict:
    return read_catalogue(FILE, Table("misure_generali", "codice_app"), Table("aree", "codice_app"))


@dataclass(frozen=True)
class Eligibility:
    qualifies: bool
    reason: str  # in Italian, with the figures and the norm


def eligibility(*, year: int | None, inhabitants: int | None, employees: int | None) -> Eligibility:
    """Whether an ente with these figures at 31/12 of `year` is a small comune for the update."""
    rule = catalogue()["requisiti"]
    population, staff = rule["abitanti_meno_di"], rule["dipendenti_meno_di"]
    if inhabitants is None or employees is None:
        return Eligibility(False, "La scheda anagrafica non riporta abitanti e dipendenti al 31/12.")
    qualifies = inhabitants < population and employees < staff
    verdict = "rientra" if qualifies else "non rientra"
    return Eligibility(
        qualifies,
        f"Al 31/12/{year} l'ente ha {it_number(inhabitants)} abitanti e {employees} dipendenti: {verdict} "
        f"tra i comuni con meno di {it_number(population)} abitanti e meno di {staff} dipendenti "
        f"({rule['norma']}).",
    )


def area_codes() -> list[str]:
    return [row["codice_app"] for row in catalogue()["aree"]]


def general_measure_codes() -> list[str]:
    return [row["codice_app"] for row in catalogue()["misure_generali"]]
