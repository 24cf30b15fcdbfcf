"""The scoring rules, case by case, starting from the targets printed in Casorate's PIAO."""

from datetime import date
from decimal import Decimal

import pytest

from openpiao.evaluation import monitoring
from openpiao.evaluation.scoring import (
    Measurement,
    Part,
    Rules,
    behaviour_score,
    indicator_achievement,
    individual_score,
    mean_achievement,
    mean_timeliness,
    months_elapsed,
    objective_score,
    organization_score,
    phase_timeliness,
    results_score,
    unit_score,
)
from openpiao.performance.targets import parse_target

D = Decimal
JULY = date(2024, 7, 31)
DEFAULT = Rules()
CAP_120 = Rules(cap=D(120))
FLOOR_30 = Rules(floor=D(30))


def achievement(kind, direction, target_text, rules=DEFAULT, as_of=JULY, **measured):
    target = parse_target(kind, target_text) if target_text is not None else None
    measurement = Measurement(**measured) if measured else None
    return indicator_achievement(
        kind=kind, direction=direction, target=target, measured=measurement, rules=rules, as_of=as_of
    )


@pytest.mark.parametrize(
    "kind, direction, target, rules, number, expected",
    [
        # Casorate, Amministrativo obj. 1: "n. carte identità rilasciate in modalità elettronica" 1100.
        ("number", "ge", "1100", DEFAULT, D(640), D("58.18")),
        ("number", "ge", "1100", DEFAULT, D(1100), D(100)),
        ("number", "ge", "1100", DEFAULT, D(1320), D(100)),  # capped at 100%
        ("number", "ge", "1100", CAP_120, D(1320), D(120)),  # the ente recognises up to 120%
        ("number", "ge", "1100", CAP_120, D(1430), D(120)),
        ("number", "ge", "1100", FLOOR_30, D(300), D(0)),  # 27,27% is below the floor
        ("number", "ge", "1100", FLOOR_30, D(330), D(30)),  # exactly the floor counts
        # "n. carte identità rilasciate in modalità cartacea (solo in casi eccezionali)" 15: less is better.
        ("number", "le", "15", DEFAULT, D(20), D(75)),
        ("number", "le", "15", DEFAULT, D(6), D(100)),
        ("number", "le", "15", CAP_120, D(6), D(120)),
        ("number", "le", "15", CAP_120, D(0), D(120)),  # achieved zero with ≤: the best result, the cap
        ("number", "le", "15", DEFAULT, D(0), D(100)),
        # POLA "N. giornate di assenza" 0: target 0 is a threshold.
        ("number", "le", "0", DEFAULT, D(0), D(100)),
        ("number", "le", "0", DEFAULT, D(3), D(0)),
        ("number", "ge", "0", DEFAULT, D(4), D(100)),
        ("number", "eq", "0", DEFAULT, D(0), D(100)),
        ("number", "eq", "0", DEFAULT, D(1), D(0)),
        # "= esattamente": the gap from the value counts against it.
        ("number", "eq", "450", DEFAULT, D(450), D(100)),
        ("number", "eq", "450", DEFAULT, D(405), D(90)),
        ("number", "eq", "450", DEFAULT, D(495), D(90)),
        ("number", "eq", "450", DEFAULT, D(1000), D(0)),
        # "< di 5": a comparator written in the target is a strict threshold, whatever the direction.
        ("number", "ge", "< di 5", DEFAULT, D(4), D(100)),
        ("number", "ge", "< di 5", DEFAULT, D(5), D(0)),
        ("number", "ge", "< di 5", DEFAULT, D(0), D(100)),
        ("number", "le", "> 10", DEFAULT, D(11), D(100)),
        ("number", "le", "> 10", DEFAULT, D(10), D(0)),
        # "almeno" / "max" written in the target override the direction but keep the ratio.
        ("percentage", "le", "almeno 80%", DEFAULT, D(60), D(75)),
        ("percentage", "ge", "max 20%", DEFAULT, D(25), D(80)),
        # POLA "Soddisfazione sul lavoro da remoto" 80%.
        ("percentage", "ge", "80%", DEFAULT, D(72), D(90)),
        ("percentage", "ge", "80%", DEFAULT, D(-5), D(0)),
    ],
)
def test_number_achievement(kind, direction, target, rules, number, expected):
    result = achievement(kind, direction, target, rules, number=number)
    assert result.value == expected
    assert result.steps, "every achievement shows its working"


