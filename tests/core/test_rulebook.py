"""The rules by year (core.rulebook, core.rule_changes): which edition of each catalogue governs
a triennium, and what changed between two editions."""

import pytest
from django.conf import settings

from openpiao.core import rule_changes, rulebook
from openpiao.core.catalogues import CatalogueError

EDITION = """\
key: aree
title: Aree di prova
version: "{version}"
valid_from: {start}
valid_to: {end}
source: una fonte
license: CC-BY 4.0
areas:
{rows}
"""


def _edition(folder, name, version, start, end, rows):
    text = EDITION.format(version=version, start=start, end=end, rows="\n".join(rows))
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def folder(settings, tmp_path):
    settings.REFERENCE_DATA_DIR = tmp_path
    _edition(
        tmp_path,
        "aree_2022.yaml",
        "1",
        2022,
        2026,
        [
            "  - {codice: A1, area: Contratti pubblici, fonti: x}",
            "  - {codice: A2, area: Acquisizione e progressione del personale, fonti: x}",
            "  - {codice: A3, area: Smaltimento dei rifiuti, fonti: x}",
            "  - {codice: A4, area: Incarichi e nomine, ambito: comuni}",
        ],
    )
    _edition(
        tmp_path,
        "aree_2027.yaml",
        "2",
        2027,
        "null",
        [
            "  - {codice: A1, area: Contratti pubblici, fonti: y}",  # only the source: no change
            "  - {codice: A2, area: Acquisizione e gestione del personale, fonti: x}",
            "  - {codice: A4, area: Incarichi e nomine, ambito: tutte}",
            "  - {codice: A5, area: Gestione dei rifiuti, fonti: x}",
        ],
    )
    return tmp_path


@pytest.mark.parametrize(
    ("year", "version"),
    [(2021, None), (2022, "1"), (2026, "1"), (2027, "2"), (2035, "2")],
)
def test_a_triennium_is_governed_by_the_edition_in_force_for_its_first_year(folder, year, version):
    assert rulebook.versions_for(year).get("aree") == version
    found = rulebook.in_force("aree", year)
    assert (found.version if found else None) == version


def test_the_years_read_in_italian(folder):
    assert [e.years for e in rulebook.editions_of("aree")] == ["2022–2026", "dal 2027"]


def test_what_changed_between_two_editions_row_by_row(folder):
    [change] = rulebook.changes({"aree": "1"}, {"aree": "2"})
    assert (change.title, change.before, change.after) == ("Aree di prova", "1", "2")
    assert change.years == "dal 2027"
    assert [str(row) for row in change.rows] == [
        "aree di rischio — nuova denominazione: A2 «Acquisizione e gestione del personale» "
        "(prima: «Acquisizione e progressione del personale»)",
        "aree di rischio — modifica: A4 «Incarichi e nomine»",
        "aree di rischio — inserimento: A5 «Gestione dei rifiuti»",
        "aree di rischio — eliminazione: A3 «Smaltimento dei rifiuti»",
    ]


def test_a_catalogue_new_or_gone_or_no_longer_on_file(folder):
    assert rulebook.changes({"aree": "2"}, {"aree": "2"}) == []
    [new] = rulebook.changes({}, {"aree": "2"})
    assert new.note == "nuovo catalogo" and new.rows == ()
    [gone] = rulebook.changes({"aree": "1"}, {})
    assert gone.note == "non più in vigore per il nuovo triennio"
    [lost] = rulebook.changes({"aree": "0.9"}, {"aree": "2"})
    assert lost.note == "la versione precedente non è più tra i dati di riferimento"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (2026, "null", "aree_2027.yaml: gli anni si sovrappongono a quelli di aree_2022.yaml."),
        (2027, "null", "aree_2027.yaml: versione 1 già usata da aree_2022.yaml."),
    ],
)
def test_editions_of_one_catalogue_never_overlap_nor_share_a_version(settings, tmp_path, start, end, message):
    settings.REFERENCE_DATA_DIR = tmp_path
    _edition(tmp_path, "aree_2022.yaml", "1", 2022, 2026, ["  - {codice: A1, area: Contratti}"])
    version = "1" if "versione" in message else "2"
    _edition(tmp_path, "aree_2027.yaml", version, start, end, ["  - {codice: A1, area: Contratti}"])
    with pytest.raises(CatalogueError) as error:
        rulebook.editions()
    assert str(error.value) == message


def test_the_reference_folder_has_one_edition_per_year_for_every_catalogue():
    editions = rulebook.editions()
    assert {e.file for e in editions} == {p.name for p in settings.REFERENCE_DATA_DIR.glob("*.yaml")}
    for key in {e.key for e in editions}:
        assert rulebook.in_force(key, 2027) is not None, key  # every catalogue governs 2027-2029


def test_the_pna_2025_editions_govern_the_plans_from_2027():
    before, after = rulebook.versions_for(2026), rulebook.versions_for(2027)
    assert (before["misure-generali"], after["misure-generali"]) == ("2026.11", "2027.01")
    assert (before["rischi-mappa-tipo-comuni"], after["rischi-mappa-tipo-comuni"]) == ("2024.1", "2027.01")
    changes = {c.key: c for c in rulebook.changes(before, after)}
    rows = changes["rischi-mappa-tipo-comuni"].rows
    added = {row.identifier for row in rows if row.kind == rule_changes.ADDED}
    assert added == {"P-B05", "P-B06", "P-B07", "P-G08"}
    assert {row.identifier for row in changes["misure-generali"].rows} == {"MG14", "MG15", "MG16"}
