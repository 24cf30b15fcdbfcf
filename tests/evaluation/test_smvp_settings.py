"""The ente's own rules in the product: fasce di punteggio, the Nucleo's values and exclusions,
weighted phases, the rounding level, the exchange of all of them, and a published worked score."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.evaluation import selectors, services, smvp
from openpiao.evaluation.models import EvaluationSystem, IndicatorScale, Review, ReviewPhase
from openpiao.evaluation.printing import PublicReader, relazione_document, settings_lines
from openpiao.evaluation.report import build_report
from openpiao.plans.json_document import export_plan, import_plan
from tests.page_forms import page_form

D = Decimal


def url(plan, name, *args):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year, *args])


def scored(plan, objective):
    return next(r for r in selectors.scorecard(plan).objectives if r.objective.pk == objective.pk)


# --- Fasce di punteggio -----------------------------------------------------------------


def test_scale_page_refuses_a_gap_and_saves_the_bands(build, casorate, secretary_client):
    EvaluationSystem.objects.create(plan=casorate)
    unit = build.unit()
    objective = build.objective(unit, indicators=[("number", "le", "30")])
    indicator = objective.indicators.get()
    page = secretary_client.get(url(casorate, "scale", indicator.pk))
    assert "più basso è meglio" in page.content.decode()
    gap = page_form(page, basis="value", bands=";30;100\n33;45;60\n46;;0")
    response = secretary_client.post(url(casorate, "scale", indicator.pk), gap)
    assert response.status_code == 200
    assert (
        "Fasce non contigue: i valori da 31 a 32 non cadono in nessuna fascia." in response.content.decode()
    )
    assert not IndicatorScale.objects.filter(indicator=indicator).exists()
    wrong_way = page_form(page, basis="value", bands=";30;0\n31;;100")
    response = secretary_client.post(url(casorate, "scale", indicator.pk), wrong_way)
    assert "I punteggi devono diminuire al crescere del valore" in response.content.decode()
    good = page_form(page, basis="value", bands=";30;100\n31;45;60\n46;;0")
    assert secretary_client.post(url(casorate, "scale", indicator.pk), good).status_code == 302
    scale = IndicatorScale.objects.get(indicator=indicator)
    assert scale.band_rows() == [
        smvp.Band(None, D(30), D(100)),
        smvp.Band(D(31), D(45), D(60)),
        smvp.Band(D(46), None, D(0)),
    ]
    # 38 days to answer (lower is better): the band 31-45 → 60%, not 30/38 = 78,95%.
    build.review(objective, values=[{"number": D(38)}])
    result = scored(casorate, objective).current
    assert result.indicators[0].score.value == D(60)
    assert "da 31 a 45 → 60%" in smvp.steps_as_text(result.indicators[0].score)
    # The system page lists the bands; emptying them goes back to the ratio rule.
    assert "da 31 a 45 → 60" in secretary_client.get(url(casorate, "system")).content.decode()
    again = page_form(secretary_client.get(url(casorate, "scale", indicator.pk)), bands="")
    assert secretary_client.post(url(casorate, "scale", indicator.pk), again).status_code == 302
    assert not IndicatorScale.objects.filter(indicator=indicator).exists()


def test_scale_on_the_achievement(build, casorate):
    system = EvaluationSystem.objects.create(plan=casorate)
    objective = build.objective(build.unit(), indicators=[("number", "ge", "50")])
    bands = smvp.parse_bands(";49,99;0\n50;79,99;50\n80;99,99;75\n100;;100")[0]
    services.save_scale(
        plan=casorate, indicator=objective.indicators.get(), basis="ratio", bands=bands, user=None
    )
    assert system.scales.count() == 1
    build.review(objective, values=[{"number": D(43)}])  # 43 / 50 = 86% → band 80-99,99 → 75%
    assert scored(casorate, objective).current.indicators[0].score.value == D(75)


def test_a_scale_of_another_plan_is_not_found(build, casorate, albizzate, secretary_client):
    other = next(i for o in albizzate.objectives.all() for i in o.indicators.all() if i.kind == "number")
    assert secretary_client.get(url(casorate, "scale", other.pk)).status_code == 404


# --- The Nucleo's values and exclusions ----------------------------------------------------


def test_nucleo_overrides_and_excludes_with_a_reason(build, casorate, make_member, client):
    EvaluationSystem.objects.create(plan=casorate, value_share=D(100), time_share=D(0))
    unit = build.unit()
    first = build.objective(unit, weight=D(50), indicators=[("number", "ge", "100"), ("number", "ge", "100")])
    second = build.objective(unit, weight=D(50), indicators=[("number", "ge", "100")])
    review = build.review(
        first, kind="final", on=date(2025, 1, 20), values=[{"number": D(40)}, {"number": D(80)}]
    )
    build.review(second, kind="final", on=date(2025, 1, 20), values=[{"number": D(100)}])
    client.force_login(make_member(casorate.organization, "evaluator", username="nucleo-smvp"))
    page = client.get(url(casorate, "decisions", review.pk))
    assert "grado di raggiungimento calcolato: <strong>40" in page.content.decode()
    one, two = review.values.order_by("indicator__order")
    no_reason = page_form(page, **{f"v{one.pk}-override_score": "70"})
    response = client.post(url(casorate, "decisions", review.pk), no_reason)
    assert "Indicare il motivo del valore attribuito" in response.content.decode()
    one.refresh_from_db()
    assert one.override_score is None
    decided = page_form(
        page,
        **{
            f"v{one.pk}-override_score": "70",
            f"v{one.pk}-override_reason": "dato ISTAT rettificato dopo la chiusura",
            f"v{two.pk}-excluded_reason": "indicatore non più rilevabile",
        },
    )
    assert client.post(url(casorate, "decisions", review.pk), decided).status_code == 302
    result = scored(casorate, first).current
    assert result.value_mean.value == D(70)  # the override alone: the excluded indicator is out
    working = smvp.steps_as_text(result.indicators[0].score)
    assert "valore calcolato: 40%" in working and "motivo: dato ISTAT rettificato" in working
    assert "escluso dal Nucleo di valutazione" in smvp.steps_as_text(result.value_mean)
    unit_score = next(u for u in selectors.scorecard(casorate).units if u.unit.pk == unit.pk).score
    assert unit_score.value == D(85)  # (50 × 70 + 50 × 100) / 100
    # The objective left out of the means by the Nucleo.
    page = client.get(url(casorate, "decisions", review.pk))
    out = page_form(page, **{"obiettivo-excluded_reason": "obiettivo sospeso dalla Giunta"})
    assert client.post(url(casorate, "decisions", review.pk), out).status_code == 302
    assert Review.objects.get(pk=review.pk).excluded_reason == "obiettivo sospeso dalla Giunta"
    unit_score = next(u for u in selectors.scorecard(casorate).units if u.unit.pk == unit.pk).score
    assert unit_score.value == D(100)
    printed = str(relazione_document(build_report(casorate, PublicReader())).blocks)
    assert "obiettivo sospeso dalla Giunta" in printed and "dato ISTAT rettificato" in printed


def test_only_the_nucleo_decides(build, casorate, secretary_client):
    objective = build.objective(build.unit(), indicators=[("number", "ge", "100")])
    review = build.review(objective, values=[{"number": D(40)}])
    assert secretary_client.get(url(casorate, "decisions", review.pk)).status_code == 403


# --- Weighted phases, not reported, rounding level ----------------------------------------


def test_objective_measured_by_weighted_phases(build, casorate):
    EvaluationSystem.objects.create(plan=casorate, phases_weighted=True, value_share=D(100), time_share=D(0))
    objective = build.objective(build.unit(), phases=[[3, 4], [5, 6], [8]])
    for phase, weight in zip(objective.phases.order_by("order"), ("20", "30", "50"), strict=True):
        phase.weight = D(weight)
        phase.save()
    review = build.review(objective, phases=[([3, 4], True), ([5], False)])
    ReviewPhase.objects.filter(review=review, phase__order=1).update(completion=D(100))
    ReviewPhase.objects.filter(review=review, phase__order=2).update(completion=D(50))
    result = scored(casorate, objective).current
    # (20 × 100 + 30 × 50) / 50: the third phase not reported is left out.
    assert result.value_mean.value == D(70)
    assert "fase 1. Fase 1 (prevista da marzo ad aprile): 100%  [peso 20]" in smvp.steps_as_text(
        result.value_mean
    )
    EvaluationSystem.objects.filter(plan=casorate).update(missing_rule="zero")
    assert scored(casorate, objective).current.value_mean.value == D(35)


def _units_for_rounding(build):
    """Unit A: objectives at 84,4 84,4 84,7 (mean 84,5); unit B: one at 84,4. Each objective's
    score comes from two indicators at 84% and 85% weighted as needed (84,4 = 3:2, 84,7 = 3:7)."""
    a, b = build.unit(name="Area A"), build.unit(name="Area B")
    for unit, mixes in ((a, ((3, 2), (3, 2), (3, 7))), (b, ((3, 2),))):
        for low, high in mixes:
            objective = build.objective(
                unit,
                weight=D(1),
                indicators=[("number", "ge", "100", D(low)), ("number", "ge", "100", D(high))],
            )
            build.review(
                objective, kind="final", on=date(2025, 1, 20), values=[{"number": D(84)}, {"number": D(85)}]
            )


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("end", D(84)),  # (84,5 + 84,4) / 2 = 84,45 → 84
        ("units", D(85)),  # areas first: 85 and 84 → 84,5 → 85
        ("objectives", D(84)),  # objectives first: A (84 + 84 + 85) / 3 = 84,33 → 84; B 84 → 84
    ],
)
def test_rounding_level_decides_the_ente_score(build, casorate, level, expected):
    from openpiao.evaluation.models import Review as R

    R.objects.filter(plan=casorate).delete()
    EvaluationSystem.objects.create(plan=casorate, rounding_decimals=0, rounding_level=level)
    _units_for_rounding(build)
    card = selectors.scorecard(casorate)
    assert card.organization_score.value == expected


@pytest.mark.parametrize(
    ("mode", "decimals", "expected"), [("round", 2, "66.67"), ("truncate", 2, "66.66"), ("truncate", 0, "66")]
)
def test_ratio_rule_rounding_of_the_system(build, casorate, mode, decimals, expected):
    EvaluationSystem.objects.create(plan=casorate, rounding_mode=mode, rounding_decimals=decimals)
    objective = build.objective(build.unit(), indicators=[("number", "ge", "3")])
    build.review(objective, values=[{"number": D(2)}])
    assert str(scored(casorate, objective).current.indicators[0].score.value) == expected


# --- The system form, the exchange, the roll-over, the Relazione ---------------------------


def test_system_form_saves_the_new_settings(build, casorate, secretary_client):
    page = secretary_client.get(url(casorate, "system_edit"))
    data = page_form(
        page,
        rounding_mode="truncate",
        rounding_decimals="1",
        rounding_level="units",
        missing_rule="zero",
        phases_weighted="on",
    )
    assert secretary_client.post(url(casorate, "system_edit"), data).status_code == 302
    system = EvaluationSystem.objects.get(plan=casorate)
    assert (system.rounding_mode, system.rounding_decimals, system.rounding_level, system.missing_rule) == (
        "truncate",
        1,
        "units",
        "zero",
    )
    assert system.phases_weighted
    bad = page_form(secretary_client.get(url(casorate, "system_edit")), rounding_decimals="7")
    response = secretary_client.post(url(casorate, "system_edit"), bad)
    assert response.status_code == 200
    assert EvaluationSystem.objects.get(plan=casorate).rounding_decimals == 1
    lines = settings_lines(EvaluationSystem.objects.get(plan=casorate))
    assert "troncato a 1 decimale, sul punteggio di ogni unità organizzativa" in lines[0]


def test_exchange_round_trip_with_scales_and_decisions(build, casorate):
    system = EvaluationSystem.objects.create(plan=casorate, rounding_level="units", missing_rule="zero")
    unit = build.unit(code="smvp-rt")
    objective = build.objective(
        unit, number=3, indicators=[("number", "ge", "50"), ("number", "le", "10")], phases=[[2, 3]]
    )
    bands = smvp.parse_bands(";49,99;0\n50;;100")[0]
    services.save_scale(
        plan=casorate,
        indicator=objective.indicators.get(order=2),
        basis="value",
        bands=bands[::-1] and smvp.parse_bands(";10;100\n10,01;;0")[0],
        user=None,
    )
    review = build.review(
        objective,
        values=[{"number": D(40)}, {"number": D(12)}],
        phases=[([2], False)],
        excluded_reason="sospeso",
    )
    review.values.filter(indicator__order=1).update(override_score=D(90), override_reason="rettifica")
    review.phase_progress.update(completion=D("37.5"))
    first = export_plan(casorate, audience=Audience.BACKUP)
    section = first["evaluation"]
    assert section["system"]["scales"] == [
        {
            "unit": "smvp-rt",
            "objective": 3,
            "indicator": 2,
            "basis": "value",
            "bands": [
                {"low": None, "high": "10", "score": "100"},
                {"low": "10.01", "high": None, "score": "0"},
            ],
        }
    ]
    copy = import_plan(json.loads(json.dumps(first)), slug="copia-smvp")
    second = export_plan(copy, audience=Audience.BACKUP)
    for doc in (section, second["evaluation"]):
        for r in doc["reviews"]:
            r["entered_by"] = ""
    assert second["evaluation"] == section
    copied = Review.objects.get(plan=copy, objective__number=3, objective__unit__code="smvp-rt")
    assert copied.excluded_reason == "sospeso"
    assert copied.values.get(indicator__order=1).override_reason == "rettifica"
    assert copied.phase_progress.get().completion == D("37.5")
    assert system.pk != EvaluationSystem.objects.get(plan=copy).pk


def test_import_refuses_bands_with_a_gap(build, casorate):
    EvaluationSystem.objects.create(plan=casorate)
    objective = build.objective(build.unit(code="smvp-gap"), number=4, indicators=[("number", "ge", "50")])
    document = export_plan(casorate, audience=Audience.BACKUP)
    document["evaluation"]["system"]["scales"] = [
        {
            "unit": "smvp-gap",
            "objective": 4,
            "indicator": 1,
            "basis": "value",
            "bands": [{"low": None, "high": "10", "score": "0"}, {"low": "20", "high": None, "score": "100"}],
        }
    ]
    with pytest.raises(Exception, match="da 11 a 19 non cadono in nessuna fascia"):
        import_plan(json.loads(json.dumps(document)), slug="copia-gap")
    assert objective.pk


def test_rollover_copies_the_system_as_the_starting_point(build, casorate, make_member):
    from openpiao.plans import rollover

    EvaluationSystem.objects.create(plan=casorate, rounding_mode="truncate", rounding_decimals=0)
    objective = build.objective(build.unit(code="smvp-ro"), number=5, indicators=[("number", "ge", "50")])
    services.save_scale(
        plan=casorate,
        indicator=objective.indicators.get(),
        basis="value",
        bands=smvp.parse_bands(";49;0\n50;;100")[0],
        user=None,
    )
    type(objective).objects.filter(pk=objective.pk).update(last_year=casorate.reference_year + 2)
    user = make_member(casorate.organization, "secretary", username="segr-ro")
    new, _, _ = rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=user)
    copied = EvaluationSystem.objects.get(plan=new)
    assert (copied.rounding_mode, copied.rounding_decimals) == ("truncate", 0)
    scale = IndicatorScale.objects.get(system=copied)
    assert scale.indicator.objective.plan_id == new.pk
    # The plan keeps its own system: changing the new one leaves this year's as it was.
    EvaluationSystem.objects.filter(pk=copied.pk).update(rounding_mode="round")
    assert EvaluationSystem.objects.get(plan=casorate).rounding_mode == "truncate"


# --- The demo's system, and one ente score end to end ---------------------------------------


@pytest.fixture
def valdoria(db):
    from openpiao.plans.models import Plan

    return Plan.objects.select_related("organization").get(organization__slug="valdoria")


def test_the_demo_system_is_described_with_these_settings(valdoria):
    system = EvaluationSystem.objects.get(plan=valdoria)
    assert (system.rounding_mode, system.rounding_decimals, system.rounding_level) == ("round", 0, "units")
    assert (system.missing_rule, system.phases_weighted) == ("exclude", True)
    scales = {s.indicator.description: s for s in system.scales.select_related("indicator")}
    assert scales["Cittadini assistiti allo sportello"].basis == "ratio"
    assert scales["Segnalazioni di strade non percorribili oltre le 24 ore"].polarity == smvp.LOWER_IS_BETTER
    festa = valdoria.objectives.get(title__startswith="Festa patronale")
    assert [p.weight for p in festa.phases.order_by("order")] == [D(20), D(30), D(40), D(10)]


def valdoria_final_reviews(valdoria):
    """The year 2025 of the demo comune as a Nucleo might close it (values invented for the test)."""
    from tests.factories import PlanBuilder

    build = PlanBuilder(valdoria)
    on = date(2026, 1, 31)
    objectives = {(o.unit.code, o.number): o for o in valdoria.objectives.select_related("unit")}
    build.review(
        objectives[("area-amministrativa", 2)],
        kind="final",
        on=on,
        values=[{"done_on": date(2025, 9, 20)}, {"number": D(43)}],
    )
    festa = build.review(
        objectives[("area-amministrativa", 3)],
        kind="final",
        on=on,
        phases=[([3, 4], True), ([5, 6], True), ([8], True), ([10], False)],
    )
    for order, completion in ((1, 100), (2, 100), (3, 100), (4, 50)):
        ReviewPhase.objects.filter(review=festa, phase__order=order).update(completion=D(completion))
    build.review(
        objectives[("area-tecnica", 2)],
        kind="final",
        on=on,
        values=[{"done_on": date(2025, 10, 25)}, {"number": D(2)}],
    )


def test_one_ente_score_end_to_end(valdoria, capsys):
    valdoria_final_reviews(valdoria)
    card = selectors.scorecard(valdoria)
    by_title = {r.objective.title: r for r in card.objectives}
    certificates = by_title["Certificati anagrafici e di stato civile online"].current
    # 43 assisted of 50 expected: 86% → band 80-99,99 → 75%; online service on time → 100%.
    assert [i.score.value for i in certificates.indicators] == [D(100), D(75)]
    assert certificates.score.value == D("87.5")
    festa = by_title["Festa patronale di San Lorenzo"].current
    assert festa.value_mean.value == D(95)  # (20×100 + 30×100 + 40×100 + 10×50) / 100
    assert festa.time_mean.value == D(75)  # the last phase past its month and not concluded
    assert festa.score.value == D(89)  # 70% × 95 + 30% × 75
    roads = by_title["Strade percorribili in inverno"].current
    assert [i.score.value for i in roads.indicators] == [D(100), D(60)]  # 2 reports: band 1-2 → 60%
    units = {u.unit.code: u.score.value for u in card.units}
    # Area amministrativa: (40 × 87,5 + 30 × 89) / 70 = 88,14 → 88 (each area rounded first).
    assert units["area-amministrativa"] == D(88)
    assert units["area-tecnica"] == D(80)
    assert card.organization_score.value == D(84)  # (88 + 80) / 2
    with capsys.disabled():
        print("\n--- Valdoria 2025: il punteggio dell'ente, passo per passo ---")
        for label, score in (
            ("Certificati online, indicatore 2", certificates.indicators[1].score),
            ("Certificati online", certificates.score),
            ("Festa patronale, media valore (fasi pesate)", festa.value_mean),
            ("Festa patronale", festa.score),
            ("Strade, indicatore 2", roads.indicators[1].score),
            (
                "Area amministrativa",
                next(u.score for u in card.units if u.unit.code == "area-amministrativa"),
            ),
            ("Ente", card.organization_score),
        ):
            print(f"[{label}]\n{smvp.steps_as_text(score)}")


def test_system_page_queries_do_not_grow_with_the_scales(build, casorate, secretary_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EvaluationSystem.objects.create(plan=casorate)
    unit = build.unit()
    bands = smvp.parse_bands(";49;0\n50;;100")[0]

    def add_scaled(count):
        for _ in range(count):
            objective = build.objective(unit, indicators=[("number", "ge", "50")])
            services.save_scale(
                plan=casorate, indicator=objective.indicators.get(), basis="value", bands=bands, user=None
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert secretary_client.get(url(casorate, "system")).status_code == 200
        return len(captured)

    add_scaled(1)
    few = queries()
    add_scaled(6)
    assert queries() == few
