"""The deadlines' rules on the real acts of 2023-2027 (reference_data/scadenze_atti_annuali.yaml)."""

from datetime import date

import pytest

from openpiao.deadlines import rules
from openpiao.deadlines.acts import yearly_acts
from openpiao.deadlines.rules import Act, Kind, Status, YearlyActs


@pytest.mark.parametrize(
    ("year", "due", "why"),
    [
        # DM Interno 22/12/2023: bilancio 2024-2026 by 15/3/2024 → PIAO 30 days later.
        (2024, date(2024, 4, 14), "termine del bilancio + 30 giorni"),
        # DM Interno 24/12/2024: bilancio 2025-2027 by 28/2/2025.
        (2025, date(2025, 3, 30), "termine del bilancio + 30 giorni"),
        # DM Interno 24/12/2025: bilancio 2026-2028 by 28/2/2026 → 30 March 2026 (ANCI FVG).
        (2026, date(2026, 3, 30), "termine del bilancio + 30 giorni"),
        # No deferral known for 2027 (the decree usually comes in late December): 31 January.
        (2027, date(2027, 1, 31), ""),
    ],
)
def test_piao_adoption_follows_the_bilancio_deferral(year, due, why):
    deadline = rules.adoption(year, yearly_acts(), title=f"PIAO {year}-{year + 2}")
    assert deadline.due == due
    assert deadline.steps[-1].formula == why
    assert deadline.norm.startswith("art. 6 c. 1 DL 80/2021") and ("art. 8 c. 2" in deadline.norm) == bool(
        why
    )
    assert deadline.key == f"adozione-piao:{year}"


def test_a_deferral_that_leaves_the_piao_before_31_january_changes_nothing():
    acts = YearlyActs(budget_deferrals={2030: Act(date(2029, 12, 31), "ipotesi")})
    assert rules.adoption(2030, acts, title="PIAO").due == date(2030, 1, 31)


def test_publication_is_due_with_the_adoption():
    deadline = rules.publication(2026, yearly_acts(), title="PIAO 2026-2028")
    assert deadline.due == date(2026, 3, 30)
    assert deadline.norm == "art. 6 c. 4 DL 80/2021"


@pytest.mark.parametrize(
    ("year", "adopted_on", "due"),
    [
        (2026, date(2026, 3, 20), date(2026, 4, 19)),  # 30 days from the delibera
        (2027, None, date(2027, 3, 2)),  # not adopted yet: from the deadline (31/1 + 30)
        (2024, date(2024, 1, 30), date(2024, 2, 29)),  # leap year
    ],
)
def test_staffing_plan_is_communicated_within_30_days_of_adoption(year, adopted_on, due):
    deadline = rules.staffing_communication(year, adopted_on, yearly_acts())
    assert deadline.due == due
    assert deadline.steps[-1].norm == "art. 6-ter c. 5 d.lgs. 165/2001"


@pytest.mark.parametrize(
    ("year", "due"),
    [
        (2022, date(2023, 1, 15)),  # comunicato ANAC 30/11/2022
        (2023, date(2024, 1, 31)),  # comunicato ANAC 8/11/2023
        (2024, date(2025, 1, 31)),  # comunicato ANAC 29/10/2024
        (2025, date(2026, 1, 31)),  # comunicato ANAC 10/12/2025
        (2026, date(2026, 12, 15)),  # no comunicato yet: the law's 15 December
    ],
)
def test_rpct_report_on_anacs_date_or_the_law(year, due):
    assert rules.rpct_report(year, yearly_acts()).due == due


@pytest.mark.parametrize(
    ("year", "survey", "due"),
    [
        (2024, date(2024, 5, 31), date(2024, 7, 15)),  # delibera ANAC 213/2024
        (2025, date(2025, 5, 31), date(2025, 7, 15)),  # delibera ANAC 192/2025
    ],
)
def test_oiv_attestation_on_anacs_dates(year, survey, due):
    deadline = rules.oiv_attestation(year, yearly_acts())
    assert deadline.due == due
    assert deadline.steps[0].value == survey.strftime("%d/%m/%Y")


def test_no_attestation_date_before_anacs_delibera():
    assert rules.oiv_attestation(2027, yearly_acts()) is None


def test_relazione_and_its_validation_by_30_june_of_the_next_year():
    report, validation = rules.performance_report(2026), rules.report_validation(2026)
    assert report.due == validation.due == date(2027, 6, 30)
    assert report.kind == Kind.PERFORMANCE_REPORT and validation.actors == ("evaluator",)


def test_transparency_deadlines_grouped_by_day():
    duties = [
        rules.DutyDue("Pagamenti", date(2027, 3, 31), date(2027, 1, 1), date(2027, 2, 1), "art. 33"),
        rules.DutyDue("Bandi", date(2027, 3, 31), date(2027, 1, 1), None, "art. 37"),
        rules.DutyDue("Tabelle L. 190", date(2027, 1, 31), date(2027, 1, 1), None, "art. 1 c. 32"),
    ]
    deadlines = rules.transparency(2027, duties)
    assert [(d.due, d.detail) for d in deadlines] == [
        (date(2027, 1, 31), "Tabelle L. 190"),
        (date(2027, 3, 31), "Bandi; Pagamenti"),
    ]
    assert deadlines[1].key == "trasparenza:2027-03-31"
    assert not rules.transparency_met(duties[:2]) and rules.transparency_met(duties[:1])


@pytest.mark.parametrize(
    ("done_on", "today", "status"),
    [
        (date(2026, 3, 20), date(2026, 6, 1), Status.DONE),
        (date(2026, 4, 2), date(2026, 6, 1), Status.LATE),
        (None, date(2026, 3, 30), Status.DUE),  # the last day is still in time
        (None, date(2026, 3, 31), Status.OVERDUE),
    ],
)
def test_status(done_on, today, status):
    assert rules.status_of(date(2026, 3, 30), done_on, today) == status
