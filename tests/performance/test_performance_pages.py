"""Performance pages: objectives by unit, scheda obiettivo, forms and their validation."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.models import AuditEvent
from openpiao.performance.models import (
    Indicator,
    IndicatorTarget,
    Objective,
    Participation,
    StrategicObjective,
)
from tests import factories


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_objective_list_groups_by_unit_with_weight_sums(secretary_client, casorate):
    first = factories.unit(casorate, name="Servizio Alfa")
    factories.objective(casorate, first, weight=Decimal(60), title="Primo obiettivo")
    factories.objective(casorate, first, weight=Decimal(30), title="Secondo obiettivo")
    page = secretary_client.get(
        reverse("performance:objectives", args=["casorate-primo", 2024])
    ).content.decode()
    assert "Servizio Alfa" in page and "Primo obiettivo" in page
    assert "i pesi sommano 90% invece di 100%" in page


def test_list_and_scheda_queries_do_not_grow_with_objectives(secretary_client, casorate):
    unit = factories.unit(casorate)
    objective = factories.objective(casorate, unit)
    list_url = reverse("performance:objectives", args=["casorate-primo", 2024])
    scheda_url = reverse("performance:objective", args=["casorate-primo", 2024, objective.pk])
    list_before, scheda_before = _queries(secretary_client, list_url), _queries(secretary_client, scheda_url)
    other = factories.unit(casorate)
    for _ in range(6):
        factories.objective(casorate, unit)
        factories.objective(casorate, other)
    # More rows inside the same objective too.
    for _ in range(4):
        factories.employee(casorate, unit)
    assert _queries(secretary_client, list_url) == list_before
    assert _queries(secretary_client, scheda_url) == scheda_before
    assert list_before <= 10 and scheda_before <= 14


def test_list_queries_do_not_grow_with_the_depth_of_the_units(secretary_client, casorate):
    """An office under a settore under an area shows the area's responsabile, from memory."""
    url = reverse("performance:objectives", args=["casorate-primo", 2024])
    top = factories.unit(casorate, name="Area Alfa", head_label="Dott.ssa Bianchi")
    factories.objective(casorate, factories.unit(casorate, parent=top), with_details=False)
    before = _queries(secretary_client, url)
    for _ in range(4):
        lower = factories.unit(casorate, parent=factories.unit(casorate, parent=top))
        factories.objective(casorate, factories.unit(casorate, name="Ufficio Beta", parent=lower))
    page = secretary_client.get(url).content.decode()
    assert _queries(secretary_client, url) == before
    office = page[page.index("Ufficio Beta") :]
    assert "Responsabile: Dott.ssa Bianchi" in office[:400]


@pytest.mark.parametrize("part", ["indicatori", "fasi", "personale", "risorse"])
def test_part_forms_queries_do_not_grow_with_rows(secretary_client, casorate, part):
    """Each row of the formset must not query its own targets or its own list of employees."""
    unit = factories.unit(casorate)
    objective = factories.objective(casorate, unit)
    url = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, part])
    before = _queries(secretary_client, url)
    for position in range(3, 9):
        indicator = Indicator.objects.create(objective=objective, order=position, kind="number")
        IndicatorTarget.objects.create(indicator=indicator, year=2024, value="5")
        Participation.objects.create(
            objective=objective,
            employee=factories.employee(casorate, unit),
            percent=5,
        )
    assert _queries(secretary_client, url) == before


def test_scheda_shows_the_seed_layout(secretary_client, casorate):
    unit = factories.unit(casorate, name="Servizio Beta")
    objective = factories.objective(casorate, unit, title="Innovazione servizi demografici")
    page = secretary_client.get(reverse("performance:objective", args=["casorate-primo", 2024, objective.pk]))
    text = page.content.decode()
    for heading in (
        "Indicatori di risultato",
        "Fasi di attuazione e cronoprogramma",
        "Personale coinvolto",
        "Costo delle risorse interne",
        "Risorse aggiuntive",
        "Costo complessivo dell'obiettivo",
    ):
        assert heading in text
    costs = page.context["costs"]
    assert (
        costs.internal == Decimal("255.00")
        and costs.additional == Decimal("100")
        and costs.total == Decimal("355.00")
    )
    assert "€ 355,00" in text


