"""Plans as comuni write them: pre-requisiti, objectives measured by their phases, targets as
dates, ranges and milestones (issue 13). Tables of cases for the pure rules."""

from datetime import date
from decimal import Decimal

import pytest

from openpiao.evaluation.bonus import Candidate, Prerequisite, distribute_fund
from openpiao.evaluation.scoring import (
    Measurement,
    PhaseState,
    Rules,
    Score,
    indicator_achievement,
    phase_completion,
    phase_is_due,
    prerequisite_met,
)
from openpiao.performance.targets import parse_target

D = Decimal
FULL = D(100)
DEFAULT = Rules()


def achieved(kind, text, year=2024, as_of=date(2024, 12, 31), rules=DEFAULT, **measured):
    return indicator_achievement(
        kind=kind,
        direction="ge",
        target=parse_target(kind, text, year),
        measured=Measurement(**measured) if measured else None,
        rules=rules,
        as_of=as_of,
    )


@pytest.mark.parametrize(
    "text, done_on, expected",
    [
        # "14-16 giugno": an event held within its days is met; a late one loses a period.
        ("14-16 giugno", date(2024, 6, 15), D(100)),
        ("14-16 giugno", date(2024, 6, 16), D(100)),
        ("14-16 giugno", date(2024, 6, 20), D(90)),
        # "entro il 30 settembre", "entro il primo semestre": met by the date, or 10 per 30 days late.
        ("entro il 30 settembre", date(2024, 9, 30), D(100)),
        ("entro il 30 settembre", date(2024, 10, 31), D(80)),
        ("entro il primo semestre", date(2024, 6, 30), D(100)),
        ("entro il primo semestre", date(2024, 7, 1), D(90)),
        # A text with a deadline.
        ("Approvazione del regolamento entro il 30/09", date(2024, 9, 1), D(100)),
    ],
)
def test_dates_ranges_and_milestones_are_met_by_date(text, done_on, expected):
    assert achieved("deadline", text, done_on=done_on).value == expected


def test_a_range_shows_its_days_in_the_working():
    steps = achieved("deadline", "14-16 giugno", done_on=date(2024, 6, 15)).steps
    assert [(s.label, s.value) for s in steps[:2]] == [
        ("periodo previsto", "dal 14/06/2024 al 16/06/2024"),
        ("scadenza", "16/06/2024"),
    ]


@pytest.mark.parametrize("flag, expected", [(True, D(100)), (False, D(0))], ids=["fatto", "non fatto"])
def test_yes_no_milestone(flag, expected):
    assert achieved("boolean", "SI/NO", flag=flag).value == expected


@pytest.mark.parametrize(
    "planned, month, due",
    [
        ([3, 4], 5, True),  # last planned month past
        ([3, 4], 4, False),  # still in its last month
        ([11, 12], 12, False),
        ([11, 12], 13, True),  # year over: every phase is due
        ([], 7, False),  # no months: due only at year end
        ([], 13, True),
    ],
)
def test_phase_is_due(planned, month, due):
    assert phase_is_due(planned, month) is due


@pytest.mark.parametrize(
    "phases, expected",
    [
        # Final review: 3 phases, 2 completed → 66.67%.
        ([("a", True, True), ("b", True, True), ("c", False, True)], D("66.67")),
        # All completed.
        ([("a", True, True), ("b", True, True)], D(100)),
        # Mid-year: one due and done, one done early, one not yet due (not counted).
        ([("a", True, True), ("b", True, False), ("c", False, False)], D(100)),
        # Mid-year: one due, not done.
        ([("a", False, True), ("b", False, False)], D(0)),
        # Nothing due yet: not measured.
        ([("a", False, False)], None),
    ],
)
def test_phase_completion(phases, expected):
    result = phase_completion([PhaseState(*p) for p in phases])
    assert result.value == expected
    assert result.steps[0].label == "obiettivo senza indicatori: misurato dalle fasi"


@pytest.mark.parametrize(
    "score, met",
    [(D(100), D(100)), (D("99.99"), D(0)), (D(0), D(0)), (D(120), D(100)), (None, None)],
)
def test_prerequisite_met_or_not(score, met):
    result = prerequisite_met(Score(score))
    assert result.value == met
    if met is not None:
        assert result.steps[-1].label == ("pre-requisito raggiunto" if met else "pre-requisito non raggiunto")


def c(key, score, *prerequisites):
    return Candidate(key, key, score, FULL, prerequisites=tuple(prerequisites))


CODE = "Rispetto del codice di comportamento"


@pytest.mark.parametrize(
    "candidates, expected, reasons",
    [
        # Legal edge: the pre-requisito not met zeroes the share of who it applies to (b), and
        # nobody else's: the fund goes to the others.
        (
            [
                c("a", D(80), Prerequisite(CODE, True)),
                c("b", D(80), Prerequisite(CODE, False)),
                c("c", D(80)),
            ],
            {"a": D(1500), "b": D(0), "c": D(1500)},
            {"b": f"pre-requisito non raggiunto: «{CODE}»"},
        ),
        # Met by everyone: as if there were none.
        (
            [c("a", D(80), Prerequisite(CODE, True)), c("b", D(80), Prerequisite(CODE, True))],
            {"a": D(1500), "b": D(1500)},
            {},
        ),
        # Not met: however high the score.
        (
            [c("a", D(100), Prerequisite(CODE, False)), c("b", D(60))],
            {"a": D(0), "b": D(3000)},
            {"a": f"pre-requisito non raggiunto: «{CODE}»"},
        ),
        # Not yet verified: that share cannot be computed yet.
        (
            [c("a", D(80), Prerequisite(CODE, None)), c("b", D(80))],
            {"a": D(0), "b": D(3000)},
            {"a": f"pre-requisito non ancora verificato: «{CODE}»"},
        ),
        # Two pre-requisiti, one failed.
        (
            [c("a", D(80), Prerequisite(CODE, True), Prerequisite("Formazione anticorruzione", False))],
            {"a": D(0)},
            {"a": "pre-requisito non raggiunto: «Formazione anticorruzione»"},
        ),
    ],
)
def test_prerequisite_gates_the_bonus(candidates, expected, reasons):
    distribution = distribute_fund(D(3000), candidates, threshold=D(60))
    assert {s.key: s.amount for s in distribution.shares} == expected
    assert {s.key: s.reason for s in distribution.shares if s.reason} == reasons


def test_the_working_names_each_prerequisite():
    distribution = distribute_fund(D(1000), [c("a", D(80), Prerequisite(CODE, True))], threshold=D(60))
    (share,) = distribution.shares
    assert (share.steps[1].label, share.steps[1].value) == (f"pre-requisito «{CODE}»", "raggiunto")
    assert share.amount == D(1000)
