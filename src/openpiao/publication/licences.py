"""The licences an ente may give its open data (reference_data/licenze_dati_aperti.yaml)."""

from dataclasses import dataclass

from openpiao.core.catalogues import Table, read_catalogue

FILE = "licenze_dati_aperti.yaml"
DEFAULT = "cc-by-4.0"


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    uri: str  # in the Italian controlled vocabulary of licences (DCAT-AP_IT dct:license)
    url: str  # the licence's text, for people
    adms_type: str


def licences() -> dict[str, Licence]:
    rows = read_catalogue(FILE, Table("licences", "code"))["licences"]
    return {row["code"]: Licence(**row) for row in rows}


def choices() -> list[tuple[str, str]]:
    return [(code, licence.name) for code, licence in licences().items()]
