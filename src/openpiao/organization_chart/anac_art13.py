"""The ANAC standard scheme of art. 13 d.lgs. 33/2013 (organizzazione) from the org chart: one
row per unit, in the scheme's fields (reference_data/anac_schema_art13.yaml), and what is
missing to publish it. Pure: plain data in, plain data out (no Django import), so the pages of
the ente and a public portal print the same table."""

from dataclasses import dataclass, field
from datetime import date

# The scheme's own enumeration of tipologiaUfficio (anac_schema_art13.yaml, office_kinds).
NOT_MANAGERIAL = "non_dirigenziale"


@dataclass(frozen=True)
class Ente:
    tax_code: str
    name: str
    head_title: str
    phone: str
    email: str
    pec: str
    chart_url: str  # where the ente publishes its organigramma


@dataclass(frozen=True)
class Office:
    name: str
    head_name: str  # the responsabile, or the role written in its place
    head_title: str  # qualifica: "Titolare di incarico di E.Q.", the job title, or the role
    competences: str = ""


@dataclass(frozen=True)
class Art13Table:
    columns: list[dict]
    rows: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def build(scheme: dict, ente: Ente, offices: list[Office], *, year: int, published_on: date) -> Art13Table:
    """The rows of the scheme and, in Italian, every required field left empty."""
    organ = next((o for o in scheme["organs"] if o["id"] == ente.head_title), None)
    kinds = {k["id"]: k["value"] for k in scheme["office_kinds"]}
    common = {
        "codiceFiscale": ente.tax_code,
        "denominazione": ente.name,
        "annoDiRiferimento": str(year),
        "dataPubblicazione": f"{published_on:%d/%m/%Y}",
        "denominazioneOrganoIstit": ente.head_title,
        "competenzeOrganoIstit": organ["competences"].strip() if organ else "",
        "recapitoTelefonico": ente.phone,
        "postaElettronicaOrdinaria": ente.email,
        "postaElettronicaCertificata": ente.pec,
        "organigramma": ente.chart_url,
    }
    rows = [
        {
            **common,
            "tipologiaUfficio": kinds[NOT_MANAGERIAL],
            "denominazioneUfficio": office.name,
            "competenzeUfficio": office.competences,
            "nominativoDirigenteResp": office.head_name,
            "qualificaDirigenteResp": office.head_title,
        }
        for office in offices
    ]
    rows = [{column["id"]: row[column["id"]] for column in scheme["columns"]} for row in rows]
    return Art13Table(scheme["columns"], rows, _missing(scheme["columns"], rows, ente))


def _missing(columns: list[dict], rows: list[dict], ente: Ente) -> list[str]:
    required = [c for c in columns if c["required"]]
    missing = []
    if not rows:
        missing.append("L'organigramma non ha unità: lo schema elenca gli uffici.")
    if not (ente.email or ente.pec):
        missing.append("Manca un indirizzo di posta elettronica dell'ente (ordinaria o certificata).")
    for column in required:
        empty = [row["denominazioneUfficio"] for row in rows if not row[column["id"]]]
        if empty and len(empty) == len(rows):
            missing.append(f"«{column['label']}»: manca per tutti gli uffici.")
        elif empty:
            missing.append(f"«{column['label']}»: manca per " + ", ".join(empty) + ".")
    return missing
