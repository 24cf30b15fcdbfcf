"""Registro degli accessi: the 30-day term and the yearly counts the seed's indicator uses."""

from datetime import date

import pytest

from openpiao.transparency.access_terms import (
    ANSWERED_IN_TIME,
    ANSWERED_LATE,
    DOCUMENTARY,
    GENERALISED,
    OVERDUE,
    PENDING,
    SIMPLE,
    answer_term,
    yearly_counts,
)

D = date


@pytest.mark.parametrize(
    ("received", "answered", "today", "due", "state", "late"),
    [
        (D(2024, 1, 31), None, D(2024, 3, 1), D(2024, 3, 1), PENDING, 0),  # leap year: 31/1 + 30 = 1/3
        (D(2023, 1, 31), None, D(2023, 3, 3), D(2023, 3, 2), OVERDUE, 1),
        (D(2024, 3, 4), D(2024, 4, 3), D(2024, 5, 1), D(2024, 4, 3), ANSWERED_IN_TIME, 0),
        (D(2024, 3, 4), D(2024, 4, 10), D(2024, 5, 1), D(2024, 4, 3), ANSWERED_LATE, 7),
        (D(2024, 12, 15), None, D(2025, 1, 20), D(2025, 1, 14), OVERDUE, 6),
    ],
)
def test_answer_term_of_thirty_days(received, answered, today, due, state, late):
    term = answer_term(received_on=received, answered_on=answered, today=today, days=30)
    assert (term.due, term.state, term.days_late) == (due, state, late)


def test_yearly_counts_per_kind():
    today = D(2024, 12, 31)

    def row(kind, received, answered):
        term = answer_term(received_on=received, answered_on=answered, today=today, days=30)
        return received.year, kind, term

    counts = yearly_counts(
        [
            row(SIMPLE, D(2024, 2, 1), D(2024, 2, 20)),
            row(SIMPLE, D(2024, 5, 1), D(2024, 6, 15)),
            row(SIMPLE, D(2024, 12, 20), None),
            row(GENERALISED, D(2024, 3, 1), None),
            row(DOCUMENTARY, D(2023, 10, 1), D(2023, 10, 5)),
        ]
    )
    table = {(c.year, c.kind): (c.received, c.answered_in_time, c.late, c.pending) for c in counts}
    assert table[(2024, SIMPLE)] == (3, 1, 1, 1)
    assert table[(2024, GENERALISED)] == (1, 0, 1, 0)
    assert table[(2024, DOCUMENTARY)] == (0, 0, 0, 0)
    assert table[(2023, DOCUMENTARY)] == (1, 1, 0, 0)
    assert len(counts) == 6  # two years × three kinds
