"""Rules of Sezione 3 as tables of cases, starting from the figures printed in Casorate's PIAO."""

import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest

from openpiao.human_capital import reference
from openpiao.human_capital.gender_balance import check_gender_gap
from openpiao.human_capital.headcount import StaffRow, economic_positions, gender_tables
from openpiao.human_capital.hiring_capacity import CapacityInputs, Position, compute_hiring_capacity
from openpiao.human_capital.smart_working import answer_term, presence_prevails
from openpiao.human_capital.spending_caps import check_557, check_flexible_work
from openpiao.human_capital.training import check_budget, hours_per_employee, hours_target_for


@pytest.fixture(scope="module")
def tables():
    return reference.capacity_tables()


@pytest.mark.parametrize(
    ("inhabitants", "band"),
    [
        (0, "a"),
        (999, "a"),
        (1000, "b"),
        (1999, "b"),
        (2000, "c"),
        (2999, "c"),
        (3000, "d"),
        (4999, "d"),
        (5000, "e"),
        (9128, "e"),
        (9999, "e"),
        (10000, "f"),
        (59999, "f"),
        (60000, "g"),
        (249999, "g"),
        (250000, "h"),
        (1499999, "h"),
        (1500000, "i"),
        (3000000, "i"),
    ],
)
def test_every_band_boundary(tables, inhabitants, band):
    assert tables.band_for(inhabitants).code == band


# Tabella 1 for every band, at the boundary of the band: ratio exactly at the threshold is
# "entro la soglia" with zero margin; one cent more is in the intermediate band.
@pytest.mark.parametrize(
    ("inhabitants", "table1"),
    [
        (999, "29.5"),
        (1000, "28.6"),
        (2000, "27.6"),
        (3000, "27.2"),
        (5000, "26.9"),
        (10000, "27.0"),
        (60000, "27.6"),
        (250000, "28.8"),
        (1500000, "25.3"),
    ],
)
def test_ratio_at_table1_threshold_of_every_band(tables, inhabitants, table1):
    net = D("1000000")
    at = compute_hiring_capacity(
        CapacityInputs(
            year=2025,
            inhabitants=inhabitants,
            spending=D(table1) * 10000,
            spending_year=2024,
            net_revenues=net,
        ),
        tables,
    )
    assert at.table1_pct == D(table1)
    assert at.position is Position.BELOW and at.margin == 0
    over = compute_hiring_capacity(
        CapacityInputs(
            year=2025,
            inhabitants=inhabitants,
            spending=D(table1) * 10000 + D("0.01"),
            spending_year=2024,
            net_revenues=net,
        ),
        tables,
    )
    assert over.position is Position.BETWEEN and over.margin == 0


@pytest.mark.parametrize(
    ("spending", "position", "margin", "reduction"),
    [
        # fascia e, entrate nette 1.000.000: Tab. 1 26,9% → 269.000; Tab. 3 (reference data) → 309.000
        (D("200000"), Position.BELOW, D("69000.00"), None),
        (D("269000"), Position.BELOW, D("0"), None),
        (D("280000"), Position.BETWEEN, D("0"), None),
        (D("309000"), Position.BETWEEN, D("0"), None),
        (D("350000"), Position.ABOVE, D("0"), D("41000.00")),
    ],
)
def test_below_between_and_above(tables, spending, position, margin, reduction):
    result = compute_hiring_capacity(
        CapacityInputs(
            year=2025, inhabitants=7000, spending=spending, spending_year=2024, net_revenues=D("1000000")
        ),
        tables,
    )
    assert result.table3_pct == tables.table3["e"]
    assert result.position is position
    assert result.margin == margin
    assert result.reduction_needed == reduction
    assert all(step.norm or step.label.startswith("Costo") for step in result.steps)