@pytest.mark.parametrize(
    "target, flag, expected",
    [
        ("SI", True, D(100)),  # POLA "Presenza di un sistema VPN" SI
        ("SI", False, D(0)),
        ("NO", False, D(100)),  # "Presenza di una intranet" NO
        ("NO", True, D(0)),
    ],
)
def test_yes_no(target, flag, expected):
    assert achievement("boolean", "ge", target, flag=flag).value == expected


@pytest.mark.parametrize(
    "rules, done_on, as_of, expected",
    [
        # Amministrativo obj. 2: "Completamento dell'attività Investimento 1.2" 15/05/2024.
        (DEFAULT, date(2024, 5, 15), JULY, D(100)),  # met on the day
        (DEFAULT, date(2024, 3, 1), JULY, D(100)),  # early
        (DEFAULT, date(2024, 5, 16), JULY, D(90)),  # missed by one day: one period started
        (DEFAULT, date(2024, 6, 14), JULY, D(90)),  # 30 days late: still one period
        (DEFAULT, date(2024, 6, 15), JULY, D(80)),  # 31 days: two periods
        (Rules(deadline_reduction=D(100)), date(2024, 5, 16), JULY, D(0)),  # met or nothing
        (Rules(deadline_reduction=D(5), deadline_period_days=7), date(2024, 5, 30), JULY, D(85)),  # 15 days
        (DEFAULT, date(2024, 12, 31), date(2025, 1, 31), D(20)),  # 230 days: 8 periods
        (Rules(deadline_reduction=D(20)), date(2024, 12, 31), date(2025, 1, 31), D(0)),  # never below 0
        (DEFAULT, None, date(2024, 5, 10), None),  # not done, deadline not reached: not measured
        (DEFAULT, None, date(2024, 5, 20), D(90)),  # not done and 5 days past: late so far
    ],
)
def test_deadline(rules, done_on, as_of, expected):
    measured = {"done_on": done_on} if done_on else {}
    result = achievement("deadline", "ge", "15/05/2024", rules, as_of=as_of, **measured)
    assert result.value == expected


@pytest.mark.parametrize(
    "judgement, rules, expected",
    [(D(85), DEFAULT, D(85)), (D(20), FLOOR_30, D(0)), (None, DEFAULT, None), (D(100), DEFAULT, D(100))],
)
def test_text_judged_by_the_evaluator(judgement, rules, expected):
    result = achievement("text", "ge", "Rendicontazione trasmessa", rules, judgement=judgement)
    assert result.value == expected


@pytest.mark.parametrize(
    "kind, target, measured, note",
    [
        ("number", "1100", {}, "valore non rilevato"),  # missing value
        ("number", "1100", {"flag": True}, "valore non rilevato"),
        ("boolean", "SI", {"number": D(1)}, "valore non rilevato"),
        ("number", None, {"number": D(3)}, "valore atteso mancante"),
        ("text", "buono", {}, "valore non rilevato"),
    ],
)
def test_missing_values_are_not_measured(kind, target, measured, note):
    result = achievement(kind, "ge", target, **measured)
    assert result.value is None
    assert note in result.note


@pytest.mark.parametrize(
    "parts, weighted, expected",
    [
        ([Part("a", D("58.18")), Part("b", D(100)), Part("c", D(40))], True, D("66.06")),
        ([Part("a", D(100), D(3)), Part("b", D(50), D(1))], True, D("87.50")),  # weighted
        ([Part("a", D(100), D(3)), Part("b", D(50), D(1))], False, D(75)),  # the SMVP says simple
        ([Part("a", D(100)), Part("b", None)], True, D(100)),  # a missing value is left out
        ([Part("a", None), Part("b", None)], True, None),  # nothing measured
        ([Part("a", D(80), D(0)), Part("b", D(40), D(0))], True, D(60)),  # zero weights: simple mean
    ],
)
def test_mean_achievement(parts, weighted, expected):
    result = mean_achievement(parts, Rules(weighted_indicators=weighted))
    assert result.value == expected


