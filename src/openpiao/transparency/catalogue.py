"""The catalogue of "Amministrazione trasparente", upserted from src/openpiao/reference_data.

`trasparenza_catalogo.yaml` is the manifest: version, source and licence (the AgID/DAF
controlled vocabulary, CC-BY 4.0, credited wherever the data are shown), the two CSV files
(sections and duties), the legal due dates, the BDNCP sections, the access terms and the OIV
grid's columns. Run after every `migrate` and by `manage.py load_transparency_catalogue`.
"""

import csv
from functools import cache

from django.conf import settings
from django.db import transaction

from openpiao.core import yamlfiles

MANIFEST_FILE = "trasparenza_catalogo.yaml"

FREQUENCIES = {
    "tempestivo": "timely",
    "trimestrale": "quarterly",
    "semestrale": "half_yearly",
    "annuale": "yearly",
    "nessuno": "none",
    "non indicato": "unspecified",
}


@cache
def manifest() -> dict:
    with open(settings.REFERENCE_DATA_DIR / MANIFEST_FILE, encoding="utf-8") as handle:
        return yamlfiles.load(handle)


def _csv(name: str) -> list[dict]:
    with open(settings.REFERENCE_DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def duty_keys(rows: list[dict]) -> list[str]:
    """Stable keys "<sotto-sezione>/<id>", "#n" for the n-th row repeating the same pair."""
    seen: dict[str, int] = {}
    keys = []
    for row in rows:
        base = f"{row['codice_l2_vocab']}/{row['id_obbligo_vocab']}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys


@transaction.atomic
def load_transparency_catalogue() -> dict[str, int]:
    from .models import Duty, DutyCatalogue, Section

    data = manifest()
    top: dict[str, Section] = {}
    sections: dict[str, Section] = {}
    for row in _csv(data["sections_file"]):
        order_l1 = int(row["ordine_l1"])
        code_l1 = f"L1-{order_l1:02d}"  # vocabulary codes of level 1 are not unique (see README)
        if code_l1 not in top:
            top[code_l1], _ = Section.objects.update_or_create(
                code=code_l1,
                defaults={"name": row["sottosezione_l1"], "parent": None, "order": order_l1 * 100},
            )
        sections[row["codice_l2_vocab"]], _ = Section.objects.update_or_create(
            code=row["codice_l2_vocab"],
            defaults={
                "name": row["sottosezione_l2"],
                "parent": top[code_l1],
                "legal_references": row["riferimenti_normativi"],
                "applicable_to_municipalities": row["applicabile_comuni"],
                "order": order_l1 * 100 + int(row["ordine_l2"]),
            },
        )
    rows = _csv(data["duties_file"])
    legal = data.get("legal_due", {})
    bdncp = set(data.get("bdncp_sections", []))
    keys = duty_keys(rows)
    for order, (key, row) in enumerate(zip(keys, rows, strict=True), start=1):
        base = key.split("#")[0]
        Duty.objects.update_or_create(
            key=key,
            defaults={
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
                "legal_due": legal.get(base),
                "order": order,
            },
        )
    DutyCatalogue.objects.update_or_create(
        key=data["catalogue"],
        defaults={
            "title": data["title"],
            "version": data["version"],
            "source": " ".join(data["source"].split()),
            "license": data["license"],
            "attribution": data["attribution"],
        },
    )
    return {
        "sotto-sezioni di 1° livello": len(top),
        "sotto-sezioni di 2° livello": len(sections),
        "obblighi": len(rows),
    }


def access_term(kind: str) -> tuple[int, str]:
    """Days to answer a request of `kind`, and the norm."""
    term = manifest()["access_terms"][kind]
    return term["days"], term["norm"]


def load_catalogue(sender, **kwargs) -> None:
    """post_migrate receiver."""
    load_transparency_catalogue()