def _objective_post(objective, **changes):
    data = {
        "unit": objective.unit_id,
        "number": objective.number,
        "kind": objective.kind,
        "title": objective.title,
        "description": "",
        "strategic_objective": "",
        "weight": "",
        "first_year": "2024",
        "last_year": "2024",
        "cost_centre": "",
        "budget_chapter": "",
        "budget_amount": "",
        "remote_workable": "on",
        "reward_note": "",
        "expected_version": objective.version,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"weight": "120"}, "weight", "Il peso non può superare 100%"),
        ({"weight": "-1"}, "weight", "maggiore o uguale a 0"),
        ({"last_year": "2027"}, "last_year", "devono cadere nel triennio 2024-2026"),
        ({"first_year": "2026", "last_year": "2025"}, "last_year", "non può precedere"),
        ({"kind": "cross_unit"}, "co_units", "almeno un'unità corresponsabile"),
        ({"title": ""}, "title", "obbligatorio"),
        ({"budget_amount": "mille"}, "budget_amount", "numero"),
    ],
)
def test_objective_form_refuses_bad_input(secretary_client, casorate, changes, field, message):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False)
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk])
    response = secretary_client.post(url, _objective_post(objective, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Objective.objects.get(pk=objective.pk).version == objective.version


def test_objective_edit_accepts_italian_decimals(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False)
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk])
    response = secretary_client.post(url, _objective_post(objective, weight="33,5", budget_amount="1.250,40"))
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.weight, objective.budget_amount, objective.version) == (
        Decimal("33.5"),
        Decimal("1250.40"),
        2,
    )


def test_concurrent_objective_edits_do_not_overwrite(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False)
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk])
    opened_by_both = _objective_post(objective)
    assert secretary_client.post(url, {**opened_by_both, "title": "Versione di Anna"}).status_code == 302
    response = secretary_client.post(url, {**opened_by_both, "title": "Versione di Bruno"})
    assert response.status_code == 200
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert Objective.objects.get(pk=objective.pk).title == "Versione di Anna"


def _participation_post(objective, rows, version=None):
    data = {
        "expected_version": version if version is not None else objective.version,
        "personale-TOTAL_FORMS": str(len(rows)),
        "personale-INITIAL_FORMS": "0",
    }
    for index, (employee, percent) in enumerate(rows):
        data[f"personale-{index}-employee"] = employee.pk
        data[f"personale-{index}-percent"] = percent
    return data


def test_participation_over_100_percent_is_refused(secretary_client, casorate):
    unit = factories.unit(casorate)
    objective = factories.objective(casorate, unit, with_details=False)
    anna, bruno = factories.employee(casorate, unit), factories.employee(casorate, unit)
    url = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "personale"])
    response = secretary_client.post(url, _participation_post(objective, [(anna, "60"), (bruno, "50")]))
    assert response.status_code == 200
    assert "La somma delle percentuali di partecipazione è 110%" in response.content.decode()
    assert not Participation.objects.filter(objective=objective).exists()
    response = secretary_client.post(url, _participation_post(objective, [(anna, "60"), (bruno, "40")]))
    assert response.status_code == 302
    assert Participation.objects.filter(objective=objective).count() == 2


def test_saved_part_is_announced_in_good_italian_and_logged(secretary_client, casorate):
    unit = factories.unit(casorate)
    objective = factories.objective(casorate, unit, with_details=False)
    url = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "personale"])
    data = _participation_post(objective, [(factories.employee(casorate, unit), "40")])
    page = secretary_client.post(url, data, follow=True).content.decode()
    assert "Personale coinvolto salvato." in page
    event = AuditEvent.objects.filter(object_type="objective", object_id=str(objective.pk)).latest("pk")
    assert event.action == Action.OBJECTIVE_STAFF_SAVED


def test_participation_of_an_employee_of_another_plan_is_refused(secretary_client, casorate, albizzate):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False)
    stranger = factories.employee(albizzate, factories.unit(albizzate))
    url = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "personale"])
    response = secretary_client.post(url, _participation_post(objective, [(stranger, "10")]))
    assert response.status_code == 200
    assert not Participation.objects.filter(objective=objective).exists()


