"""The open datasets of a published plan, read from its frozen open-data document.

Plain functions over the JSON document frozen at adoption (`PlanVersion.data`, audience
`public`, see docs/export-format.md): no Django import, no database. Each dataset is a table
with a **closed list of columns** (its data dictionary): a value reaches the public only if a
column below names it. That is the guarantee against personal data: the document holds
participations with hours and costs per person, the smart-working summary, the registro degli
accessi and the reviews with who entered them, and none of them has a column here. The only
people named are the responsabili of the units (the printed plan names them).

Codes are written with their Italian label where the product has one (`Labels`, passed in by
the caller that reads them from the models' choices), so a row reads as the printed plan does.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpiao.core.spreadsheets import FORMULA_TRIGGERS

Row = dict[str, Any]
# field name → code → Italian label (e.g. "indicator_kind" → {"boolean": "Sì/No"})
Labels = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Column:
    name: str  # the CSV header and JSON key, Italian snake case (stable: a published name)
    description: str  # the data dictionary, in Italian
    type: str  # testo, intero, decimale, data, booleano, URL


@dataclass(frozen=True)
class Dataset:
    slug: str  # in the URL and the file name
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[["Source"], Iterator[Row]] = field(repr=False)

    def table(self, source: "Source") -> list[Row]:
        """The rows, each with exactly the dataset's columns (in their order)."""
        names = [c.name for c in self.columns]
        return [{name: row.get(name) for name in names} for row in self.rows(source)]


@dataclass(frozen=True)
class Source:
    """The frozen document with the lookups its rows need."""

    document: dict
    labels: Labels

    @property
    def units(self) -> dict[str, dict]:
        return {u["code"]: u for u in self.document.get("units", [])}

    def unit_name(self, code: str | None) -> str:
        return self.units.get(code, {}).get("name", "") if code else ""

    def head_name(self, code: str | None) -> str:
        """The responsabile of a unit as the printed plan names it: a person's name, or the
        unit's `head_label` («Segretario comunale»); nobody for a row counted by category."""
        unit = self.units.get(code) if code else None
        if not unit:
            return ""
        employees = {e["key"]: e for e in self.document.get("employees", [])}
        head = employees.get(unit.get("head") or "")
        if head and (head.get("headcount") or 1) == 1:
            name = " ".join(p for p in (head.get("first_name"), head.get("last_name")) if p)
            if name:
                return " ".join(p for p in (head.get("honorific"), name) if p)
        return unit.get("head_label") or ""

    def label(self, kind: str, code: str | None) -> str:
        if code in (None, ""):
            return ""
        return self.labels.get(kind, {}).get(code, code)

    def risk_level(self, key: str | None) -> str:
        """A level key (`molto_alto`) as the ente's scale names it («Molto alto»)."""
        if not key:
            return ""
        scale = (self.document.get("risk_settings") or {}).get("scale") or ["Basso", "Medio", "Alto"]
        return {name.lower().replace(" ", "_"): name for name in scale}.get(key, key)


def _objectives(source: Source) -> Iterator[Row]:
    strategic = {s["code"]: s["title"] for s in source.document.get("strategic_objectives", [])}
    for o in source.document.get("objectives", []):
        yield {
            "codice_unita": o["unit"],
            "unita": source.unit_name(o["unit"]),
            "responsabile": source.head_name(o["unit"]),
            "numero": o["number"],
            "titolo": o["title"],
            "descrizione": o.get("description", ""),
            "tipo": o.get("kind_label") or source.label("objective_kind", o.get("kind")),
            "pre_requisito": bool(o.get("is_prerequisite")),
            "peso": o.get("weight"),
            "unita_coinvolte": "; ".join(source.unit_name(c) for c in o.get("co_units", [])),
            "obiettivo_strategico": strategic.get(o.get("strategic_objective") or "", ""),
            "anno_inizio": o.get("first_year"),
            "anno_fine": o.get("last_year"),
            "semplificazione": bool(o.get("simplification")),
            "digitalizzazione": bool(o.get("digitalisation")),
            "accessibilita": bool(o.get("accessibility")),
            "pari_opportunita": bool(o.get("equal_opportunity")),
        }


