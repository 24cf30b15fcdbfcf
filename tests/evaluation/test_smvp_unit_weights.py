"""Areas (units) weighted within the ente: the system says whether the ente's score is the plain
mean of the units, their mean weighted by a weight per unit, or the mean of all objectives."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.evaluation import scoring, selectors, smvp
from openpiao.evaluation.models import EvaluationSystem, Review
from openpiao.evaluation.printing import PublicReader, relazione_document, settings_lines
from openpiao.evaluation.report import build_report
from openpiao.organization_chart.models import OrgUnit
from openpiao.plans.json_document import export_plan, import_plan
from tests.page_forms import page_form

D = Decimal
P = scoring.Part


def url(plan, name):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year])


# --- The rules, as plain functions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weights", "errors"),
    [
        ("ragioneria;40\ntecnico;60", {"ragioneria": D(40), "tecnico": D(60)}, []),
        ("ragioneria; 12,5\n\n", {"ragioneria": D("12.5")}, []),
        ("ragioneria", {}, ["Riga 1: scrivere «codice dell'unità;peso» (per esempio «ragioneria;40»)."]),
        ("ragioneria;quaranta", {}, ["Riga 1: «quaranta» non è un peso valido."]),
        ("a;1\na;2", {"a": D(1)}, ["Riga 2: l'unità «a» ha già un peso."]),
    ],
)
def test_parse_unit_weights(text, weights, errors):
    assert smvp.parse_unit_weights(text) == (weights, errors)


@pytest.mark.parametrize(
    ("weights", "problems"),
    [
        ({"a": D(40), "b": D(60)}, []),
        ({"a": D(40), "b": D(0)}, ["Il peso dell'unità «b» deve essere maggiore di zero."]),
        ({"a": D(40), "b": D(-5)}, ["Il peso dell'unità «b» deve essere maggiore di zero."]),
        ({"a": D(40)}, ["Manca il peso delle unità con obiettivi: «b»."]),
        ({"a": D(1), "b": D(1), "z": D(1)}, ["L'unità «z» non è nell'organigramma del piano."]),
    ],
)
def test_unit_weight_problems(weights, problems):
    assert smvp.unit_weight_problems(weights, codes={"a", "b", "c"}, measured={"a", "b"}) == problems


UNITS = [P("Area A", D(90), D(3)), P("Area B", D(60), D(1))]
OBJECTIVES = [P("A1", D(100)), P("A2", D(80)), P("B1", D(60))]


@pytest.mark.parametrize(
    ("method", "expected", "formula"),
    [
        ("units", D(75), "Σ valori / numero dei valori"),  # (90 + 60) / 2
        ("weighted_units", D("82.5"), "Σ(peso dell'unità × punteggio"),  # (3 × 90 + 60) / 4
        ("objectives", D(80), "Σ valori / numero dei valori"),  # (100 + 80 + 60) / 3
    ],
)
def test_the_three_ways_of_the_ente_score(method, expected, formula):
    score = scoring.organization_score(
        units=UNITS, objectives=OBJECTIVES, rules=scoring.Rules(organization_method=method)
    )
    assert score.value == expected
    assert formula in score.steps[-1].formula
    if method == "weighted_units":
        assert [(s.label, s.formula) for s in score.steps[:2]] == [("Area A", "peso 3"), ("Area B", "peso 1")]


def test_a_measured_unit_without_weight_leaves_the_ente_score_not_measured():
    units = [P("Area A", D(90), D(3)), P("Area B", D(60), None), P("Area C", None, None)]
    score = scoring.organization_score(
        units=units, objectives=[], rules=scoring.Rules(organization_method="weighted_units")
    )
    assert score.value is None
    assert score.note == "manca il peso nel sistema di misurazione per: «Area B»"
    counting_zero = scoring.Rules(organization_method="weighted_units", missing_as_zero=True)
    score = scoring.organization_score(units=[units[0], units[2]], objectives=[], rules=counting_zero)
    assert score.note == "manca il peso nel sistema di misurazione per: «Area C»"
    units = [P("Area A", D(90), D(3)), P("Area C", None, D(1))]
    assert scoring.organization_score(units=units, objectives=[], rules=counting_zero).value == D("67.5")


# --- The live scorecard: three rounding orders give three results --------------------------


def _weighted_areas(build):
    """Area A (weight 70): objectives at 84,9 and 85,9; area B (weight 30): one at 80,9. Each
    objective's score comes from two indicators at whole percents weighted 1:9 (84 and 85 → 84,9),
    so the indicators' own rounding changes nothing."""
    Review.objects.filter(objective__plan=build.plan).delete()
    a, b = build.unit(name="Area A", code="area-a"), build.unit(name="Area B", code="area-b")
    for unit, lows in ((a, (84, 85)), (b, (80,))):
        for low in lows:
            objective = build.objective(
                unit,
                weight=D(1),
                indicators=[("number", "ge", "100", D(1)), ("number", "ge", "100", D(9))],
            )
            build.review(
                objective,
                kind="final",
                on=date(2025, 1, 20),
                values=[{"number": D(low)}, {"number": D(low + 1)}],
            )


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("end", D(84)),  # (70 × 85,4 + 30 × 80,9) / 100 = 84,05 → 84
        ("units", D(83)),  # areas first: 85 and 80 → (70 × 85 + 30 × 80) / 100 = 83,5 → 83
        ("objectives", D(82)),  # objectives 84, 85 → A 84,5 → 84; B 80 → 82,8 → 82
    ],
)
def test_rounding_order_on_a_weighted_ente_mean(build, casorate, level, expected):
    EvaluationSystem.objects.create(
        plan=casorate,
        rounding_mode="truncate",
        rounding_decimals=0,
        rounding_level=level,
        organization_method="weighted_units",
        unit_weights={"area-a": "70", "area-b": "30"},
    )
    _weighted_areas(build)
    card = selectors.scorecard(casorate)
    assert card.organization_score.value == expected
    shown = smvp.steps_as_text(card.organization_score)
    assert "Area A: " in shown and "[peso 70]" in shown and "[peso 30]" in shown
    assert "Σ(peso dell'unità × punteggio dell'unità) / Σ pesi delle unità misurate" in shown