@pytest.mark.parametrize(
    ("year", "spending_2018", "unused", "max_spending", "margin", "unused_used"),
    [
        # fascia d (verified Tabella 2 row: 2024 → 28%): Tab. 1 27,2% × 1.000.000 = 272.000
        (2024, D("200000"), None, D("256000.00"), D("6000.00"), False),  # 200.000 × 1,28 binds
        (2024, D("200000"), D("70000"), D("270000.00"), D("20000.00"), True),  # resti more favourable
        (2024, D("200000"), D("90000"), D("272000.00"), D("22000.00"), True),  # Tab. 1 still binds
        (2023, D("200000"), None, D("254000.00"), D("4000.00"), False),  # 2023 → 27%
        (2025, D("200000"), None, D("272000.00"), D("22000.00"), False),  # Tab. 2 over after 2024
    ],
)
def test_table2_transitional_regime_and_unused_capacity(
    tables, year, spending_2018, unused, max_spending, margin, unused_used
):
    result = compute_hiring_capacity(
        CapacityInputs(
            year=year,
            inhabitants=4000,
            spending=D("250000"),
            spending_year=year - 1,
            net_revenues=D("1000000"),
            spending_2018=spending_2018,
            unused_past_capacity=unused,
        ),
        tables,
    )
    assert result.max_spending == max_spending
    assert result.margin == margin
    assert result.unused_capacity_used is unused_used
    assert result.transitional_applies is (year <= 2024)


def test_revenues_of_three_rendiconti_net_of_fcde(tables):
    result = compute_hiring_capacity(
        CapacityInputs(
            year=2025,
            inhabitants=7000,
            spending=D("240000"),
            spending_year=2024,
            revenues=(D("1000000"), D("1100000"), D("1200000")),
            revenue_years=(2021, 2022, 2023),
            fcde=D("100000"),
        ),
        tables,
    )
    assert result.net_revenues == D("1000000.00")
    assert result.ratio_display == D("24.000")
    missing = compute_hiring_capacity(
        CapacityInputs(
            year=2025,
            inhabitants=7000,
            spending=D("240000"),
            spending_year=2024,
            revenues=(D("1"), D("2"), D("3")),
            revenue_years=(2021, 2022, 2023),
        ),
        tables,
    )
    assert not missing.complete and "FCDE" in missing.missing[0]


def test_casorate_primo_as_printed_in_the_seed(tables):
    """Seed, sottosezione 3.3 a.1 — and where its figures disagree, the law's result.

    Printed: rapporto 24,70%; Tabella 1 26,90%; "Tabella 3" 25%; margine 118.033,00; "soglia teorica"
    1.379.694,00; limite 1.329.200,48 + 118.033,00 = 1.447.233,48 ≥ spesa previsionale 1.445.249,00.
    - The denominator is not printed: 5.380.050,11 is implied by 118.033 = 26,9% × E − 1.329.200,48.
    - 25% cannot be the Tabella 3 value (the return threshold is above Tabella 1 for every band;
      reference data gives 30,9% for band e): the seed's 25% is the 2023 column of Tabella 2, row e.
    - 1.379.694,00 is not 26,9% of the denominator (that is 1.447.233,48): not a Tabella 1 figure.
    - 1.445.249,00 is called both "soglia insuperabile" and "spesa previsionale": it is the planned
      spending; the limit of the law is 1.447.233,48.
    - The seed applies Tabella 2 in words but never gives the 2018 spending it needs; without it the
      result is the Tabella 1 margin, flagged as provisional.
    """
    result = compute_hiring_capacity(
        CapacityInputs(
            year=2024,
            inhabitants=9128,
            spending=D("1329200.48"),
            spending_year=2023,
            net_revenues=D("5380050.11"),
            planned_spending=D("1445249.00"),
        ),
        tables,
    )
    assert result.band.code == "e"
    assert result.ratio_display == D("24.706")  # printed 24,70%
    assert result.table1_pct == D("26.9")
    assert result.table3_pct != D("25") and result.table3_pct > result.table1_pct
    assert result.position is Position.BELOW
    assert result.max_spending_table1 == D("1447233.48")
    assert result.margin == D("118033.00")
    assert result.max_spending != D("1379694.00")
    assert result.provisional and "2018" in result.missing[0]
    assert [v.ok for v in result.verdicts] == [True, True, True]


