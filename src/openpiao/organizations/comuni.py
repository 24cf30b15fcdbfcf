"""The ISTAT list of comuni (reference_data/comuni_istat.yaml, CC BY 3.0 IT): the picker the
service operator creates an ente from. Read once per process, searched in memory."""

import unicodedata
from dataclasses import dataclass
from functools import cache

from openpiao.core.catalogues import Table, read_catalogue

COMUNI_FILE = "comuni_istat.yaml"
ISTAT_CREDIT = "Elenco dei comuni: ISTAT, licenza CC BY 3.0 IT"
CENSUS_YEAR = 2011


@dataclass(frozen=True)
class Comune:
    istat_code: str
    name: str
    province: str  # sigla
    province_name: str
    region: str
    cadastral_code: str
    census_population: int  # legal population at the 2011 census, not the figure at 31/12

    @property
    def official_name(self) -> str:
        return f"Comune di {self.name}"


def _folded(text: str) -> str:
    """Lower case without accents or apostrophes: «agliè» and «Aglie» match, «Albiano d'Ivrea»
    and «albiano divrea» too."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum() or c == " ")


@cache
def comuni() -> dict[str, Comune]:
    """Every comune by ISTAT code."""
    data = read_catalogue(COMUNI_FILE, Table("comuni", "codice_istat"))
    return {
        row["codice_istat"]: Comune(
            istat_code=row["codice_istat"],
            name=row["denominazione"],
            province=row["sigla_provincia"],
            province_name=row["provincia"],
            region=row["regione"],
            cadastral_code=row["codice_catastale"],
            census_population=int(row["popolazione_2011"]),
        )
        for row in data["comuni"]
    }


@cache
def _index() -> list[tuple[str, Comune]]:
    return [(_folded(c.name), c) for c in comuni().values()]


def find_comune(istat_code: str) -> Comune | None:
    return comuni().get(istat_code)


def search_comuni(query: str, limit: int = 10) -> list[Comune]:
    """Comuni whose name starts with the query, then those that contain it; a query of digits
    is an ISTAT code (its beginning) or a codice catastale."""
    query = query.strip()
    if len(query) < 2:
        return []
    if query.isdigit():
        return [c for code, c in comuni().items() if code.startswith(query)][:limit]
    folded = _folded(query)
    if not folded:
        return []
    starting = [c for name, c in _index() if name.startswith(folded)]
    containing = [c for name, c in _index() if folded in name and not name.startswith(folded)]
    cadastral = [c for c in comuni().values() if c.cadastral_code == query.upper()]
    return (cadastral + starting + containing)[:limit]