@pytest.mark.parametrize("version", [None, "", "due"])
def test_garbled_version_of_a_part_is_a_bad_request_not_a_conflict(secretary_client, casorate, version):
    unit = factories.unit(casorate)
    objective = factories.objective(casorate, unit, with_details=False)
    url = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "personale"])
    data = _participation_post(objective, [(factories.employee(casorate, unit), "60")])
    if version is None:
        del data["expected_version"]
    else:
        data["expected_version"] = version
    response = secretary_client.post(url, data)
    assert response.status_code == 400
    assert "Richiesta non valida" in response.content.decode()
    assert "Qualcun altro ha modificato" not in response.content.decode()
    assert not Participation.objects.filter(objective=objective).exists()


def _indicator_post(prefix, indicator, **changes):
    data = {
        f"{prefix}-order": "1",
        f"{prefix}-description": indicator.description,
        f"{prefix}-kind": indicator.kind,
        f"{prefix}-direction": "ge",
        f"{prefix}-measure_unit": "",
        f"{prefix}-baseline": "",
        f"{prefix}-weight": "1",
        f"{prefix}-target_2024": "10",
        f"{prefix}-target_2025": "",
        f"{prefix}-target_2026": "",
    }
    data.update({f"{prefix}-{k}": v for k, v in changes.items()})
    return data


