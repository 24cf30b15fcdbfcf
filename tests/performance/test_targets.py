from datetime import date
from decimal import Decimal

import pytest

from openpiao.performance.targets import TargetError, check_target, parse_italian_number, parse_target


@pytest.mark.parametrize(
    "kind, text, comparator, number",
    [
        # Targets printed in Casorate's PIAO 2024-2026 and Albizzate's plan 2023.
        ("number", "1100", None, Decimal("1100")),
        ("number", "< di 5", "lt", Decimal("5")),
        ("number", "+ 19", None, Decimal("19")),
        ("number", "€ 300,00", None, Decimal("300.00")),
        ("number", "€ 1.000,00", None, Decimal("1000.00")),
        ("number", "5333", None, Decimal("5333")),
        ("number", "08 rilevazioni velocità", None, Decimal("8")),
        ("percentage", "100%", None, Decimal("100")),
        ("percentage", "25%", None, Decimal("25")),
        ("percentage", "miglioramento 20%", None, Decimal("20")),
        (
            "percentage",
            "20% sanzione comportamenti illeciti rispetto alla media degli ultimi 3 anni",
            None,
            Decimal("20"),
        ),
        ("percentage", "100% evasione 2018", None, Decimal("100")),
        ("number", "almeno 80", "ge", Decimal("80")),
        ("number", "<= 3", "le", Decimal("3")),
        ("number", "≥ 12,5", "ge", Decimal("12.5")),
        ("number", "1.100", None, Decimal("1100")),
        ("number", "0", None, Decimal("0")),
    ],
)
def test_numeric_targets(kind, text, comparator, number):
    target = parse_target(kind, text)
    assert (target.comparator, target.number, target.text) == (comparator, number, text)


@pytest.mark.parametrize(
    "text, deadline",
    [
        ("Entro 31/12/2024", date(2024, 12, 31)),
        ("Entro il 31/12/2024", date(2024, 12, 31)),
        ("31.12.2023", date(2023, 12, 31)),
        ("30.06.2023", date(2023, 6, 30)),
        ("15/05/2024", date(2024, 5, 15)),
        ("29/02/2024", date(2024, 2, 29)),
        ("Settembre 2023", date(2023, 9, 30)),
        ("Dicembre 2023", date(2023, 12, 31)),
        ("febbraio 2024", date(2024, 2, 29)),  # leap year month end
        ("febbraio 2023", date(2023, 2, 28)),
    ],
)
def test_deadline_targets(text, deadline):
    assert parse_target("deadline", text).deadline == deadline


@pytest.mark.parametrize(
    "text, flag", [("SI", True), ("Si", True), ("sì", True), ("NO", False), ("no", False)]
)
def test_boolean_targets(text, flag):
    assert parse_target("boolean", text).flag is flag


@pytest.mark.parametrize(
    "kind, text, message",
    [
        ("number", "SI", "deve contenere un numero"),
        ("percentage", "tutti", "deve contenere un numero"),
        ("percentage", "-5%", "non può essere negativa"),
        ("percentage", "500%", "non può superare 100"),
        ("percentage", "almeno 100,5%", "non può superare 100"),
        ("boolean", "forse", "«SI» oppure «NO»"),
        ("deadline", "Entro i termini di legge", "indicare una data"),
        ("deadline", "31/02/2024", "non è una data valida"),
        ("number", "", "Indicare il valore atteso"),
        ("text", "   ", "Indicare il valore atteso"),
        ("unknown", "1", "Tipo di indicatore sconosciuto"),
    ],
)
def test_unreadable_targets_say_why(kind, text, message):
    with pytest.raises(TargetError, match=message):
        parse_target(kind, text)


def test_free_text_target_is_kept():
    text = "Entro 60 giorni precedenti alla tornata elettorale"
    assert parse_target("text", text).text == text


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.100", Decimal("1100")),
        ("300,00", Decimal("300.00")),
        ("24.70", Decimal("24.70")),
        ("1.329.200,48", Decimal("1329200.48")),
        ("+19", Decimal("19")),
    ],
)
def test_italian_numbers(text, value):
    assert parse_italian_number(text) == value