def _indicators(source: Source) -> Iterator[Row]:
    for o in source.document.get("objectives", []):
        for position, i in enumerate(o.get("indicators", []), start=1):
            for year, target in sorted((i.get("targets") or {}).items()):
                yield {
                    "codice_unita": o["unit"],
                    "numero_obiettivo": o["number"],
                    "obiettivo": o["title"],
                    "indicatore": position,
                    "descrizione": i["description"],
                    "tipo": source.label("indicator_kind", i.get("kind")),
                    "verso": source.label("direction", i.get("direction")),
                    "unita_di_misura": i.get("measure_unit", ""),
                    "valore_di_partenza": i.get("baseline", ""),
                    "peso": i.get("weight"),
                    "anno": int(year),
                    "valore_atteso": target,
                }


def _latest_assessment(process: dict) -> dict:
    assessments = sorted(process.get("assessments", []), key=lambda a: a.get("year") or 0)
    return assessments[-1] if assessments else {}


def _event_text(event) -> str:
    return event if isinstance(event, str) else event.get("description", "")


def _risk_processes(source: Source) -> Iterator[Row]:
    for p in source.document.get("risk_processes", []):
        assessment = _latest_assessment(p)
        yield {
            "codice": p["code"],
            "area_di_rischio": source.label("risk_area", p.get("area")),
            "codice_unita": p.get("unit") or "",
            "unita": source.unit_name(p.get("unit")),
            "processo": p["name"],
            "descrizione": p.get("description", ""),
            "eventi_rischiosi": "; ".join(_event_text(e) for e in p.get("events", [])),
            "anno_valutazione": assessment.get("year"),
            "livello_di_rischio": source.risk_level(
                assessment.get("override_level") or assessment.get("computed_level")
            ),
            "motivazione": assessment.get("override_motivation") or assessment.get("motivation", ""),
        }


def _risk_measures(source: Source) -> Iterator[Row]:
    for m in source.document.get("risk_measures", []):
        yield {
            "tipo": source.label("measure_kind", m.get("kind")),
            "misura_generale": m.get("general_measure") or "",
            "tipologia": m.get("measure_type") or "",
            "codice_processo": m.get("process") or "",
            "misura": m["title"],
            "descrizione": m.get("description", ""),
            "unita_responsabile": source.unit_name(m.get("owner_unit")),
            "scadenza": m.get("deadline"),
            "indicatore": m.get("indicator", ""),
            "valore_atteso": m.get("target", ""),
            "stato": source.label("measure_status", m.get("status")),
        }


def _transparency(source: Source) -> Iterator[Row]:
    for d in source.document.get("transparency_map", []):
        yield {
            "obbligo": d["duty"],
            "denominazione": source.label("duty", d["duty"]),
            "unita_che_produce": source.unit_name(d.get("producing_unit")),
            "unita_che_pubblica": source.unit_name(d.get("publishing_unit")),
            "indirizzo_pagina": d.get("page_url", ""),
            "ultima_pubblicazione": d.get("last_published"),
            "non_applicabile": bool(d.get("not_applicable")),
            "motivo_non_applicabile": d.get("not_applicable_reason", ""),
        }


def _staffing(source: Source) -> Iterator[Row]:
    headcount = (source.document.get("human_capital") or {}).get("headcount") or {}
    for group in headcount.get("dotazione_organica", []):
        for line in group.get("lines", []):
            yield {
                "data_di_riferimento": headcount.get("date"),
                "unita": group["unit"],
                "area": source.label("staff_area", line.get("area")),
                "ex_categoria": line.get("old_category") or "",
                "qualifica": line.get("job_title") or "",
                "profilo": line.get("profile") or "",
                "dipendenti": line.get("count"),
            }


def _planned_hires(source: Source) -> Iterator[Row]:
    for h in (source.document.get("human_capital") or {}).get("planned_hires", []):
        yield {
            "anno": h.get("year"),
            "profilo": h.get("profile", ""),
            "area": source.label("staff_area", h.get("area")),
            "unita": source.unit_name(h.get("unit")),
            "modalita": source.label("hiring_modality", h.get("modality")),
            "tempo_indeterminato": h.get("contract_type") == "permanent",
            "percentuale_tempo_parziale": h.get("part_time_pct"),
            "costo_annuo": h.get("annual_cost"),
        }