@pytest.mark.parametrize(
    "planned, actual, completed, month, expected",
    [
        (list(range(1, 13)), list(range(1, 7)), False, 7, D(100)),  # Jan-Jun worked, July in progress
        (list(range(1, 13)), list(range(1, 8)), False, 7, D(100)),
        (list(range(1, 13)), [3, 4, 5, 6], False, 7, D("66.67")),  # started in March
        ([4, 5, 6], [4, 5, 6], True, 7, D(100)),  # done within the plan
        ([4, 5, 6], [4, 5, 6, 7], True, 8, D(0)),  # done a month late
        ([4, 5, 6], [4, 5], False, 8, D(0)),  # past its last month, not done
        ([4, 5, 6], [4, 5], False, 6, D(100)),  # June in progress and not marked: not counted yet
        ([4, 5, 6], [4], False, 6, D(50)),  # May missed
        ([9, 10], [], False, 7, None),  # not due yet
        ([], [], False, 7, None),  # no months planned
        ([1, 2, 3], [1, 2, 3], True, 13, D(100)),  # final review, next year
        (list(range(1, 13)), list(range(1, 13)), False, 13, D(0)),  # year over, never marked concluded
    ],
)
def test_phase_timeliness(planned, actual, completed, month, expected):
    assert (
        phase_timeliness(planned=planned, actual=actual, completed=completed, month=month).value == expected
    )


def test_mean_timeliness_skips_phases_not_due():
    result = mean_timeliness([Part("f1", D(100)), Part("f2", D(0)), Part("f3", None)])
    assert result.value == D(50)
    assert "1 su 3" in result.note


@pytest.mark.parametrize(
    "as_of, month",
    [(date(2024, 7, 31), 7), (date(2025, 2, 10), 13), (date(2023, 12, 1), 0), (date(2024, 1, 1), 1)],
)
def test_months_elapsed(as_of, month):
    assert months_elapsed(2024, as_of) == month


@pytest.mark.parametrize(
    "value, time, rules, expected",
    [
        (D("66.06"), D(100), DEFAULT, D("72.85")),  # 80% × 66,06 + 20% × 100
        (D(90), D(50), Rules(value_share=D(70), time_share=D(30)), D(78)),
        (D(90), None, DEFAULT, D(90)),  # no phase due: the value counts alone
        (None, D(75), DEFAULT, D(75)),
        (None, None, DEFAULT, None),
        (D(90), D(50), Rules(value_share=D(100), time_share=D(0)), D(90)),
    ],
)
def test_objective_score(value, time, rules, expected):
    assert objective_score(value_mean=value, time_mean=time, rules=rules).value == expected


@pytest.mark.parametrize(
    "objectives, mode, expected",
    [
        # Casorate, Servizio Amministrativo: weights 30 + 30 + 15 + 15 + 10 (percent).
        (
            [
                Part("1", D(80), D(30)),
                Part("2", D(100), D(30)),
                Part("3", D(60), D(15)),
                Part("4", D(90), D(15)),
                Part("5", D(50), D(10)),
            ],
            "percent",
            D("81.50"),
        ),
        # Weights in points: "MAX 20 PUNTI" each, four objectives.
        (
            [
                Part("1", D(100), D(20)),
                Part("2", D(50), D(20)),
                Part("3", D(80), D(20)),
                Part("4", D(70), D(20)),
            ],
            "points",
            D(75),
        ),
        ([Part("1", D(100), D(40)), Part("2", D(40), D(10))], "points", D(88)),
        ([Part("only", D("72.85"), D(100))], "percent", D("72.85")),  # a unit with one objective
        ([Part("only", D(64), None)], "percent", D(64)),  # one objective without weight
        ([Part("1", D(100), D(60)), Part("2", None, D(40))], "percent", D(100)),  # unmeasured: re-based
        ([Part("1", D(100), D(60)), Part("2", D(50), None)], "percent", D(75)),  # weight missing: simple mean
        ([Part("1", None, D(100))], "percent", None),
    ],
)
def test_unit_score(objectives, mode, expected):
    result = unit_score(objectives, weight_mode=mode)
    assert result.value == expected


