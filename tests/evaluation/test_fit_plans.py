"""Pre-requisiti and objectives measured by their phases, through the scorecard, the people's
scores and the bonus, in Casorate's plan (tests.factories.PlanBuilder)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.evaluation import selectors, services
from openpiao.evaluation.models import BehaviourAssessment, BehaviourVote, BonusFund
from openpiao.performance.models import Objective

D = Decimal
FINAL = date(2025, 1, 30)
CODE = "Rispetto del codice di comportamento"


def assess(plan, *employees):
    system = plan.evaluation_system
    for employee in employees:
        assessment = BehaviourAssessment.objects.create(plan=plan, employee=employee, assessed_on=FINAL)
        for criterion in system.criteria.all():
            if criterion.applies_to(employee):
                BehaviourVote.objects.create(assessment=assessment, criterion=criterion, value=8)


def prerequisite(build, unit, *, met: bool | None, staff=()):
    objective = build.objective(unit, indicators=[("boolean", "ge", "SI")])
    Objective.objects.filter(pk=objective.pk).update(is_prerequisite=True, title=CODE)
    for employee in staff:
        build.participate(objective, employee, None)
    if met is not None:
        build.review(objective, kind="final", on=FINAL, values=[{"flag": met}])
    return objective


@pytest.fixture
def office(build, casorate):
    services.apply_preset(plan=casorate, key="predefinito", user=None)
    unit = build.unit(name="Servizio Finanziario")
    other = build.unit(name="Servizi Sociali")
    people = {
        "a": build.employee(unit, last_name="Bianchi"),
        "b": build.employee(unit, last_name="Neri"),
        "c": build.employee(other, last_name="Verdi"),
    }
    work = build.objective(unit, weight=D(100), indicators=[("number", "ge", "200")])
    social = build.objective(other, weight=D(100), indicators=[("number", "ge", "10")])
    for key in ("a", "b"):
        build.participate(work, people[key], D(50))
    build.participate(social, people["c"], D(100))
    build.review(work, kind="final", on=FINAL, values=[{"number": D(200)}])
    build.review(social, kind="final", on=FINAL, values=[{"number": D(10)}])
    assess(casorate, *people.values())
    BonusFund.objects.create(plan=casorate, amount=D("3000.00"))
    return {"unit": unit, "other": other, "people": people, "work": work}


def by_name(plan, office):
    card = selectors.scorecard(plan)
    persons = selectors.people(plan, card)
    (fund,) = selectors.bonus(plan, card, persons)
    names = {str(e.pk): key for key, e in office["people"].items()}
    # Casorate's own staff (no review in these tests) are in the fund too: only ours are looked at.
    return card, {names[s.key]: s for s in fund.distribution.shares if s.key in names}


@pytest.mark.parametrize(
    "met, staff, zeroed",
    [
        # Legal edge: not met by the people it applies to (a): a's share is zero, b and c keep theirs.
        (False, ("a",), {"a"}),
        # Not met, no staff listed: it applies to the whole unit (a, b), not to the other unit (c).
        (False, (), {"a", "b"}),
        # Met: nobody loses anything.
        (True, ("a", "b"), set()),
    ],
)
def test_prerequisite_zeroes_only_the_bonus_of_who_it_applies_to(casorate, build, office, met, staff, zeroed):
    before_card, _ = by_name(casorate, office)
    prerequisite(build, office["unit"], met=met, staff=[office["people"][k] for k in staff])
    card, after = by_name(casorate, office)
    for key, share in after.items():
        if key in zeroed:
            assert share.amount == 0 and share.reason == f"pre-requisito non raggiunto: «{CODE}»"
        else:
            assert share.reason == "" and share.amount > 0
    assert sum(s.amount for s in after.values()) <= D("3000.00")
    # No weight, in no mean: the unit and ente scores do not move.
    assert card.organization_score.value == before_card.organization_score.value
    assert card.unit_scores == before_card.unit_scores
    assert [r.objective.title for r in card.prerequisites] == [CODE]


def test_prerequisite_not_yet_verified_holds_the_share(casorate, build, office):
    prerequisite(build, office["unit"], met=None, staff=[office["people"]["a"]])
    _, after = by_name(casorate, office)
    assert after["a"].reason == f"pre-requisito non ancora verificato: «{CODE}»"
    assert after["b"].amount > 0


def test_objective_measured_by_its_phases(casorate, build, office):
    objective = build.objective(office["unit"], weight=None, phases=[[1, 2], [3, 4], [11, 12]])
    build.review(
        objective,
        kind="final",
        on=FINAL,
        phases=[([1, 2], True), ([3, 4, 5], True), ([11], False)],
    )
    result = selectors.scorecard(casorate).objective(objective.pk)
    final = result.final
    # Completion 2/3 = 66.67% as the media valore; timeliness: (100 + 0 + 0) / 3 = 33.33%.
    assert (final.value_mean.value, final.time_mean.value) == (D("66.67"), D("33.33"))
    assert final.score.value == D("60.00")  # 80% × 66.67 + 20% × 33.33
    assert "obiettivo senza indicatori: misurato dalle fasi" in [s.label for s in final.value_mean.steps]


def test_scorecard_queries_do_not_grow_with_prerequisites(casorate, build, office):
    prerequisite(build, office["unit"], met=True)
    with CaptureQueriesContext(connection) as first:
        selectors.people(casorate, selectors.scorecard(casorate))
    for _ in range(3):
        prerequisite(build, office["other"], met=False)
    with CaptureQueriesContext(connection) as second:
        selectors.people(casorate, selectors.scorecard(casorate))
    assert len(second) == len(first)


def test_scores_and_bonus_pages_show_the_prerequisite(secretary_client, casorate, build, office):
    prerequisite(build, office["unit"], met=False, staff=[office["people"]["a"]])
    base = ["casorate-primo", 2024]
    scores = secretary_client.get(reverse("evaluation:scores", args=base)).content.decode()
    assert "Obiettivi pre-requisito" in scores and "non raggiunto" in scores
    bonus = secretary_client.get(reverse("evaluation:bonus", args=base)).content.decode()
    assert f"pre-requisito non raggiunto: «{CODE}»" in bonus
