"""One file format and one loader for the reference catalogues (core.catalogues)."""

from decimal import Decimal

import pytest
from django.conf import settings

from openpiao.core.catalogues import HEADER, CatalogueError, Table, read_catalogue

GOOD = """\
key: prova
title: Catalogo di prova
version: "1"
valid_from: 2022
valid_to: null
source: una fonte
license: CC-BY 4.0
rows:
  - {codice: A, soglia: 26.90, anno: 2024, testo: '01'}
  - {codice: B, soglia: 27.0, anno: 2025, testo: '2023-04-01'}
"""


NO_START = "prova.yaml: manca «valid_from» (anno) nell'intestazione."
NO_END = "prova.yaml: manca «valid_to» (anno, o null se in vigore) nell'intestazione."


@pytest.fixture
def folder(settings, tmp_path):
    settings.REFERENCE_DATA_DIR = tmp_path
    return tmp_path


def _write(folder, text: str, name: str = "prova.yaml") -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


def test_a_catalogue_is_read_with_its_header_and_exact_decimals(folder):
    data = read_catalogue(_write(folder, GOOD), Table("rows", "codice"))
    assert [data[field] for field in HEADER] == ["prova", "Catalogo di prova", "1", "una fonte", "CC-BY 4.0"]
    first, second = data["rows"]
    assert first["soglia"] == Decimal("26.90") and str(first["soglia"]) == "26.90"  # never a float
    assert str(second["soglia"]) == "27.0" and first["anno"] == 2024
    assert (first["testo"], second["testo"]) == ("01", "2023-04-01")  # quoted text stays text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('version: "1"\n', ""), "prova.yaml: manca «version» nell'intestazione."),
        (("source: una fonte", "source: ''"), "prova.yaml: manca «source» nell'intestazione."),
        (("codice: B", "codice: A"), "prova.yaml: «codice» A ripetuto in «rows»."),
        (("codice: B, ", ""), "prova.yaml: la riga 2 di «rows» non ha «codice»."),
        (("rows:\n", "rows: nessuna\nx:\n"), "prova.yaml: la tabella «rows» deve essere un elenco di righe."),
        (("soglia: 27.0", "soglia: .nan"), "numero non valido: «.nan»."),
        (("valid_from: 2022\n", ""), NO_START),
        (("valid_from: 2022", "valid_from: '2022'"), NO_START),
        (("valid_to: null\n", ""), NO_END),
        (
            ("valid_to: null", "valid_to: 2021"),
            "prova.yaml: «valid_to» deve essere un anno non anteriore a «valid_from», o null.",
        ),
    ],
)
def test_a_file_that_breaks_the_format_stops_the_load_saying_where(folder, change, message):
    name = _write(folder, GOOD.replace(*change))
    with pytest.raises(CatalogueError) as error:
        read_catalogue(name, Table("rows", "codice"))
    assert str(error.value) == message


def test_every_file_of_the_reference_folder_is_a_catalogue():
    files = sorted(settings.REFERENCE_DATA_DIR.iterdir())
    assert [p.name for p in files if p.suffix not in (".yaml", ".md")] == []  # one format
    catalogues = [read_catalogue(p.name) for p in files if p.suffix == ".yaml"]
    assert len(catalogues) == 22
    editions = [(c["key"], c["version"]) for c in catalogues]  # a key has an edition per period
    assert len(set(editions)) == len(editions) and len({key for key, _ in editions}) == 20
