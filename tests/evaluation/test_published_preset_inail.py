"""A published worked score with its total, reproduced by the product with the preset
«inail-strutture».

Source (read 30/11/2026): https://123dok.org/article/la-valutazione-della-performance-organizzativa.z1dr550d,
the Sistema di misurazione e valutazione della performance of INAIL, «La valutazione della
performance organizzativa», § 4.1 Direzioni territoriali:

    Tabella 1: elements of the «risultato di performance», on 100 points:
        Customer satisfaction esterna, peso 30; Obiettivi di performance propri della struttura, peso 70
    Tabella 2 (esempio), R ÷ T × P:
        Customer satisfaction esterna        R 2,73   T 4,00    P 30,00  →  20,48
        Obiettivi di performance propri      R 70,58  T 100,00  P 70,00  →  49,41
        Punteggio complessivamente conseguito                             69,89

The product: one unit (the Direzione territoriale) with two objectives weighted 30 and 70, one
indicator each (target = T, value reached = R); the achievement R ÷ T (68,25%, 70,58%) is the
objective's score (no share for the timing); each term peso × punteggio ÷ Σ pesi is written at
two decimals before the sum (rounding level «terms»): 20,48 + 49,41 = 69,89. Rounding only the
sum would give 69,881 → 69,88: the published figure fixes the order.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from openpiao.evaluation import scoring, selectors, services, smvp
from openpiao.evaluation.models import Review
from openpiao.evaluation.presets import presets
from openpiao.evaluation.printing import PublicReader, relazione_document, settings_lines
from openpiao.evaluation.report import build_report
from openpiao.performance.models import Objective

D = Decimal


def test_the_preset_cites_its_source():
    preset = presets()["inail-strutture"]
    assert any(
        "123dok.org/article/la-valutazione-della-performance-organizzativa" in s for s in preset.sources
    )
    assert preset.values["rounding_level"] == "terms"
    assert preset.values["value_share"] == D(100) and preset.values["time_share"] == D(0)


def _direzione_territoriale(build, casorate):
    """Only the published structure in the plan: the demo's objectives are not the example's."""
    Review.objects.filter(objective__plan=casorate).delete()
    Objective.objects.filter(plan=casorate).update(is_prerequisite=True, weight=None)
    services.apply_preset(plan=casorate, key="inail-strutture", user=None)
    unit = build.unit(name="Direzione territoriale", code="dt")
    customers = build.objective(unit, weight=D(30), indicators=[("number", "ge", "4", D(100))])
    own = build.objective(unit, weight=D(70), indicators=[("number", "ge", "100", D(100))])
    on = date(casorate.reference_year + 1, 1, 31)
    build.review(customers, kind="final", on=on, values=[{"number": D("2.73")}])
    build.review(own, kind="final", on=on, values=[{"number": D("70.58")}])
    return unit, customers, own


def test_the_product_gives_the_published_total(build, casorate):
    unit, customers, own = _direzione_territoriale(build, casorate)
    card = selectors.scorecard(casorate)
    results = {r.objective.pk: r for r in card.objectives}
    # R ÷ T: 2,73 ÷ 4,00 = 68,25%; 70,58 ÷ 100,00 = 70,58%
    assert results[customers.pk].score == D("68.25")
    assert results[own.pk].score == D("70.58")
    unit_score = next(u for u in card.units if u.unit.pk == unit.pk).score
    working = smvp.steps_as_text(unit_score)
    # Published: 20,48 and 49,41, «Punteggio complessivamente conseguito 69,89».
    assert f"obiettivo {customers.number}: contributo: 20,48%" in working
    assert f"obiettivo {own.number}: contributo: 49,41%" in working
    assert unit_score.value == D("69.89")
    assert card.organization_score.value == D("69.89")  # the only unit: the ente's score is its score


def test_rounding_only_the_sum_would_not_give_the_published_figure():
    parts = [
        scoring.Part("customer satisfaction", D("68.25"), D(30)),
        scoring.Part("obiettivi propri", D("70.58"), D(70)),
    ]
    by_terms = scoring.Rules(rounding_level="terms")
    at_end = scoring.Rules(rounding_level="end")
    assert scoring.unit_score(parts, weight_mode="percent", rules=by_terms).value == D("69.89")
    assert scoring.unit_score(parts, weight_mode="percent", rules=at_end).value == D("69.88")


def test_the_page_and_the_relazione_show_the_working(build, casorate, secretary_client):
    _direzione_territoriale(build, casorate)
    page = secretary_client.get(
        reverse("evaluation:scores", args=[casorate.organization.slug, casorate.first_year])
    )
    html = page.content.decode()
    assert "69,89" in html and "20,48" in html and "49,41" in html
    system = selectors.evaluation_system(casorate)
    assert any(
        "su ogni contributo (peso × punteggio ÷ Σ pesi) prima della somma" in line
        for line in settings_lines(system)
    )
    printed = str(relazione_document(build_report(casorate, PublicReader())).blocks)
    assert "69,89" in printed and "contributo" in printed


@pytest.mark.parametrize(("achieved", "expected"), [("2.73", "69.89"), ("4", "79.41"), ("0", "49.41")])
def test_the_same_rule_on_other_values(build, casorate, achieved, expected):
    _, customers, _ = _direzione_territoriale(build, casorate)
    Review.objects.filter(objective=customers).delete()
    build.review(
        customers, kind="final", on=date(casorate.reference_year + 1, 1, 31), values=[{"number": D(achieved)}]
    )
    assert selectors.scorecard(casorate).organization_score.value == D(expected)
