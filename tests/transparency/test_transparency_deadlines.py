"""Due dates and overdue duties of Amministrazione trasparente, for every frequency."""

from datetime import date

import pytest

from openpiao.transparency.deadlines import (
    HALF_YEARLY,
    NO_DEADLINE,
    NONE,
    NOT_APPLICABLE,
    OK,
    OVERDUE,
    QUARTERLY,
    TIMELY,
    UNKNOWN,
    UNSPECIFIED,
    YEARLY,
    LegalDue,
    deadlines,
    due_status,
    month_end,
)

D = date
JAN_31 = LegalDue(month=1, day=31, norm="art. 1 c. 32 L. 190/2012")
DEC_15 = LegalDue(month=12, day=15, norm="art. 1 c. 14 L. 190/2012")
FEB_29 = LegalDue(month=2, day=29, norm="prova di data fissa al 29 febbraio")
THIRTY_AFTER = LegalDue(days_after_period=30, norm="DPCM 22/9/2014")


@pytest.mark.parametrize(
    ("year", "month", "end"),
    [
        (2024, 2, D(2024, 2, 29)),
        (2023, 2, D(2023, 2, 28)),
        (2100, 2, D(2100, 2, 28)),
        (2000, 2, D(2000, 2, 29)),
        (2024, 4, D(2024, 4, 30)),
        (2024, 12, D(2024, 12, 31)),
    ],
)
def test_month_end(year, month, end):
    assert month_end(year, month) == end


@pytest.mark.parametrize(
    ("frequency", "year", "legal", "dues"),
    [
        (QUARTERLY, 2024, None, [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]),
        (HALF_YEARLY, 2024, None, [D(2024, 6, 30), D(2024, 12, 31)]),
        (YEARLY, 2024, None, [D(2024, 12, 31)]),
        (YEARLY, 2024, JAN_31, [D(2024, 1, 31)]),
        (YEARLY, 2024, FEB_29, [D(2024, 2, 29)]),  # leap year
        (YEARLY, 2025, FEB_29, [D(2025, 2, 28)]),  # common year: last day of February
        # 30 days after each quarter's end: month lengths matter.
        (QUARTERLY, 2024, THIRTY_AFTER, [D(2024, 4, 30), D(2024, 7, 30), D(2024, 10, 30), D(2025, 1, 30)]),
        (TIMELY, 2024, None, []),
        (NONE, 2024, None, []),
    ],
)
def test_deadlines_of_a_year(frequency, year, legal, dues):
    assert [d.due for d in deadlines(frequency, year, legal)] == dues