UNIT_CODE = Column("codice_unita", "Codice dell'unità organizzativa responsabile nel piano", "testo")

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "obiettivi",
        "Obiettivi di performance",
        "Gli obiettivi della sottosezione 2.2 (performance) con l'unità responsabile e il suo responsabile.",
        (
            UNIT_CODE,
            Column("unita", "Unità organizzativa responsabile dell'obiettivo", "testo"),
            Column("responsabile", "Responsabile dell'unità, come lo nomina il piano", "testo"),
            Column("numero", "Numero dell'obiettivo nell'unità", "intero"),
            Column("titolo", "Descrizione sintetica dell'obiettivo", "testo"),
            Column("descrizione", "Descrizione e finalità", "testo"),
            Column("tipo", "Tipo di obiettivo come lo chiama l'ente", "testo"),
            Column("pre_requisito", "Obiettivo pre-requisito (senza peso)", "booleano"),
            Column("peso", "Peso dell'obiettivo (percentuale o punti, come pesa l'ente)", "decimale"),
            Column(
                "unita_coinvolte",
                "Altre unità coinvolte (obiettivo intersettoriale), separate da «;»",
                "testo",
            ),
            Column(
                "obiettivo_strategico", "Obiettivo strategico (valore pubblico) a cui contribuisce", "testo"
            ),
            Column("anno_inizio", "Primo anno dell'obiettivo", "intero"),
            Column("anno_fine", "Ultimo anno dell'obiettivo", "intero"),
            Column("semplificazione", "Obiettivo di semplificazione (DM 132/2022)", "booleano"),
            Column("digitalizzazione", "Obiettivo di digitalizzazione (DM 132/2022)", "booleano"),
            Column("accessibilita", "Obiettivo di accessibilità (DM 132/2022)", "booleano"),
            Column("pari_opportunita", "Obiettivo di pari opportunità (DM 132/2022)", "booleano"),
        ),
        _objectives,
    ),
    Dataset(
        "indicatori",
        "Indicatori e valori attesi",
        "Gli indicatori di ciascun obiettivo con il valore atteso (target) per anno: "
        "una riga per indicatore e anno.",
        (
            UNIT_CODE,
            Column("numero_obiettivo", "Numero dell'obiettivo nell'unità", "intero"),
            Column("obiettivo", "Descrizione sintetica dell'obiettivo", "testo"),
            Column("indicatore", "Posizione dell'indicatore nell'obiettivo", "intero"),
            Column("descrizione", "Descrizione dell'indicatore", "testo"),
            Column("tipo", "Tipo di indicatore (numero, percentuale, sì/no, scadenza, testo)", "testo"),
            Column("verso", "Verso dell'indicatore (almeno, al massimo, esattamente)", "testo"),
            Column("unita_di_misura", "Unità di misura", "testo"),
            Column("valore_di_partenza", "Valore di partenza (baseline)", "testo"),
            Column("peso", "Peso dell'indicatore nell'obiettivo", "decimale"),
            Column("anno", "Anno del valore atteso", "intero"),
            Column("valore_atteso", "Valore atteso come scritto nel piano", "testo"),
        ),
        _indicators,
    ),
    Dataset(
        "processi-rischio",
        "Processi e rischi corruttivi",
        "La mappatura dei processi della sottosezione 2.3 con gli eventi rischiosi "
        "e il livello di rischio valutato.",
        (
            Column("codice", "Codice del processo", "testo"),
            Column("area_di_rischio", "Area di rischio (PNA)", "testo"),
            UNIT_CODE,
            Column("unita", "Unità organizzativa responsabile del processo", "testo"),
            Column("processo", "Denominazione del processo", "testo"),
            Column("descrizione", "Descrizione del processo", "testo"),
            Column("eventi_rischiosi", "Eventi rischiosi, separati da «;»", "testo"),
            Column("anno_valutazione", "Anno dell'ultima valutazione del rischio", "intero"),
            Column("livello_di_rischio", "Giudizio sintetico del rischio (scala dell'ente)", "testo"),
            Column("motivazione", "Motivazione del giudizio", "testo"),
        ),
        _risk_processes,
    ),
    Dataset(
        "misure-rischio",
        "Misure di prevenzione della corruzione",
        "Le misure generali e specifiche della sottosezione 2.3 con responsabile, "
        "scadenza, indicatore e stato.",
        (
            Column("tipo", "Misura generale o specifica", "testo"),
            Column("misura_generale", "Codice della misura generale", "testo"),
            Column("tipologia", "Tipologia della misura (PNA 2019)", "testo"),
            Column("codice_processo", "Codice del processo a cui si applica (misure specifiche)", "testo"),
            Column("misura", "Denominazione della misura", "testo"),
            Column("descrizione", "Descrizione della misura", "testo"),
            Column("unita_responsabile", "Unità responsabile dell'attuazione", "testo"),
            Column("scadenza", "Termine di attuazione (AAAA-MM-GG)", "data"),
            Column("indicatore", "Indicatore di attuazione", "testo"),
            Column("valore_atteso", "Valore atteso dell'indicatore", "testo"),
            Column("stato", "Stato di attuazione alla data di adozione", "testo"),
        ),
        _risk_measures,
    ),
    Dataset(
        "obblighi-trasparenza",
        "Obblighi di pubblicazione",
        "La mappa degli obblighi di Amministrazione trasparente con le unità "
        "che producono e pubblicano i dati.",
        (
            Column("obbligo", "Identificativo dell'obbligo nel catalogo (sotto-sezione/obbligo)", "testo"),
            Column("denominazione", "Obbligo di pubblicazione", "testo"),
            Column("unita_che_produce", "Unità responsabile dell'elaborazione del dato", "testo"),
            Column("unita_che_pubblica", "Unità responsabile della pubblicazione", "testo"),
            Column("indirizzo_pagina", "Pagina di Amministrazione trasparente", "URL"),
            Column("ultima_pubblicazione", "Data dell'ultima pubblicazione (AAAA-MM-GG)", "data"),
            Column("non_applicabile", "Obbligo non applicabile all'ente", "booleano"),
            Column("motivo_non_applicabile", "Motivo per cui l'obbligo non si applica", "testo"),
        ),
        _transparency,
    ),
    Dataset(
        "personale",
        "Consistenza del personale",
        "Il personale in servizio al 31 dicembre dell'anno precedente il triennio, per unità, area e profilo "
        "(sottosezione 3.1): numeri, senza dati delle singole persone.",
        (
            Column("data_di_riferimento", "Data a cui si riferisce la consistenza (AAAA-MM-GG)", "data"),
            Column("unita", "Unità organizzativa", "testo"),
            Column("area", "Area di inquadramento (CCNL Funzioni locali 16/11/2022)", "testo"),
            Column("ex_categoria", "Ex categoria (A, B, C, D)", "testo"),
            Column("qualifica", "Qualifica", "testo"),
            Column("profilo", "Profilo professionale", "testo"),
            Column("dipendenti", "Numero di dipendenti", "intero"),
        ),
        _staffing,
    ),
    Dataset(
        "assunzioni",
        "Assunzioni programmate",
        "Il piano dei fabbisogni di personale (sottosezione 3.3): le assunzioni programmate nel triennio.",
        (
            Column("anno", "Anno dell'assunzione", "intero"),
            Column("profilo", "Profilo professionale", "testo"),
            Column("area", "Area di inquadramento", "testo"),
            Column("unita", "Unità di destinazione", "testo"),
            Column("modalita", "Modalità di reclutamento", "testo"),
            Column("tempo_indeterminato", "Assunzione a tempo indeterminato", "booleano"),
            Column(
                "percentuale_tempo_parziale", "Percentuale di tempo lavorato (100 = tempo pieno)", "decimale"
            ),
            Column("costo_annuo", "Costo annuo previsto (euro)", "decimale"),
        ),
        _planned_hires,
    ),
)

BY_SLUG = {d.slug: d for d in DATASETS}


def csv_value(value) -> str:
    """A cell as the CSV writes it: booleans as «sì»/«no», nothing as an empty cell; a text
    that a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
