"""A published worked score, reproduced by the product with the preset «regione-scheda-b1».

Source (read 30/11/2026): https://123dok.org/article/sistema-calcolo-valutazione-performance.yj7r9gpm,
a Regione's Sistema di misurazione e valutazione della performance, § 8.1.1 «Esempio di calcolo
del Valore di Fattore B1», scheda of «Dirigente 1 della Direzione XY»:

    Obiettivo Y, peso 30, indicatore Y.1 (peso 100): atteso 30; «30 = 100%, meno di 30 = 0%»;
        raggiunto 30 → 100% → 30
    Obiettivo Z, peso 20, indicatore Z.1 (peso 100): gradimento 50%; «50% = 100%,
        tra 40 e 49,99 = 87%, meno 40% = 0%»; raggiunto 43,5% → 87% → 17,4

The published table shows, per objective, the achievement (100%, 87%), the score (100, 87) and
the score times the weight (30, and «17…» where the extract stops: 87 × 20 / 100 = 17,4).
"""

from datetime import date
from decimal import Decimal

from openpiao.evaluation import selectors, services, smvp
from openpiao.evaluation.presets import presets

D = Decimal


def test_the_preset_cites_its_source():
    preset = presets()["regione-scheda-b1"]
    assert any("123dok.org/article/sistema-calcolo-valutazione-performance" in s for s in preset.sources)
    assert preset.values["value_share"] == D(100) and preset.values["time_share"] == D(0)


def test_the_product_gives_the_published_figures(build, casorate):
    services.apply_preset(plan=casorate, key="regione-scheda-b1", user=None)
    unit = build.unit(name="Direzione XY")
    y = build.objective(unit, weight=D(30), indicators=[("number", "ge", "30", D(100))])
    z = build.objective(unit, weight=D(20), indicators=[("percentage", "ge", "50%", D(100))])
    for objective, text in ((y, ";29,99;0\n30;;100"), (z, ";39,99;0\n40;49,99;87\n50;;100")):
        services.save_scale(
            plan=casorate,
            indicator=objective.indicators.get(),
            basis="value",
            bands=smvp.parse_bands(text)[0],
            user=None,
        )
    on = date(casorate.reference_year + 1, 1, 31)
    build.review(y, kind="final", on=on, values=[{"number": D(30)}])
    build.review(z, kind="final", on=on, values=[{"number": D("43.5")}])
    card = selectors.scorecard(casorate)
    results = {r.objective.pk: r for r in card.objectives}
    # Published: Y 100% → 100 → 30; Z 87% → 87 → 17,4.
    assert results[y.pk].current.indicators[0].score.value == D(100)
    assert results[y.pk].score == D(100)
    assert results[y.pk].score * y.weight / 100 == D(30)
    assert results[z.pk].current.indicators[0].score.value == D(87)
    assert results[z.pk].score == D(87)
    assert results[z.pk].score * z.weight / 100 == D("17.4")
    # The area of results of the two objectives: (30 × 100 + 20 × 87) / 50 = 94,8%.
    unit_score = next(u for u in card.units if u.unit.pk == unit.pk).score
    assert unit_score.value == D("94.8")
    working = smvp.steps_as_text(results[z.pk].current.indicators[0].score)
    assert "fascia: da 40 a 49,99" in working and "punteggio della fascia: 87%" in working
