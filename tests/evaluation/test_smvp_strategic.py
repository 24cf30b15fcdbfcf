"""Area → obiettivo strategico → obiettivo operativo → indicatore: the system can say that the
ente's score is the mean of the strategic objectives' scores weighted by their weight in the
system, each strategic objective being the weighted mean of the operational objectives linked
to it. The weights are kept by the strategic objective's code (so they follow it into the next
plan), exported and imported with the plan, shown on the system's page and in the Relazione."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.evaluation import scoring, selectors, smvp
from openpiao.evaluation.models import EvaluationSystem, Review
from openpiao.evaluation.printing import PublicReader, relazione_document, settings_lines
from openpiao.evaluation.report import build_report
from openpiao.performance.models import Objective, StrategicObjective
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
        ("OS1;60\nOS2;40", {"OS1": D(60), "OS2": D(40)}, []),
        ("OS1; 12,5", {"OS1": D("12.5")}, []),
        ("OS1", {}, ["Riga 1: scrivere «codice dell'obiettivo strategico;peso» (per esempio «OS1;60»)."]),
        ("OS1;sessanta", {}, ["Riga 1: «sessanta» non è un peso valido."]),
        ("OS1;1\nOS1;2", {"OS1": D(1)}, ["Riga 2: l'obiettivo strategico «OS1» ha già un peso."]),
    ],
)
def test_parse_strategic_weights(text, weights, errors):
    assert smvp.parse_strategic_weights(text) == (weights, errors)


@pytest.mark.parametrize(
    ("weights", "unlinked", "problems"),
    [
        ({"OS1": D(60), "OS2": D(40)}, [], []),
        (
            {"OS1": D(60), "OS2": D(0)},
            [],
            ["Il peso dell'obiettivo strategico «OS2» deve essere maggiore di zero."],
        ),
        ({"OS1": D(60)}, [], ["Manca il peso degli obiettivi strategici con obiettivi operativi: «OS2»."]),
        ({"OS1": D(1), "OS2": D(1), "OS9": D(1)}, [], ["L'obiettivo strategico «OS9» non è nel piano."]),
        (
            {"OS1": D(1), "OS2": D(1)},
            ["Ragioneria, obiettivo 3"],
            [
                "Obiettivi non collegati a un obiettivo strategico (restano fuori dal punteggio dell'ente): "
                "Ragioneria, obiettivo 3."
            ],
        ),
    ],
)
def test_strategic_weight_problems(weights, unlinked, problems):
    found = smvp.strategic_weight_problems(
        weights, codes={"OS1", "OS2", "OS3"}, linked={"OS1", "OS2"}, unlinked=unlinked
    )
    assert found == problems


# OS1 (weight 60): operational objectives 83,9 (weight 1) and 85,9 (weight 3) → 85,4
# OS2 (weight 40): one operational objective at 81,9 → 81,9
# Scores truncated to the unit: four places to round give four results.
TIER_PARTS = {
    "OS1": (D(60), [P("A1", D("83.9"), D(1)), P("A2", D("85.9"), D(3))]),
    "OS2": (D(40), [P("B1", D("81.9"), D(1))]),
}


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("end", D(84)),  # (60 × 85,4 + 40 × 81,9) / 100 = 84,0 → 84
        ("units", D(83)),  # tiers first: 85 and 81 → 51 + 32,4 = 83,4 → 83
        ("objectives", D(82)),  # 83, 85, 81 → OS1 (83 + 3 × 85) / 4 = 84,5 → 84 → 50,4 + 32,4 = 82,8 → 82
        ("terms", D(81)),  # OS1 20,75 → 20 + 63,75 → 63 = 83; ente 49,8 → 49 + 32,4 → 32 = 81
    ],
)
def test_rounding_order_through_the_strategic_tier(level, expected):
    rules = scoring.Rules(
        organization_method="strategic", rounding=scoring.Rounding("truncate", 0), rounding_level=level
    )
    if level in ("objectives", "terms"):  # the objectives' own scores as the system writes them
        parts = {
            c: (w, [P(p.label, rules.rounding.apply(p.score), p.weight) for p in ps])
            for c, (w, ps) in TIER_PARTS.items()
        }
    else:
        parts = TIER_PARTS
    tiers = [
        scoring.Tier(code, weight, scoring.strategic_score(ps, rules=rules))
        for code, (weight, ps) in parts.items()
    ]
    score = scoring.organization_score(units=[], objectives=[], rules=rules, strategic=tiers)
    assert score.value == expected
    shown = smvp.steps_as_text(score)
    assert "obiettivo strategico «OS1»: punteggio dell'obiettivo strategico" in shown
    assert (
        "Σ(peso dell'obiettivo strategico × punteggio) / Σ pesi degli obiettivi strategici misurati" in shown
    )


def test_a_strategic_objective_without_weight_leaves_the_ente_score_not_measured():
    rules = scoring.Rules(organization_method="strategic")
    tiers = [
        scoring.Tier("OS1", D(60), scoring.strategic_score([P("A1", D(90), D(1))], rules=rules)),
        scoring.Tier("OS2", None, scoring.strategic_score([P("B1", D(70), D(1))], rules=rules)),
    ]
    score = scoring.organization_score(units=[], objectives=[], rules=rules, strategic=tiers)
    assert score.value is None
    assert score.note == "manca il peso nel sistema di misurazione per: «OS2»"


# --- The live scorecard ----------------------------------------------------------------------


def _strategic_plan(build, casorate):
    """Two strategic objectives over two units; the demo's objectives set aside (pre-requisiti)."""
    Review.objects.filter(objective__plan=casorate).delete()
    Objective.objects.filter(plan=casorate).update(is_prerequisite=True, weight=None)
    os1 = StrategicObjective.objects.create(plan=casorate, code="OS1", title="Territorio sicuro", order=1)
    os2 = StrategicObjective.objects.create(plan=casorate, code="OS2", title="Servizi digitali", order=2)
    a, b = build.unit(name="Area A", code="area-a"), build.unit(name="Area B", code="area-b")
    on = date(casorate.reference_year + 1, 1, 20)
    made = []
    # OS1: Area A objective (weight 30) at 90, Area B objective (weight 10) at 50 → (2700 + 500) / 40 = 80
    # OS2: Area A objective (weight 20) at 100 → 100
    for unit, so, weight, value in ((a, os1, 30, 90), (b, os1, 10, 50), (a, os2, 20, 100)):
        objective = build.objective(unit, weight=D(weight), indicators=[("number", "ge", "100", D(1))])
        Objective.objects.filter(pk=objective.pk).update(strategic_objective=so)
        build.review(objective, kind="final", on=on, values=[{"number": D(value)}])
        made.append(objective)
    return made