@pytest.mark.parametrize("text", ["0%", "100%", "almeno 99,5%"])
def test_percentage_targets_from_0_to_100(text):
    assert 0 <= parse_target("percentage", text).number <= 100


@pytest.mark.parametrize(
    "kind, year, text, refused",
    [
        # A valore atteso of `year`: its deadline falls in that year, never in another.
        ("deadline", 2024, "Entro 31/12/2024", False),
        ("deadline", 2024, "01/01/2024", False),
        ("deadline", 2026, "31/12/2026", False),
        ("deadline", 2024, "entro il 30 settembre", False),
        ("deadline", 2024, "14-16 giugno", False),
        ("deadline", 2024, "entro il primo semestre", False),
        ("deadline", 2024, "Entro 31/01/2025", True),  # next year's: goes under 2025
        ("deadline", 2024, "entro 31/12/1990", True),
        ("deadline", 2024, "31/12/2023", True),
        ("deadline", 2025, "Settembre 2024", True),
        ("deadline", 2026, "31.12.2027", True),
        ("deadline", 2024, "14-16 giugno 2025", True),
        ("number", 2024, "1990", False),  # a number, not a date
        ("percentage", 2024, "500%", True),
    ],
)
def test_check_target_in_its_year(kind, year, text, refused):
    if refused:
        with pytest.raises(TargetError):
            check_target(kind, text, year)
    else:
        check_target(kind, text, year)


def test_a_deadline_outside_says_where_it_must_fall():
    with pytest.raises(TargetError, match="deve cadere nel 2024 \\(dal 01/01/2024 al 31/12/2024\\)"):
        check_target("deadline", "Entro 31/01/2025", 2024)


@pytest.mark.parametrize(
    "text, start, deadline",
    [
        # Dates as real plans write them under the column of their year (2024 here).
        ("14-16 giugno", date(2024, 6, 14), date(2024, 6, 16)),
        ("dal 14 al 16 giugno", date(2024, 6, 14), date(2024, 6, 16)),
        ("Festa patronale 14-16 giugno 2024", date(2024, 6, 14), date(2024, 6, 16)),
        ("entro il 30 settembre", None, date(2024, 9, 30)),
        ("Entro il 1° luglio", None, date(2024, 7, 1)),
        ("30 settembre 2024", None, date(2024, 9, 30)),
        ("entro il primo semestre", None, date(2024, 6, 30)),
        ("entro il I semestre", None, date(2024, 6, 30)),
        ("secondo semestre", None, date(2024, 12, 31)),
        ("entro il terzo trimestre", None, date(2024, 9, 30)),
        ("entro fine anno", None, date(2024, 12, 31)),
        ("entro settembre", None, date(2024, 9, 30)),
        ("Approvazione del regolamento in Consiglio entro il 30/09", None, date(2024, 9, 30)),
        ("Entro 31/12/2024", None, date(2024, 12, 31)),
    ],
)
def test_dates_ranges_and_milestones(text, start, deadline):
    target = parse_target("deadline", text, 2024)
    assert (target.start, target.deadline, target.text) == (start, deadline, text)


@pytest.mark.parametrize(
    "text, message",
    [
        ("entro il 30 settembre", "manca l'anno"),  # no year to take it from
        ("16-14 giugno 2024", "il primo giorno viene dopo l'ultimo"),
        ("31 febbraio 2024", "non è una data valida"),
        ("entro il 31/09", "manca l'anno"),
    ],
)
def test_dates_without_a_year_or_impossible(text, message):
    with pytest.raises(TargetError, match=message):
        parse_target("deadline", text)


def test_impossible_date_in_its_year():
    with pytest.raises(TargetError, match="non è una data valida"):
        parse_target("deadline", "entro il 31/09", 2024)


@pytest.mark.parametrize("text", ["SI/NO", "SI / NO", "Sì/No"])
def test_yes_no_milestone_expects_yes(text):
    assert parse_target("boolean", text).flag is True