def test_planned_hires_beyond_the_margin(tables):
    result = compute_hiring_capacity(
        CapacityInputs(
            year=2025,
            inhabitants=9128,
            spending=D("1329200.48"),
            spending_year=2024,
            net_revenues=D("5380050.11"),
            hires_cost=D("160000"),
            cessations_saving=D("40000"),
        ),
        tables,
    )
    assert result.net_increase == D("120000.00")
    assert result.verdicts[1].ok is False and "supera" in result.verdicts[1].text


@pytest.mark.parametrize(
    ("average", "spending", "ok"),
    [
        (D("1342603"), D("1297888"), True),
        (D("1342603"), D("1342603"), True),
        (D("1342603"), D("1342604"), False),
    ],
)
def test_557_cap(average, spending, ok):
    result = check_557(average_2011_2013=average, spending=spending, year=2024, norm=reference.norm_557())
    assert result.ok is ok


def test_557_without_inputs():
    assert check_557(average_2011_2013=None, spending=D(1), year=2024, norm="x").ok is None


@pytest.mark.parametrize(
    ("base", "planned", "in_rule", "substitute", "limit", "ok"),
    [
        (D("0"), D("12550"), True, D("12550"), D("12550"), True),  # Casorate: 0 in 2007-2009, act fixes limit
        (D("0"), D("12550"), True, None, D("0.00"), False),  # no act: the limit is zero
        (D("20000"), D("15000"), False, None, D("10000.00"), False),  # 50% of 2009
        (D("20000"), D("15000"), True, None, D("20000.00"), True),  # 100% for enti in rule with c. 557
    ],
)
def test_flexible_work_cap(base, planned, in_rule, substitute, limit, ok):
    result = check_flexible_work(
        base_amount=base,
        base_label="2009",
        planned=planned,
        year=2024,
        respects_557=in_rule,
        substitute_limit=substitute,
        substitute_act="Delib. GC n. 56 del 30/06/2022",
        rules=reference.flexible_work_rules(),
    )
    assert (result.limit, result.ok) == (limit, ok)


@pytest.mark.parametrize(
    ("women", "men", "gap"),
    [
        (17, 11, False),
        (2, 3, False),
        (2, 1, None),  # 3 people: no split stays below 2/3, no verdict
        (20, 10, True),
        (19, 10, False),
        (0, 5, True),
        (0, 0, None),
    ],
)
def test_art48_gap_two_thirds(women, men, gap):
    threshold, norm = reference.gender_gap_threshold()
    assert threshold == Fraction(2, 3)
    assert (
        check_gender_gap(group="Personale", women=women, men=men, threshold=threshold, norm=norm).gap is gap
    )


@pytest.mark.parametrize(
    ("days", "period", "weekly", "derogation", "ok", "derogated"),
    [
        (D(2), "week", 5, False, True, False),
        (D("2.5"), "week", 5, False, False, False),
        (D(3), "week", 5, False, False, False),
        (D(3), "week", 5, True, True, True),
        (D(2), "week", 6, False, True, False),
        (D(10), "month", 5, False, True, False),  # 5 × 52 ÷ 12 = 21,67 working days
        (D(11), "month", 5, False, False, False),
    ],
)
def test_presence_prevails(days, period, weekly, derogation, ok, derogated):
    result = presence_prevails(
        remote_days=days,
        period=period,
        weekly_working_days=weekly,
        derogation=derogation,
        rules=reference.smart_working_rules(),
    )
    assert (result.ok, result.derogation) == (ok, derogated)


@pytest.mark.parametrize(
    ("answered", "today", "status"),
    [
        (date(2024, 3, 8), date(2024, 4, 1), "answered_in_time"),  # 7th day: still in time
        (date(2024, 3, 9), date(2024, 4, 1), "answered_late"),
        (None, date(2024, 3, 8), "pending"),
        (None, date(2024, 3, 9), "overdue"),
    ],
)
def test_seven_day_answer_term(answered, today, status):
    term = reference.smart_working_rules().answer_term_days
    assert term == 7
    result = answer_term(requested_on=date(2024, 3, 1), answered_on=answered, today=today, term_days=term)
    assert result.status == status and result.deadline == date(2024, 3, 8)