def test_the_scorecard_aggregates_through_the_strategic_objectives(build, casorate):
    _strategic_plan(build, casorate)
    EvaluationSystem.objects.create(
        plan=casorate,
        organization_method="strategic",
        strategic_weights={"OS1": "75", "OS2": "25"},
        value_share=D(100),
        time_share=D(0),
    )
    with CaptureQueriesContext(connection) as few:
        card = selectors.scorecard(casorate)
    # (75 × 80 + 25 × 100) / 100 = 85; the units' plain mean would be ((30×90+20×100)/50 = 94, 50) → 72
    assert card.organization_score.value == D(85)
    shown = smvp.steps_as_text(card.organization_score)
    assert "obiettivo strategico «OS1 Territorio sicuro»: punteggio dell'obiettivo strategico: 80%" in shown
    assert "obiettivo strategico «OS2 Servizi digitali»: punteggio dell'obiettivo strategico: 100%" in shown
    assert "OS1 Territorio sicuro: 80%  [peso 75]" in shown
    # No query per objective or per strategic objective: three more of each cost nothing.
    unit = build.unit(name="Area C", code="area-c")
    for number in range(3):
        so = StrategicObjective.objects.create(plan=casorate, code=f"OS{number + 3}", title="Altro", order=3)
        objective = build.objective(unit, weight=D(1), indicators=[("number", "ge", "100", D(1))])
        Objective.objects.filter(pk=objective.pk).update(strategic_objective=so)
        build.review(
            objective, kind="final", on=date(casorate.reference_year + 1, 1, 20), values=[{"number": D(1)}]
        )
    EvaluationSystem.objects.filter(plan=casorate).update(
        strategic_weights={"OS1": "75", "OS2": "25", "OS3": "1", "OS4": "1", "OS5": "1"}
    )
    with CaptureQueriesContext(connection) as many:
        selectors.scorecard(casorate)
    assert len(many) == len(few)


def test_an_objective_not_linked_is_named_in_the_working(build, casorate):
    made = _strategic_plan(build, casorate)
    Objective.objects.filter(pk=made[1].pk).update(strategic_objective=None)
    EvaluationSystem.objects.create(
        plan=casorate,
        organization_method="strategic",
        strategic_weights={"OS1": "75", "OS2": "25"},
        value_share=D(100),
        time_share=D(0),
    )
    card = selectors.scorecard(casorate)
    # OS1 now only Area A's objective at 90: (75 × 90 + 25 × 100) / 100 = 92,5
    assert card.organization_score.value == D("92.5")
    assert (
        f"Area B, obiettivo {made[1].number}: non collegato a un obiettivo strategico: escluso"
        in smvp.steps_as_text(card.organization_score)
    )


# --- The form, the page, the exchange, the roll-over, the Relazione --------------------------