# --- The system form, the exchange, the roll-over, the Relazione -----------------------------


def _codes_with_objectives(plan):
    return sorted(
        OrgUnit.objects.filter(plan=plan, objectives__is_prerequisite=False)
        .values_list("code", flat=True)
        .distinct()
    )


def test_system_form_saves_the_weights_and_refuses_bad_ones(build, casorate, secretary_client):
    build.objective(build.unit(code="area-x"))
    codes = _codes_with_objectives(casorate)
    page = secretary_client.get(url(casorate, "system_edit"))
    assert "peso di ogni unità nel punteggio dell&#x27;ente" in page.content.decode()
    text = "\n".join(f"{code};{10 + i}" for i, code in enumerate(codes))
    data = page_form(page, organization_method="weighted_units", unit_weights=text)
    assert secretary_client.post(url(casorate, "system_edit"), data).status_code == 302
    system = EvaluationSystem.objects.get(plan=casorate)
    assert system.organization_method == "weighted_units"
    assert system.unit_weights == {code: str(10 + i) for i, code in enumerate(codes)}
    assert "area-x" in system.unit_weights

    again = secretary_client.get(url(casorate, "system_edit"))
    assert page_form(again)["unit_weights"].replace("\r\n", "\n") == text
    others = "\n".join(line for line in text.splitlines() if not line.startswith("area-x;"))
    cases = [
        (others + "\narea-x;0,0", "Il peso dell&#x27;unità «area-x» deve essere maggiore di zero."),
        (text + "\nnessuna;5", "L&#x27;unità «nessuna» non è nell&#x27;organigramma del piano."),
        (others, "Manca il peso delle unità con obiettivi: «area-x»."),
        (text + "\nriga senza peso", "Riga"),
    ]
    for typed, message in cases:
        response = secretary_client.post(url(casorate, "system_edit"), page_form(again, unit_weights=typed))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert EvaluationSystem.objects.get(plan=casorate).unit_weights == system.unit_weights
    page = secretary_client.get(url(casorate, "system"))
    assert "area-x peso" in page.content.decode()