@pytest.mark.parametrize(
    ("budget", "mass", "courses", "ok_min", "ok_courses"),
    [
        (D("8000"), D("700000"), D("6500"), True, True),
        (D("8000"), D("900000"), D("6500"), False, True),
        (D("8000"), D("800000"), D("8000.01"), True, False),
        (D("8000"), None, D("6500"), None, True),
    ],
)
def test_training_budget(budget, mass, courses, ok_min, ok_courses):
    pct, norm = reference.training_minimum()
    result = check_budget(
        budget=budget, salary_mass=mass, courses_cost=courses, minimum_pct=pct, norm=norm, year=2024
    )
    assert (result.ok_minimum, result.ok_courses) == (ok_min, ok_courses)


@pytest.mark.parametrize(("year", "hours"), [(2022, None), (2024, D(24)), (2025, D(40)), (2026, D(40))])
def test_national_hours_target_by_year(year, hours):
    target = hours_target_for(year, reference.hours_targets())
    assert (target.hours if target else None) == hours


def test_hours_gaps_per_employee():
    target = hours_target_for(2025, reference.hours_targets())
    result = hours_per_employee(
        employees=[("a", "Rossi", "X"), ("b", "Bianchi", "X"), ("c", "Verdi", "Y")],
        enrolments=[("a", D(24), True), ("a", D(16), False), ("b", D(12), True)],
        target=target,
    )
    gaps = {r.key: (r.planned_gap, r.completed_gap) for r in result.rows}
    assert gaps == {"a": (D(0), D(16)), "b": (D(28), D(28)), "c": (D(40), D(40))}
    assert [r.key for r in result.short] == ["b", "c"]
    assert result.average_planned == D("17.3")


def _row(key, gender, unit, area, cat, pos, part=False, eq=False):
    return StaffRow(key, gender, unit, 0, area, cat, pos, part_time=part, is_eq_holder=eq)


def test_economic_positions_run_from_highest_to_lowest_present():
    staff = [
        _row("1", "F", "U", "funzionari_eq", "D", "D6"),
        _row("2", "M", "U", "funzionari_eq", "D", "D1"),
        _row("3", "M", "U", "operatori_esperti", "B", "B4"),
        _row("4", "F", "U", "operatori_esperti", "B", "B2"),
    ]
    assert economic_positions(staff) == ["D6", "D5", "D4", "D3", "D2", "D1", "B4", "B3", "B2"]


def test_gender_tables_cell_by_cell():
    staff = [
        _row("1", "F", "Amm", "istruttori", "C", "C1", part=True),
        _row("2", "M", "Amm", "istruttori", "C", "C1"),
        _row("3", "M", "PL", "funzionari_eq", "D", "D3", eq=True),
    ]
    tables = gender_tables(staff)
    assert tables["by_unit"].cell("M", "Amm") == 1 and tables["by_unit"].cell("M", "PL") == 1
    assert tables["part_time_by_area"].cell("F", "istruttori") == 1
    assert tables["full_time_by_area"].total == 2
    assert tables["by_category"].cell("part", "CF") == 1
    assert tables["responsabili"].cell("eq", "M") == 1


def test_training_budget_verdict_names_the_share_of_the_reference_data():
    result = check_budget(
        budget=D("6000"), salary_mass=D("400000"), courses_cost=D(0), minimum_pct=D("1.5"), norm="", year=2024
    )
    assert result.minimum == D("6000.00") and result.ok_minimum
    assert "non inferiore al minimo di € 6.000,00 (1,5% del monte salari)" in result.verdicts[0]


RULE_MODULES = [
    "openpiao.human_capital.gender_balance",
    "openpiao.human_capital.headcount",
    "openpiao.human_capital.hiring_capacity",
    "openpiao.human_capital.narrative",
    "openpiao.human_capital.smart_working",
    "openpiao.human_capital.spending_caps",
    "openpiao.human_capital.training",
    "openpiao.organization_chart.economic_positions",
]


def test_rule_modules_import_no_django():
    """The rules are plain functions: importing them loads no Django module (a fresh interpreter,
    since this one already has Django loaded)."""
    code = "import sys\n" + "".join(f"import {m}\n" for m in RULE_MODULES)
    code += "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"