def test_system_form_saves_the_strategic_weights_and_refuses_bad_ones(build, casorate, secretary_client):
    _strategic_plan(build, casorate)
    page = secretary_client.get(url(casorate, "system_edit"))
    assert "peso di ogni obiettivo strategico nel punteggio dell&#x27;ente" in page.content.decode()
    data = page_form(page, organization_method="strategic", strategic_weights="OS1;75\nOS2;25")
    assert secretary_client.post(url(casorate, "system_edit"), data).status_code == 302
    system = EvaluationSystem.objects.get(plan=casorate)
    assert system.organization_method == "strategic"
    assert system.strategic_weights == {"OS1": "75", "OS2": "25"}

    again = secretary_client.get(url(casorate, "system_edit"))
    assert page_form(again)["strategic_weights"].replace("\r\n", "\n") == "OS1;75\nOS2;25"
    cases = [
        ("OS1;75", "Manca il peso degli obiettivi strategici con obiettivi operativi: «OS2»."),
        ("OS1;75\nOS2;0", "Il peso dell&#x27;obiettivo strategico «OS2» deve essere maggiore di zero."),
        ("OS1;75\nOS2;25\nOS9;1", "L&#x27;obiettivo strategico «OS9» non è nel piano."),
        ("OS1", "Riga 1: scrivere"),
    ]
    for typed, message in cases:
        response = secretary_client.post(
            url(casorate, "system_edit"), page_form(again, strategic_weights=typed)
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert EvaluationSystem.objects.get(plan=casorate).strategic_weights == {"OS1": "75", "OS2": "25"}
    assert "OS1 peso 75; OS2 peso 25" in secretary_client.get(url(casorate, "system")).content.decode()
    scores = secretary_client.get(url(casorate, "scores")).content.decode()
    assert "punteggio dell&#x27;obiettivo strategico" in scores and "85" in scores


def test_exchange_round_trip_and_rollover_of_the_strategic_weights(build, casorate, make_member):
    from openpiao.plans import rollover

    made = _strategic_plan(build, casorate)
    Objective.objects.filter(pk__in=[o.pk for o in made]).update(last_year=casorate.reference_year + 2)
    EvaluationSystem.objects.create(
        plan=casorate, organization_method="strategic", strategic_weights={"OS1": "75", "OS2": "12.5"}
    )
    first = export_plan(casorate, audience=Audience.BACKUP)
    assert first["evaluation"]["system"]["strategic_weights"] == {"OS1": "75", "OS2": "12.5"}
    assert first["evaluation"]["system"]["organization_method"] == "strategic"
    copy = import_plan(json.loads(json.dumps(first)), slug="copia-strategici")
    copied = EvaluationSystem.objects.get(plan=copy)
    assert copied.strategic_weights == {"OS1": "75", "OS2": "12.5"}
    assert (
        export_plan(copy, audience=Audience.BACKUP)["evaluation"]["system"] == first["evaluation"]["system"]
    )

    user = make_member(casorate.organization, "secretary", username="segr-strategici")
    new, _, _ = rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=user)
    rolled = EvaluationSystem.objects.get(plan=new)
    assert rolled.organization_method == "strategic"
    assert rolled.strategic_weights_by_code() == {"OS1": D(75), "OS2": D("12.5")}


def test_the_relazione_prints_the_rule_and_the_working(build, casorate):
    _strategic_plan(build, casorate)
    system = EvaluationSystem.objects.create(
        plan=casorate,
        organization_method="strategic",
        strategic_weights={"OS1": "75", "OS2": "25"},
        value_share=D(100),
        time_share=D(0),
    )
    line = (
        "Punteggio dell'ente: media dei punteggi degli obiettivi strategici pesata con il peso di ogni "
        "obiettivo strategico (OS1 75; OS2 25); ogni obiettivo strategico vale la media pesata dei suoi "
        "obiettivi operativi."
    )
    assert line in settings_lines(system)
    printed = str(relazione_document(build_report(casorate, PublicReader())).blocks)
    assert line in printed
    assert "punteggio dell'obiettivo strategico" in printed and "85" in printed


def test_readiness_names_an_objective_not_linked(build, casorate):
    from openpiao.evaluation.readiness import readiness_items

    made = _strategic_plan(build, casorate)
    EvaluationSystem.objects.create(
        plan=casorate, organization_method="strategic", strategic_weights={"OS1": "1", "OS2": "1"}
    )
    assert not [i for i in readiness_items(casorate) if "obiettivi strategici nel punteggio" in i.message]
    Objective.objects.filter(pk=made[0].pk).update(strategic_objective=None)
    items = [i for i in readiness_items(casorate) if "obiettivi strategici nel punteggio" in i.message]
    assert len(items) == 1 and f"Area A, obiettivo {made[0].number}" in items[0].message
    assert not items[0].blocking


def test_an_objective_not_linked_does_not_stop_the_system_from_being_saved(build, casorate, secretary_client):
    """The ente's score leaves such an objective out and says so (working, readiness): the form
    saves the weights instead of refusing them."""
    made = _strategic_plan(build, casorate)
    Objective.objects.filter(pk=made[1].pk).update(strategic_objective=None)
    page = secretary_client.get(url(casorate, "system_edit"))
    data = page_form(page, organization_method="strategic", strategic_weights="OS1;75\nOS2;25")
    assert secretary_client.post(url(casorate, "system_edit"), data).status_code == 302
    assert EvaluationSystem.objects.get(plan=casorate).strategic_weights == {"OS1": "75", "OS2": "25"}
