"""The catalogue of "Amministrazione trasparente", upserted from src/openpiao/reference_data.

`trasparenza_catalogo.yaml` (core.catalogues) holds the version, source and licence (the AgID/DAF
controlled vocabulary, CC-BY 4.0, credited wherever the data are shown), the sections and the
duties (each with its stable key), the legal due dates, the BDNCP sections, the access terms and
the OIV grid's columns. Run after every `migrate` and by `manage.py load_transparency_catalogue`.
"""

from django.db import transaction

from openpiao.core.catalogues import CatalogueError, Table, read_catalogue, record_version, upsert

CATALOGUE_FILE = "trasparenza_catalogo.yaml"

FREQUENCIES = {
    "tempestivo": "timely",
    "trimestrale": "quarterly",
    "semestrale": "half_yearly",
    "annuale": "yearly",
    "nessuno": "none",
    "non indicato": "unspecified",
}


def manifest() -> dict:
    return read_catalogue(
        CATALOGUE_FILE,
        Table("sections", "codice_l2_vocab"),
        Table("duties", "chiave"),
        Table("standard_schemes", "code"),
    )


SCHEME_FIELDS = ("code", "article", "name", "acts", "status", "mandatory_from", "url")


def schemes_by_duty(data: dict) -> dict[str, dict]:
    """Duty key → the ANAC standard publication scheme that covers it (art. 48 d.lgs. 33/2013)."""
    keys = {row["chiave"] for row in data["duties"]}
    found = {}
    for scheme in data["standard_schemes"]:
        for key in scheme["duties"]:
            if key not in keys or key in found:
                raise CatalogueError(
                    f"{CATALOGUE_FILE}: schema {scheme['code']}: obbligo {key} sconosciuto o ripetuto."
                )
            found[key] = {field: scheme[field] for field in SCHEME_FIELDS}
    return found


@transaction.atomic
def load_transparency_catalogue() -> dict[str, int]:
    from .models import Duty, DutyCatalogue, Section

    data = manifest()
    # Level 1 by its order: the vocabulary's codes of level 1 are not unique (see README).
    first_level = {}
    for row in data["sections"]:
        first_level.setdefault(int(row["ordine_l1"]), row["sottosezione_l1"])
    top = upsert(
        Section,
        [{"code": f"L1-{order:02d}", "name": name, "order": order} for order, name in first_level.items()],
        key="code",
        values=lambda row, _: {"name": row["name"], "parent": None, "order": row["order"] * 100},
    )
    sections = upsert(
        Section,
        data["sections"],
        key="codice_l2_vocab",
        values=lambda row, _: {
            "name": row["sottosezione_l2"],
            "parent": top[f"L1-{int(row['ordine_l1']):02d}"],
            "legal_references": row["riferimenti_normativi"],
            "applicable_to_municipalities": row["applicabile_comuni"],
            "order": int(row["ordine_l1"]) * 100 + int(row["ordine_l2"]),
        },
    )
    legal = data.get("legal_due", {})
    bdncp = set(data.get("bdncp_sections", []))
    schemes = schemes_by_duty(data)
    upsert(
        Duty,
        data["duties"],
        key="chiave",
        field="key",
        values=lambda row, order: {
            "section": sections[row["codice_l2_vocab"]],
            "vocabulary_id": row["id_obbligo_vocab"],
            "sub_duties": row["sotto_obblighi"],
            "name": row["denominazione_obbligo"],
            "legal_reference": row["riferimento_normativo"],
            "frequency": FREQUENCIES[row["aggiornamento"]],
            "tabular": row["formato_tabellare"] == "si",
            "applicable_to_municipalities": row["applicabile_comuni"],
            "note": row["nota"],
            "bdncp": row["codice_l2_vocab"] in bdncp,
            "legal_due": legal.get(row["chiave"].split("#")[0]),
            "standard_scheme": schemes.get(row["chiave"]),
            "order": order,
        },
    )
    record_version(DutyCatalogue, data, attribution=data["attribution"])
    return {
        "sotto-sezioni di 1° livello": len(top),
        "sotto-sezioni di 2° livello": len(sections),
        "obblighi": len(data["duties"]),
    }


def access_term(kind: str) -> tuple[int, str]:
    """Days to answer a request of `kind`, and the norm."""
    term = manifest()["access_terms"][kind]
    return term["days"], term["norm"]


def load_catalogue(sender, **kwargs) -> None:
    """post_migrate receiver."""
    load_transparency_catalogue()
