"""What a new review proposes: its date, and what it carries from the previous review."""

from datetime import date
from decimal import Decimal

import pytest

from openpiao.evaluation.prefill import carried_value, default_reference_date


@pytest.mark.parametrize(
    ("kind", "year", "today", "expected"),
    [
        ("final", 2024, date(2025, 2, 10), date(2024, 12, 31)),  # entered after the year: its end
        ("final", 2024, date(2024, 11, 20), date(2024, 12, 31)),
        ("final", 2024, date(2026, 11, 30), date(2024, 12, 31)),  # entered years later
        ("intermediate", 2024, date(2024, 9, 15), date(2024, 7, 31)),  # the usual 31 July
        ("intermediate", 2024, date(2025, 3, 1), date(2024, 7, 31)),  # late entry stays in the year
        ("intermediate", 2024, date(2023, 12, 20), date(2024, 7, 31)),  # plan written ahead
        ("intermediate", 2024, date(2024, 5, 10), date(2024, 5, 10)),  # not in the future
        ("intermediate", 2024, date(2024, 7, 31), date(2024, 7, 31)),
    ],
)
def test_default_reference_date(kind, year, today, expected):
    assert default_reference_date(kind, year, today) == expected


EMPTY = {"number": None, "flag": None, "done_on": None, "text": ""}


@pytest.mark.parametrize(
    ("kind", "value", "carried"),
    [
        ("deadline", {"done_on": date(2024, 5, 16)}, {"done_on": date(2024, 5, 16)}),
        ("deadline", {}, {}),  # not completed yet: to be entered
        ("boolean", {"flag": True}, {"flag": True}),  # reached stays reached
        ("boolean", {"flag": False}, {}),  # may have been reached since
        ("number", {"number": Decimal(640)}, {}),  # a partial figure: measured again
        ("percentage", {"number": Decimal("62.5")}, {}),
        ("text", {"text": "Bozza del regolamento"}, {}),  # the Nucleo judges the final text
    ],
)
def test_what_a_review_carries(kind, value, carried):
    assert carried_value(kind, **{**EMPTY, **value}) == carried
