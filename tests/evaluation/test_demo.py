"""The demo's intermediate review of Casorate (valutazione.yaml): loaded, marked as demo data,
and scored by the ente's system as the pages say."""

from decimal import Decimal

import pytest
from django.urls import reverse

from openpiao.evaluation import selectors
from openpiao.evaluation.models import BehaviourAssessment, Review

D = Decimal


@pytest.fixture
def card(casorate):
    return selectors.scorecard(casorate, month=7)


def test_every_demo_review_is_marked(casorate):
    reviews = Review.objects.filter(plan=casorate)
    assert reviews.count() == 13
    assert not reviews.filter(is_demo=False).exists()
    assert not BehaviourAssessment.objects.filter(plan=casorate, is_demo=False).exists()
    assert casorate.evaluation_system.reference.startswith("Deliberazione della Giunta comunale n. 114")


@pytest.mark.parametrize(
    "unit, number, value_mean, time_mean, score",
    [
        # 640/1100, 15/6 capped, 212/450, 81/150: (58,18 + 100 + 47,11 + 54) / 4; phase 4 began in March.
        ("amministrativo", 1, D("64.82"), D("95.92"), D("71.04")),
        ("amministrativo", 2, D("96.00"), D("100.00"), D("96.80")),  # 1.4.1 done 20 days late: 90%
        ("amministrativo", 4, D("94.00"), D("100.00"), D("95.20")),  # "< di 5": 2 requests
        ("amministrativo", 5, D("90.00"), D("75.00"), D("87.00")),  # phase 4 closed a month late
        ("territorio", 3, D("40.00"), D("100.00"), D("52.00")),  # judged 40 by the evaluator
        ("polizia-locale", 5, D("33.33"), D("100.00"), D("46.66")),  # determina not adopted yet
        ("finanziario", 1, None, D("100.00"), D("100.00")),  # deadline 31/12 not due: time only
        ("amministrativo", 3, None, None, None),  # not reviewed
    ],
)
def test_objective_scores(card, unit, number, value_mean, time_mean, score):
    result = next(
        r for r in card.objectives if r.objective.unit.code == unit and r.objective.number == number
    )
    current = result.current
    assert (current.value_mean.value if current else None) == value_mean
    assert (current.time_mean.value if current else None) == time_mean
    assert result.score == score


def test_unit_and_ente_scores(card):
    units = {u.unit.code: u.score.value for u in card.units}
    assert units == {
        "amministrativo": D("86.27"),  # (30 × 71,04 + 30 × 96,80 + 15 × 95,20 + 10 × 87) / 85
        "territorio": D("60.00"),
        "polizia-locale": D("51.85"),
        "socio-educativo": D("96.25"),  # no weights in the plan: simple mean
        "finanziario": D("83.09"),
        "segreteria": None,
    }
    assert card.organization_score.value == D("75.49")  # mean of the five measured units


def test_bonus_simulation_stays_within_the_fund(casorate, card):
    funds = selectors.bonus(casorate, card, selectors.people(casorate, card))
    assert len(funds) == 1
    distribution = funds[0].distribution
    assert distribution.fund == D("15000.00")
    assert distribution.distributed + distribution.remainder == distribution.fund
    assert D(0) <= distribution.remainder < D("0.20")
    assert distribution.eligible_count == 19


def test_demo_pages_say_demo(secretary_client, casorate):
    html = secretary_client.get(
        reverse("evaluation:dashboard", args=["casorate-primo", 2024])
    ).content.decode()
    assert "dati dimostrativi" in html