def test_unit_score_states_the_weight_measured():
    result = unit_score([Part("1", D(100), D(60)), Part("2", None, D(40))], weight_mode="percent")
    assert any(step.value == "60% su 100%" for step in result.steps)


@pytest.mark.parametrize(
    "method, expected",
    [("units", D(75)), ("objectives", D("83.33"))],
)
def test_ente_score(method, expected):
    units = [Part("Amministrativo", D(100)), Part("Territorio", D(50)), Part("Segreteria", None)]
    objectives = [Part("a1", D(100)), Part("a2", D(100)), Part("t1", D(50))]
    result = organization_score(units=units, objectives=objectives, rules=Rules(organization_method=method))
    assert result.value == expected


@pytest.mark.parametrize(
    "votes, scale, expected",
    [
        ([Part("qualità", D(8), D(1)), Part("utenza", D(6), D(1))], D(10), D(70)),
        ([Part("qualità", D(8), D(2)), Part("utenza", D(6), D(1))], D(10), D("73.33")),
        ([Part("qualità", D(4), D(1)), Part("utenza", D(5), D(1))], D(5), D(90)),
        ([Part("qualità", None, D(1))], D(10), None),
    ],
)
def test_behaviour_score(votes, scale, expected):
    assert behaviour_score(votes, scale_max=scale).value == expected


def test_employee_on_objectives_of_two_units():
    """Casorate's «Beatrice Garimberti» at 33% of an Amministrativo objective and, say, 50% of a
    Segreteria one: each objective counts by her participation."""
    results = results_score(
        [
            Part("Amministrativo, obiettivo 1", D(60), D(33)),
            Part("Segreteria, obiettivo 1", D(90), D(50)),
        ]
    )
    assert results.value == D("78.07")  # (33 × 60 + 50 × 90) / 83
    staff = individual_score(results=results.value, behaviour=D(70), results_share=D(50), is_eq_holder=False)
    assert staff.value == D("74.04")


@pytest.mark.parametrize(
    "results, behaviour, share, eq, expected",
    [
        (D(80), D(60), D(70), True, D(74)),  # E.Q.: results weigh most
        (D(80), D(60), D(50), False, D(70)),  # other staff, the same marks
        (D(80), None, D(50), False, None),  # behaviour not yet assessed
        (None, D(60), D(50), False, None),
    ],
)
def test_individual_score(results, behaviour, share, eq, expected):
    result = individual_score(results=results, behaviour=behaviour, results_share=share, is_eq_holder=eq)
    assert result.value == expected


@pytest.mark.parametrize(
    "score, final, month, overdue, time_mean, status",
    [
        (D(60), False, 7, 0, D(100), monitoring.ON_TRACK),  # July: 58,33% expected
        (D(50), False, 7, 0, D(100), monitoring.LATE),
        (D(60), False, 7, 1, D(100), monitoring.LATE),  # a phase overdue
        (D(60), False, 7, 0, D(80), monitoring.LATE),  # phases behind
        (D(40), False, 7, 0, D(100), monitoring.AT_RISK),  # below 70% of 58,33%
        (None, False, 7, 0, None, monitoring.NOT_MEASURED),
        (D(40), True, 13, 0, D(100), monitoring.DONE),
    ],
)
def test_objective_status(score, final, month, overdue, time_mean, status):
    result = monitoring.objective_status(
        score=score,
        final=final,
        month=month,
        overdue_phases=overdue,
        time_mean=time_mean,
        at_risk_ratio=D(70),
    )
    assert result.code == status


def test_histogram():
    bands = monitoring.histogram([D(10), D(59.9), D(60), D(100), D(120)], [0, 20, 40, 60, 80, 100])
    assert bands == [("0-20%", 1), ("20-40%", 0), ("40-60%", 1), ("60-80%", 1), ("80-100%", 0), ("≥ 100%", 2)]
