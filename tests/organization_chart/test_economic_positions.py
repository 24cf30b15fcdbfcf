"""Old economic positions (ex posizioni economiche) checked against the CCNL ladders in reference data."""

import shutil

import pytest
from django.core.exceptions import ValidationError

from openpiao.organization_chart.economic_positions import parse_position, position_error
from openpiao.organization_chart.models import AREA_OF_OLD_CATEGORY
from openpiao.organization_chart.reference import POSITIONS_FILE, position_ranges, read_positions


@pytest.mark.parametrize(
    ("category", "first", "last", "entries"),
    [("A", 1, 6, (1,)), ("B", 1, 8, (1, 3)), ("C", 1, 6, (1,)), ("D", 1, 7, (1, 3))],
)
def test_ladders_come_from_the_reference_file(category, first, last, entries):
    ladder = position_ranges()[category]
    assert (ladder.first, ladder.last, ladder.entries) == (first, last, entries)


@pytest.mark.parametrize(
    ("category", "position"),
    [
        ("A", "A1"),
        ("A", "A5"),  # Casorate's seed prints "ex A5"
        ("A", "A6"),
        ("B", "B1"),
        ("B", "B3"),
        ("B", "B6"),  # "ex B6"
        ("B", "B8"),
        ("C", "C1"),
        ("C", "c4"),
        ("C", "C6"),
        ("D", "D3"),
        ("D", "D6"),  # "ex D6"
        ("D", "D7"),
    ],
)
def test_positions_inside_the_ladder_are_accepted(category, position):
    assert position_error(position, category, position_ranges()) is None


SHAPE = "Indicare la lettera dell'ex categoria seguita dal numero della posizione, per esempio C4."


@pytest.mark.parametrize(
    ("category", "position", "message"),
    [
        ("A", "A7", "La ex categoria A arriva fino a A6."),
        ("B", "B9", "La ex categoria B arriva fino a B8."),
        ("C", "C7", "La ex categoria C arriva fino a C6."),
        ("D", "D8", "La ex categoria D arriva fino a D7."),
        ("D", "D12", "La ex categoria D arriva fino a D7."),
        ("C", "C0", "La ex categoria C parte da C1."),
        ("C", "D4", "La posizione economica deve iniziare con la lettera dell'ex categoria."),
        ("C", "4C", SHAPE),
        ("C", "C", SHAPE),
    ],
)
def test_positions_outside_the_ladder_are_refused_with_the_reason(category, position, message):
    assert position_error(position, category, position_ranges()) == message


def test_parse_position():
    assert parse_position(" d7 ") == ("D", 7)
    assert parse_position("D 7") is None


def test_the_ladder_is_read_from_the_data_file_not_from_code(settings, tmp_path):
    source = settings.REFERENCE_DATA_DIR / POSITIONS_FILE
    shutil.copy(source, tmp_path / POSITIONS_FILE)
    text = (tmp_path / POSITIONS_FILE).read_text(encoding="utf-8")
    text = text.replace("ultima_posizione: C6", "ultima_posizione: C5")
    (tmp_path / POSITIONS_FILE).write_text(text, encoding="utf-8")
    settings.REFERENCE_DATA_DIR = tmp_path
    position_ranges.cache_clear()
    try:
        assert position_error("C6", "C", position_ranges()) == "La ex categoria C arriva fino a C5."
    finally:
        position_ranges.cache_clear()


@pytest.mark.django_db
def test_employee_clean_puts_the_message_next_to_the_field(casorate):
    employee = casorate.employees.filter(old_category="C").first()
    employee.economic_position = "C7"
    with pytest.raises(ValidationError) as error:
        employee.full_clean()
    assert error.value.message_dict["economic_position"] == ["La ex categoria C arriva fino a C6."]


@pytest.mark.django_db
def test_employee_clean_asks_for_the_category_of_a_position(casorate):
    employee = casorate.employees.filter(old_category="C").first()
    employee.old_category = ""
    employee.economic_position = "C2"
    with pytest.raises(ValidationError) as error:
        employee.full_clean()
    assert error.value.message_dict["economic_position"] == [
        "Indicare l'ex categoria a cui appartiene la posizione economica."
    ]


@pytest.mark.django_db
def test_every_demo_employee_sits_inside_its_ladder(casorate, albizzate):
    ranges = position_ranges()
    for plan in (casorate, albizzate):
        for employee in plan.employees.exclude(economic_position=""):
            assert position_error(employee.economic_position, employee.old_category, ranges) is None


def test_the_reference_file_and_the_code_transpose_the_categories_alike():
    """The file names each old category's CCNL 2022 area; the model's check uses
    AREA_OF_OLD_CATEGORY: the two must not drift apart."""
    from_file = {row["ex_categoria"]: row["area_ccnl_2022"] for row in read_positions()}
    assert from_file == {category: area.label for category, area in AREA_OF_OLD_CATEGORY.items()}
