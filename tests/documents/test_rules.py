"""Pure parts of printing: the ente's text marks, table layout, checks across sections."""

from decimal import Decimal

import pytest

from openpiao.core.printing import richtext
from openpiao.core.printing.blocks import BulletList, Heading, MonthGrid, Paragraph, Run, Table, cell
from openpiao.documents import coherence
from openpiao.performance.months import MONTH_NAMES
from openpiao.plans.sections import SECTIONS, get_section, is_required, sections_within


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("Una riga.", [("p", "Una riga.")]),
        (
            "Prima riga\nseconda riga\n\nNuovo paragrafo",
            [("p", "Prima riga seconda riga"), ("p", "Nuovo paragrafo")],
        ),
        ("- a) autorizzazione\n- b) contratti", [("ul", ["a) autorizzazione", "b) contratti"])]),
        (
            "1. Migrazione al cloud\n2. Esperienza dei servizi",
            [("ol", ["Migrazione al cloud", "Esperienza dei servizi"])],
        ),
        (
            "a) pareggio di bilancio\nb) digitalizzazione",
            [("ol", ["pareggio di bilancio", "digitalizzazione"])],
        ),
        ("### Il contesto esterno\nTesto", [("h", "Il contesto esterno"), ("p", "Testo")]),
        ("- voce lunga\n  che continua", [("ul", ["voce lunga che continua"])]),
        ("Testo\n- voce", [("p", "Testo"), ("ul", ["voce"])]),
        ("<script>alert(1)</script>", [("p", "<script>alert(1)</script>")]),
        # Tables: bars, or tabs as a paste from Word brings them; a row of dashes ends the header.
        (
            "Reti | Tipo\n| --- | --- |\n| Rete gas | Km. 31,78 |",
            [("p", "Reti | Tipo"), ("table", 0, [["Rete gas", "Km. 31,78"]])],
        ),
        (
            "| Reti | Tipo |\n|---|:---:|\n| Rete gas | Km. 31,78 |\n| Depuratore |",
            [("table", 1, [["Reti", "Tipo"], ["Rete gas", "Km. 31,78"], ["Depuratore", ""]])],
        ),
        (
            "Superficie\t\tkmq 9,49\n\t2016\t9,51\nTesto",
            [("table", 0, [["Superficie", "", "kmq 9,49"], ["", "2016", "9,51"]]), ("p", "Testo")],
        ),
        ("•\tvoce di Word\n1.\tnumerata", [("ul", ["voce di Word"]), ("ol", ["numerata"])]),
        ("- voce\n| a | b |", [("ul", ["voce"]), ("table", 0, [["a", "b"]])]),
    ],
)
def test_richtext_blocks(text, expected):
    result = []
    for block in richtext.parse(text):
        if isinstance(block, Paragraph):
            result.append(("p", block.text))
        elif isinstance(block, Heading):
            result.append(("h", block.text))
        elif isinstance(block, BulletList):
            result.append(
                ("ol" if block.ordered else "ul", ["".join(r.text for r in i) for i in block.items])
            )
        elif isinstance(block, Table):
            result.append(("table", block.header_rows, [[c.text for c in row] for row in block.rows]))
    assert result == expected


def test_richtext_table_cells_keep_their_marks_and_header():
    (table,) = richtext.parse("| **Anno** | Nati |\n| --- | --- |\n| 2023 | *71* |")
    assert table.rows[0][0].content == [Run("Anno", bold=True)] and table.rows[0][0].header
    assert table.rows[1][1].content == [Run("71", italic=True)] and not table.rows[1][1].header
    assert [c.align for c in table.rows[1]] == ["right", "left"]  # "*71*" is text with marks
    (figures,) = richtext.parse("| Mense | € 205.000,00 | 9,51 | -42 | 25% | Appalto |")
    assert [c.align for c in figures.rows[0]] == ["left", "right", "right", "right", "right", "left"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "piano **triennale** dei fabbisogni",
            [Run("piano "), Run("triennale", bold=True), Run(" dei fabbisogni")],
        ),
        (
            "il *PNA 2023* e _ANAC_",
            [Run("il "), Run("PNA 2023", italic=True), Run(" e "), Run("ANAC", italic=True)],
        ),
        ("3 * 4 = 12", [Run("3 * 4 = 12")]),
        ("codice_fiscale_ente", [Run("codice_fiscale_ente")]),
    ],
)
def test_richtext_inline_marks(line, expected):
    assert richtext.inline(line) == expected


def test_table_grid_places_spanning_cells():
    table = Table(
        [
            [cell("Verifica", rowspan=2), cell("Media", colspan=2)],
            [cell("valore"), cell("tempi")],
            [cell("a"), cell("b"), cell("c")],
        ]
    )
    layout = [[(column, c.text, continues) for column, c, continues in row] for row in table.grid()]
    assert layout == [
        [(0, "Verifica", False), (1, "Media", False)],
        [(0, "Verifica", True), (1, "valore", False), (2, "tempi", False)],
        [(0, "a", False), (1, "b", False), (2, "c", False)],
    ]
    assert table.column_count == 3