@pytest.mark.parametrize(
    ("frequency", "legal", "today", "published", "status", "due", "late"),
    [
        # Quarterly (e.g. tassi di assenza, art. 16 c. 3): one update inside each quarter.
        (QUARTERLY, None, D(2024, 5, 10), D(2024, 2, 1), OK, D(2024, 6, 30), 0),
        (QUARTERLY, None, D(2024, 5, 10), D(2023, 12, 20), OVERDUE, D(2024, 3, 31), 40),
        (QUARTERLY, None, D(2024, 3, 31), D(2023, 12, 20), OK, D(2024, 3, 31), 0),  # due today: not late
        (QUARTERLY, None, D(2024, 4, 1), D(2023, 12, 20), OVERDUE, D(2024, 3, 31), 1),
        (QUARTERLY, None, D(2024, 4, 1), None, OVERDUE, D(2024, 3, 31), 1),  # never published
        (QUARTERLY, None, D(2024, 7, 15), D(2024, 7, 2), OK, D(2024, 9, 30), 0),
        # Half-yearly (provvedimenti, art. 23): 30 June and 31 December.
        (HALF_YEARLY, None, D(2024, 7, 1), D(2023, 12, 20), OVERDUE, D(2024, 6, 30), 1),
        (HALF_YEARLY, None, D(2024, 7, 1), D(2024, 1, 5), OK, D(2024, 12, 31), 0),
        (HALF_YEARLY, None, D(2024, 7, 1), D(2024, 6, 30), OK, D(2024, 12, 31), 0),
        (HALF_YEARLY, None, D(2025, 1, 3), D(2024, 6, 1), OVERDUE, D(2024, 12, 31), 3),
        # Yearly without a legal date: one update inside each calendar year.
        (YEARLY, None, D(2024, 3, 1), D(2023, 11, 30), OK, D(2024, 12, 31), 0),
        (YEARLY, None, D(2025, 1, 1), D(2023, 11, 30), OVERDUE, D(2024, 12, 31), 1),
        # Yearly by 31 January (art. 1 c. 32 L. 190/2012).
        (YEARLY, JAN_31, D(2024, 2, 1), D(2024, 1, 30), OK, D(2025, 1, 31), 0),
        (YEARLY, JAN_31, D(2024, 2, 1), D(2023, 12, 30), OVERDUE, D(2024, 1, 31), 1),
        (YEARLY, JAN_31, D(2024, 3, 1), D(2024, 2, 15), OK, D(2025, 1, 31), 0),  # late, but done
        (YEARLY, JAN_31, D(2025, 2, 1), D(2024, 2, 15), OVERDUE, D(2025, 1, 31), 1),  # … not for next year
        # Yearly by 15 December (relazione del RPCT).
        (YEARLY, DEC_15, D(2024, 12, 16), D(2024, 1, 10), OK, D(2025, 12, 15), 0),
        (YEARLY, DEC_15, D(2024, 12, 16), D(2023, 12, 14), OVERDUE, D(2024, 12, 15), 1),
        # Fixed 29 February: 28 February in common years.
        (YEARLY, FEB_29, D(2025, 3, 1), D(2024, 3, 1), OVERDUE, D(2025, 2, 28), 1),
        (YEARLY, FEB_29, D(2024, 3, 1), D(2024, 1, 2), OK, D(2025, 2, 28), 0),
        # 30 days after the quarter: Q4 2023 → 30 January 2024; needs a publication after 31/12.
        (QUARTERLY, THIRTY_AFTER, D(2024, 1, 31), D(2023, 12, 31), OVERDUE, D(2024, 1, 30), 1),
        (QUARTERLY, THIRTY_AFTER, D(2024, 1, 31), D(2024, 1, 2), OK, D(2024, 4, 30), 0),
    ],
)
def test_periodic_duties(frequency, legal, today, published, status, due, late):
    result = due_status(frequency=frequency, today=today, last_published=published, legal=legal)
    assert (result.status, result.due_date, result.days_overdue) == (status, due, late)


@pytest.mark.parametrize(
    ("today", "change", "published", "days", "status", "due", "late"),
    [
        # 30 days from 31 January: 1 March in a leap year, 2 March otherwise.
        (D(2024, 3, 1), D(2024, 1, 31), None, 30, OK, D(2024, 3, 1), 0),
        (D(2024, 3, 2), D(2024, 1, 31), None, 30, OVERDUE, D(2024, 3, 1), 1),
        (D(2023, 3, 2), D(2023, 1, 31), None, 30, OK, D(2023, 3, 2), 0),
        (D(2023, 3, 3), D(2023, 1, 31), D(2022, 12, 1), 30, OVERDUE, D(2023, 3, 2), 1),
        # A shorter term chosen by the ente.
        (D(2024, 12, 31), D(2024, 12, 20), None, 10, OVERDUE, D(2024, 12, 30), 1),
        # Published after the act: in order whatever the date.
        (D(2025, 6, 1), D(2024, 12, 20), D(2024, 12, 21), 10, OK, None, 0),
        # No act recorded.
        (D(2025, 6, 1), None, D(2024, 12, 21), 30, OK, None, 0),
        (D(2025, 6, 1), None, None, 30, UNKNOWN, None, 0),
    ],
)
def test_timely_duties(today, change, published, days, status, due, late):
    result = due_status(
        frequency=TIMELY, today=today, last_published=published, last_change=change, timely_days=days
    )
    assert (result.status, result.due_date, result.days_overdue) == (status, due, late)


@pytest.mark.parametrize("frequency", [NONE, UNSPECIFIED])
def test_duties_without_periodic_update(frequency):
    result = due_status(frequency=frequency, today=D(2024, 6, 1), last_published=None)
    assert result.status == NO_DEADLINE and result.due_date is None


def test_not_applicable_is_never_overdue():
    result = due_status(frequency=QUARTERLY, today=D(2024, 6, 1), last_published=None, not_applicable=True)
    assert result.status == NOT_APPLICABLE


def test_working_names_the_norm_of_a_legal_date():
    result = due_status(frequency=YEARLY, today=D(2024, 2, 1), last_published=None, legal=JAN_31)
    assert any(step.norm == "art. 1 c. 32 L. 190/2012" for step in result.steps)
    assert result.steps[-1].label == "Giorni di ritardo"