def test_exchange_round_trip_of_the_weights(build, casorate):
    build.objective(build.unit(code="area-rt"))
    weights = dict.fromkeys(_codes_with_objectives(casorate), "1") | {"area-rt": "12.5"}
    EvaluationSystem.objects.create(plan=casorate, organization_method="weighted_units", unit_weights=weights)
    first = export_plan(casorate, audience=Audience.BACKUP)
    assert first["evaluation"]["system"]["unit_weights"]["area-rt"] == "12.5"
    assert first["evaluation"]["system"]["organization_method"] == "weighted_units"
    copy = import_plan(json.loads(json.dumps(first)), slug="copia-pesi")
    copied = EvaluationSystem.objects.get(plan=copy)
    assert copied.unit_weights == weights and copied.organization_method == "weighted_units"
    assert (
        export_plan(copy, audience=Audience.BACKUP)["evaluation"]["system"] == first["evaluation"]["system"]
    )


def test_import_refuses_a_weight_not_positive(build, casorate):
    build.objective(build.unit(code="area-neg"))
    weights = dict.fromkeys(_codes_with_objectives(casorate), "1") | {"area-neg": "-1"}
    EvaluationSystem.objects.create(plan=casorate, organization_method="weighted_units", unit_weights=weights)
    document = export_plan(casorate, audience=Audience.BACKUP)
    with pytest.raises(Exception, match="«area-neg» deve essere maggiore di zero"):
        import_plan(json.loads(json.dumps(document)), slug="copia-neg")


def test_rollover_copies_the_weights_by_unit_code(build, casorate, make_member):
    from openpiao.plans import rollover

    objective = build.objective(build.unit(code="area-ro"), number=5)
    type(objective).objects.filter(pk=objective.pk).update(last_year=casorate.reference_year + 2)
    weights = dict.fromkeys(_codes_with_objectives(casorate), "2") | {"area-ro": "7"}
    EvaluationSystem.objects.create(plan=casorate, organization_method="weighted_units", unit_weights=weights)
    user = make_member(casorate.organization, "secretary", username="segr-pesi")
    new, _, _ = rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=user)
    copied = EvaluationSystem.objects.get(plan=new)
    assert copied.organization_method == "weighted_units"
    assert copied.weights_by_code()["area-ro"] == D(7)
    assert OrgUnit.objects.filter(plan=new, code="area-ro").exists()


def test_the_relazione_states_how_the_ente_score_is_computed(build, casorate):
    _weighted_areas(build)
    system = EvaluationSystem.objects.create(
        plan=casorate, organization_method="weighted_units", unit_weights={"area-a": "70", "area-b": "30"}
    )
    line = (
        "Punteggio dell'ente: media dei punteggi delle unità pesata con il peso di ogni unità "
        "(area-a 70; area-b 30)."
    )
    assert line in settings_lines(system)
    printed = str(relazione_document(build_report(casorate, PublicReader())).blocks)
    assert "Regole di misurazione applicate" in printed and line in printed
    # (70 × 85,4 + 30 × 80,9) / 100 = 84,05, in the working the Relazione prints
    assert "Σ(peso dell'unità × punteggio dell'unità) / Σ pesi delle unità misurate" in printed
    system.organization_method = "objectives"
    assert "Punteggio dell'ente: media semplice dei punteggi di tutti gli obiettivi." in settings_lines(
        system
    )


def test_readiness_names_a_unit_added_after_the_weights(build, casorate):
    from openpiao.evaluation.readiness import readiness_items

    weights = dict.fromkeys(_codes_with_objectives(casorate), "1")
    EvaluationSystem.objects.create(plan=casorate, organization_method="weighted_units", unit_weights=weights)
    assert not [i for i in readiness_items(casorate) if "Pesi delle unità" in i.message]
    build.objective(build.unit(code="area-nuova"))
    items = [i for i in readiness_items(casorate) if "Pesi delle unità" in i.message]
    assert [i.message for i in items] == [
        "Pesi delle unità nel punteggio dell'ente: Manca il peso delle unità con obiettivi: «area-nuova»."
    ]
    assert not items[0].blocking