@pytest.mark.parametrize(
    ("months", "cells"),
    [
        (range(1, 13), [("X", 1, True)] * 12),  # the seed's phases that run all year
        ([4, 5, 6, 7, 8, 9, 10, 11, 12], [("", 3, False)] + [("X", 1, True)] * 9),
        ([1, 2, 9], [("X", 1, True)] * 2 + [("", 6, False), ("X", 1, True), ("", 3, False)]),
        ([], [("", 12, False)]),
    ],
)
def test_month_grid_prints_an_x_per_month_and_a_cell_per_gap(months, cells):
    grid = MonthGrid("Fasi e tempi", MONTH_NAMES, [("1", [m in months for m in range(1, 13)])])
    rows = grid.as_table().rows
    assert [c.text for c in rows[1][:3]] == ["Fasi e tempi", "Gen", "Feb"]
    assert rows[2][0].text == "1"
    assert [(c.text, c.colspan, c.bar) for c in rows[2][1:]] == cells
    assert grid.as_table().column_count == 13


@pytest.mark.parametrize(
    ("roots", "staff", "outside"),
    [
        ([1], {"Rossi": 1, "Bianchi": 2}, ["Bianchi"]),  # 2 is a sibling of 1
        ([1], {"Rossi": 3}, []),  # 3 is a servizio under 1
        ([1, 2], {"Rossi": 1, "Bianchi": 2}, []),  # co-unit
        ([3], {"Verdi": 1}, ["Verdi"]),  # the area above the owner is not below it
    ],
)
def test_staff_outside_the_units_of_an_objective(roots, staff, outside):
    parent_of = {1: None, 2: None, 3: 1}
    assert coherence.staff_outside_units(staff, roots, parent_of) == outside


@pytest.mark.parametrize(
    ("declared", "figures", "mismatches"),
    [
        (28, {"3.1": 28}, []),  # Casorate: 28 at 31/12/2023 in Sezione 1 and in the dotazione
        (28, {"3.1": 29}, [("3.1", 29)]),  # the 2024 hire counted by mistake
        (15, {"3.1": 18, "3.3": 15}, [("3.1", 18)]),
        (None, {"3.1": 5}, []),  # nothing declared: Sezione 1 reports that itself
    ],
)
def test_headcount_mismatch(declared, figures, mismatches):
    found = coherence.headcount_mismatch(declared, figures)
    assert [(m.label, m.figure) for m in found] == mismatches


@pytest.mark.parametrize(
    ("code", "simplified", "required"),
    [
        ("1", True, True),
        ("2.1", True, False),  # nota ANCI: valore pubblico not required under 50 employees
        ("2.2", True, False),
        ("2.3", True, True),
        ("3.1", True, True),
        ("3.2", True, True),
        ("3.3", True, True),
        ("4", True, False),  # monitoraggio not required under 50
        ("2.1", False, True),
        ("4", False, True),
        ("2.2.2", True, True),  # art. 48 d.lgs. 198/2006 applies whatever the size
        ("premesse", True, None),
    ],
)
def test_sections_required_by_the_piano_tipo(code, simplified, required):
    assert is_required(get_section(code), simplified=simplified) is required


def test_sections_follow_the_piano_tipo_order():
    codes = [s.code for s in SECTIONS]
    assert codes.index("1") < codes.index("2.1") < codes.index("2.2") < codes.index("2.3")
    assert (
        codes.index("2.3") < codes.index("3.1") < codes.index("3.2") < codes.index("3.3") < codes.index("4")
    )
    assert [s.code for s in sections_within("3")] == ["3", "3.1", "3.2", "3.3", "3.3.4"]


SEED_3_3 = (
    "-Con riferimento alla classe demografica di appartenenza dell'ente, la percentuale prevista nel "
    "decreto ministeriale attuativo in Tabella 1 è pari al 26,90 % e quella prevista in Tabella 3 è pari "
    "al 25%;\n\n-Il Comune si colloca pertanto entro la soglia più bassa, […] con individuazione di una "
    '"soglia" teorica di spesa, ai sensi della *Tabella 1* del decreto, di Euro 1.379.694,00;'
)


def test_stated_figures_report_the_seeds_mistakes_against_the_law():
    """Casorate's 3.3 quotes Tabella 3 at 25% and the Tabella 1 threshold at € 1.379.694,00; the DM
    gives 30,9% (fascia e) and 26,9% × € 5.380.050,11 = € 1.447.233,48. Tabella 1 (26,90%) is right."""
    found = coherence.stated_figures(
        SEED_3_3,
        table1_pct=Decimal("26.9"),
        table3_pct=Decimal("30.9"),
        table1_threshold=Decimal("1447233.48"),
    )
    assert found == [
        coherence.StatedFigure("Tabella 3", Decimal("25"), Decimal("30.9"), "%"),
        coherence.StatedFigure(
            "soglia di spesa della Tabella 1", Decimal("1379694.00"), Decimal("1447233.48"), "€"
        ),
    ]
    assert coherence.stated_figures(SEED_3_3, table1_pct=None, table3_pct=None, table1_threshold=None) == []