def test_inline_indicator_edit_saves_target(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate))
    indicator = objective.indicators.first()
    url = reverse("performance:indicator_inline", args=["casorate-primo", 2024, objective.pk, indicator.pk])
    form = secretary_client.get(url + "?mode=edit")
    assert f'name="ind{indicator.pk}-target_2024"' in form.content.decode()
    data = _indicator_post(
        f"ind{indicator.pk}", indicator, kind="number", target_2024="< di 5", target_2025="4"
    )
    response = secretary_client.post(
        url, {**data, "expected_version": objective.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Salvato" in response.content.decode()
    assert dict(IndicatorTarget.objects.filter(indicator=indicator).values_list("year", "value")) == {
        2024: "< di 5",
        2025: "4",
    }


def test_inline_indicator_with_a_garbled_version_is_a_bad_request(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate))
    indicator = objective.indicators.first()
    url = reverse("performance:indicator_inline", args=["casorate-primo", 2024, objective.pk, indicator.pk])
    data = _indicator_post(f"ind{indicator.pk}", indicator, target_2024="99")
    assert secretary_client.post(url, data).status_code == 400
    assert secretary_client.post(url, {**data, "expected_version": "x"}).status_code == 400
    assert IndicatorTarget.objects.get(indicator=indicator, year=2024).value == "10"


@pytest.mark.parametrize(
    "kind, target, message",
    [
        ("boolean", "forse", "«SI» oppure «NO»"),
        ("deadline", "presto", "indicare una data"),
        ("number", "tanti", "deve contenere un numero"),
    ],
)
def test_inline_indicator_refuses_unreadable_target(secretary_client, casorate, kind, target, message):
    objective = factories.objective(casorate, factories.unit(casorate))
    indicator = objective.indicators.first()
    url = reverse("performance:indicator_inline", args=["casorate-primo", 2024, objective.pk, indicator.pk])
    data = _indicator_post(f"ind{indicator.pk}", indicator, kind=kind, target_2024=target)
    response = secretary_client.post(url, {**data, "expected_version": objective.version})
    assert message in response.content.decode()
    assert IndicatorTarget.objects.get(indicator=indicator, year=2024).value == "10"


def test_target_year_outside_the_triennium_is_refused(casorate):
    from django.core.exceptions import ValidationError

    objective = factories.objective(casorate, factories.unit(casorate))
    target = IndicatorTarget(indicator=objective.indicators.first(), year=2027, value="3")
    with pytest.raises(ValidationError, match="triennio 2024-2026"):
        target.full_clean()


def _get_status(client, name, *args) -> int:
    return client.get(reverse(f"performance:{name}", args=["casorate-primo", 2024, *args])).status_code


def test_unit_head_edits_only_its_units(client, casorate, make_member):
    own, other = factories.unit(casorate), factories.unit(casorate)
    user = make_member(casorate.organization, "unit_head")
    own.editors.add(user)
    mine, theirs = factories.objective(casorate, own), factories.objective(casorate, other)
    client.force_login(user)
    assert _get_status(client, "objective_edit", mine.pk) == 200
    assert _get_status(client, "objective_edit", theirs.pk) == 403
    response = client.post(
        reverse("performance:objective_create", args=["casorate-primo", 2024]),
        {
            "unit": other.pk,
            "number": 1,
            "kind": "improvement",
            "title": "x",
            "first_year": "2024",
            "last_year": "2024",
        },
    )
    assert "unit" in response.context["form"].errors


def test_reader_cannot_edit(client, casorate, make_member):
    objective = factories.objective(casorate, factories.unit(casorate))
    client.force_login(make_member(casorate.organization, "reader"))
    assert _get_status(client, "objective", objective.pk) == 200
    assert _get_status(client, "objective_edit", objective.pk) == 403
    assert _get_status(client, "objective_create") == 403


def test_scheda_shows_valore_raggiunto_of_the_current_review(secretary_client, casorate):
    objective = casorate.objectives.get(unit__code="amministrativo", number=1)
    page = secretary_client.get(reverse("performance:objective", args=["casorate-primo", 2024, objective.pk]))
    text = page.content.decode()
    assert "verifica intermedia del 31/07/2024" in text
    row = text[text.index("n. carte identità rilasciate in modalità elettronica") :]
    assert "1100" in row[:600] and "640" in row[:900]


def test_strategic_objective_saved_with_an_audit_row(secretary_client, casorate):
    data = {"code": "so-audit", "title": "Comunità più sicura", "order": 1}
    response = secretary_client.post(
        reverse("performance:strategic_create", args=["casorate-primo", 2024]), data
    )
    assert response.status_code == 302
    item = StrategicObjective.objects.get(plan=casorate, code="so-audit")
    edit = reverse("performance:strategic_edit", args=["casorate-primo", 2024, item.pk])
    changed = {**data, "title": "Comunità sicura", "expected_version": item.version}
    assert secretary_client.post(edit, changed).status_code == 302
    actions = AuditEvent.objects.filter(object_type="strategicobjective", object_id=str(item.pk))
    assert sorted(actions.values_list("action", flat=True)) == [
        Action.STRATEGIC_OBJECTIVE_CHANGED,
        Action.STRATEGIC_OBJECTIVE_CREATED,
    ]


def test_concurrent_strategic_objective_edits_do_not_overwrite(secretary_client, casorate):
    item = casorate.strategic_objectives.first()
    url = reverse("performance:strategic_edit", args=["casorate-primo", 2024, item.pk])
    opened_by_both = {"code": item.code, "title": item.title, "order": item.order, "expected_version": 1}
    assert secretary_client.post(url, {**opened_by_both, "title": "Versione di Anna"}).status_code == 302
    response = secretary_client.post(url, {**opened_by_both, "title": "Versione di Bruno"})
    assert response.status_code == 200
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert StrategicObjective.objects.get(pk=item.pk).title == "Versione di Anna"


def test_breadcrumbs_lead_back_from_a_part_of_the_scheda(secretary_client, casorate):
    objective = casorate.objectives.get(unit__code="amministrativo", number=1)
    args = ["casorate-primo", 2024]
    page = secretary_client.get(
        reverse("performance:objective_part", args=[*args, objective.pk, "fasi"])
    ).content.decode()
    assert f'<a href="{reverse("performance:objectives", args=args)}">Obiettivi di performance</a>' in page
    scheda = reverse("performance:objective", args=[*args, objective.pk])
    assert f'<a href="{scheda}">Obiettivo 1 di {objective.unit.name}</a>' in page
    assert '<li class="breadcrumb-item active" aria-current="page">Fasi e cronoprogramma</li>' in page
    page = secretary_client.get(scheda).content.decode()
    assert f'aria-current="page">Obiettivo 1 di {objective.unit.name}</li>' in page
