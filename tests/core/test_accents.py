"""Accents are letters, not apostrophes: «discrezionalità», «è», «più», «perché» (the reference
catalogues wrote «discrezionalita'», «e'», «piu'», and the printed PIAO repeated them).
An elision («dell'ente», «dall'1/01/2024») keeps its apostrophe: a letter or digit follows it."""

import csv
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from openpiao.core import yamlfiles
from openpiao.documents.builder import build_document

# An apostrophe that closes a word: after a letter, before a space, a punctuation mark or the end.
ACCENT_AS_APOSTROPHE = re.compile(r"[A-Za-zÀ-ÿ]+'(?=[\s.,;:!?)\]»”\"]|$)")
FIXTURES = Path(__file__).resolve().parents[2] / "src" / "openpiao" / "demo" / "fixtures"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Grado di discrezionalita' del decisore", ["discrezionalita'"]),
        ("il rischio e' piu' alto", ["e'", "piu'"]),
        ("VIABILITA' E INFRASTRUTTURE", ["VIABILITA'"]),
        ("l'accesso civico dell'ente", []),
        ("posto vacante dall'1/01/2024, all'1% del monte salari", []),
        ("ai fini dell'“Accordo tra coniugi”", []),
        ("discrezionalità, più, perché, è", []),
    ],
)
def test_the_rule_tells_an_accent_from_an_elision(text, found):
    assert ACCENT_AS_APOSTROPHE.findall(text) == found


def strings(value):
    """Every string inside a loaded data file."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def load(path: Path):
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix == ".csv":
            return list(csv.reader(handle))
        if path.suffix == ".json":
            return json.load(handle)
        if path.suffix in (".yaml", ".yml"):
            return yamlfiles.load_all(handle)
    raise AssertionError(f"formato sconosciuto: {path.name}")


def data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".csv", ".json", ".yaml", ".yml"))


@pytest.mark.parametrize(
    "path", data_files(settings.REFERENCE_DATA_DIR) + data_files(FIXTURES), ids=lambda p: p.name
)
def test_catalogues_and_demo_fixtures_write_accents(path):
    wrong = sorted({word for text in strings(load(path)) for word in ACCENT_AS_APOSTROPHE.findall(text)})
    # The ISTAT list keeps the official names, some of them with an apostrophe (Vo', Castel de' …).
    official = {"Vo'", "de'", "ne'"} if path.name == "comuni_istat.yaml" else set()
    assert [word for word in wrong if word not in official] == []


def test_the_reference_folder_is_read():
    names = {p.name for p in data_files(settings.REFERENCE_DATA_DIR)}
    expected = {"indicatori_rischio_pna2019.yaml", "piano_tipo_dm_132_2022.yaml", "trasparenza_catalogo.yaml"}
    assert expected <= names


@pytest.mark.django_db
@pytest.mark.parametrize("plan", ["casorate", "albizzate"])
def test_the_printed_demo_plans_write_accents(request, plan):
    text = build_document(request.getfixturevalue(plan)).text()
    assert "discrezionalità" in text or plan == "albizzate"
    assert ACCENT_AS_APOSTROPHE.findall(text) == []
