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
        # A valore atteso of `year` in the triennium 2024-2026.
        ("deadline", 2024, "Entro 31/12/2024", False),
        ("deadline", 2024, "01/01/2024", False),
        ("deadline", 2024, "Entro 31/01/2025", False),  # later than its year: allowed, warned
        ("deadline", 2026, "31/12/2026", False),
        ("deadline", 2024, "entro 31/12/1990", True),
        ("deadline", 2024, "31/12/2023", True),
        ("deadline", 2025, "Settembre 2024", True),
        ("deadline", 2026, "31.12.2027", True),
        ("number", 2024, "1990", False),  # a number, not a date
        ("percentage", 2024, "500%", True),
    ],
)
def test_check_target_in_its_year_and_triennium(kind, year, text, refused):
    if refused:
        with pytest.raises(TargetError):
            check_target(kind, text, year, 2026)
    else:
        check_target(kind, text, year, 2026)


def test_a_deadline_outside_says_where_it_must_fall():
    with pytest.raises(TargetError, match="tra il 01/01/2024 e il 31/12/2026, fine del triennio"):
        check_target("deadline", "entro 31/12/1990", 2024, 2026)
