"""Objectives as comuni write them (issue 13): pre-requisiti without weight, kinds optional
and named by the ente, weights in points, targets as dates per year. Forms are posted as the
rendered page sends them (tests.page_forms)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from openpiao.documents.builder import build_document
from openpiao.organizations.models import Organization
from openpiao.performance.models import IndicatorTarget, Objective
from openpiao.performance.selectors import objectives_with_details
from tests import factories
from tests.page_forms import page_form


def _edit(client, objective, **changes):
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk])
    return client.post(url, page_form(client.get(url), **changes))


@pytest.mark.parametrize(
    "changes, error, saved",
    [
        # A pre-requisito has no weight: a weight is refused next to the field.
        ({"is_prerequisite": "on", "weight": "20"}, ("weight", "pre-requisito non ha peso"), None),
        ({"is_prerequisite": "on", "weight": ""}, None, {"is_prerequisite": True, "weight": None}),
        # The kind is optional; the ente's own name of it is kept.
        (
            {"kind": "", "kind_label": "Obiettivo di gruppo"},
            None,
            {"kind": "", "kind_name": "Obiettivo di gruppo"},
        ),
        ({"kind": "", "kind_label": ""}, None, {"kind": "", "kind_name": ""}),
        ({"kind": "management", "kind_label": ""}, None, {"kind_name": "Di gestione"}),
        # A group objective keeps its label, and still names its co-units.
        (
            {"kind": "cross_unit", "kind_label": "Obiettivo di gruppo"},
            ("co_units", "almeno un'unità corresponsabile"),
            None,
        ),
    ],
)
def test_objective_form_prerequisite_and_kinds(secretary_client, casorate, changes, error, saved):
    objective = factories.objective(
        casorate, factories.unit(casorate), with_details=False, weight=Decimal(30)
    )
    response = _edit(secretary_client, objective, **changes)
    after = Objective.objects.get(pk=objective.pk)
    if error:
        field, message = error
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        assert after.version == objective.version
    else:
        assert response.status_code == 302
        assert {name: getattr(after, name) for name in saved} == saved


def _indicator_form(client, objective, indicator, **targets):
    url = reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "indicatori"])
    page = client.get(url)
    data = page_form(page)
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(indicator.pk))[: -len("-id")]
    changes = {f"{prefix}-kind": "deadline", **{f"{prefix}-target_{y}": v for y, v in targets.items()}}
    return client.post(url, page_form(page, **changes))


@pytest.mark.parametrize(
    "targets, saved, message",
    [
        ({"2024": "entro il 30 settembre"}, {2024: "entro il 30 settembre"}, None),
        (
            {"2024": "14-16 giugno", "2025": "14-16 giugno"},
            {2024: "14-16 giugno", 2025: "14-16 giugno"},
            None,
        ),
        ({"2024": "entro il primo semestre"}, {2024: "entro il primo semestre"}, None),
        # A deadline of another year is refused, not filed under this one.
        ({"2024": "Entro 31/01/2025"}, None, "deve cadere nel 2024"),
        ({"2025": "30/06/2024"}, None, "deve cadere nel 2025"),
    ],
)
def test_indicator_targets_as_dates_per_year(secretary_client, casorate, targets, saved, message):
    objective = factories.objective(casorate, factories.unit(casorate), last_year=2026)
    indicator = objective.indicators.first()
    response = _indicator_form(secretary_client, objective, indicator, **targets)
    stored = dict(IndicatorTarget.objects.filter(indicator=indicator).values_list("year", "value"))
    if message:
        assert message in response.content.decode()
        assert stored == {2024: "10"}
    else:
        assert stored == saved


def test_list_and_scheda_show_points_and_prerequisite(secretary_client, casorate):
    Organization.objects.filter(pk=casorate.organization_id).update(
        weight_mode="points", weight_points_total=100
    )
    unit = factories.unit(casorate, name="Ufficio di prova")
    factories.objective(casorate, unit, with_details=False, weight=Decimal(20), number=1)
    factories.objective(casorate, unit, with_details=False, weight=Decimal(80), number=2)
    factories.objective(casorate, unit, with_details=False, is_prerequisite=True, number=3, kind="")
    html = secretary_client.get(
        reverse("performance:objectives", args=["casorate-primo", 2024])
    ).content.decode()
    assert "20 punti" in html and "80 punti" in html and "X (pre-requisito)" in html
    # The pre-requisito has no weight: the unit's weights still add up, no warning.
    section = html[html.index("Ufficio di prova") :]
    assert "Attenzione" not in section[: section.index("</section>")]


def test_print_shows_points_kind_label_prerequisite_and_every_year(casorate):
    Organization.objects.filter(pk=casorate.organization_id).update(
        weight_mode="points", weight_points_total=100
    )
    casorate.refresh_from_db()
    unit = factories.unit(casorate, name="Ufficio di prova")
    scored = factories.objective(
        casorate, unit, weight=Decimal(20), number=1, kind="", kind_label="Obiettivo esecutivo"
    )
    indicator = scored.indicators.first()
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value="12")  # beyond its years
    factories.objective(casorate, unit, with_details=False, is_prerequisite=True, number=2, kind="")
    text = build_document(casorate, section="2.2").text()
    assert "1. Obiettivo esecutivo 2024 - Obiettivo 1" in text
    unit_table = text.split("Centro di responsabilità: Ufficio di prova", 1)[1].split(
        "1. Obiettivo esecutivo"
    )[0]
    assert "20 punti" in unit_table and "20%" not in unit_table
    assert "X (pre-requisito)" in unit_table and "Obiettivo esecutivo" in unit_table
    scheda = build_document(casorate, objective=objectives_with_details(casorate).get(pk=scored.pk)).text()
    assert "Valore atteso 2024" in scheda and "Valore atteso 2025" in scheda and "12" in scheda


def test_scheda_of_an_objective_measured_by_its_phases(casorate):
    objective = factories.objective(
        casorate, factories.unit(casorate), with_details=False, title="Festa patronale"
    )
    objective.phases.create(order=1, description="Programma e affidamenti", months=[3, 4])
    objective.phases.create(order=2, description="Svolgimento 14-16 giugno", months=[6])
    text = build_document(casorate, objective=objectives_with_details(casorate).get(pk=objective.pk)).text()
    assert "Svolgimento 14-16 giugno" in text and "Cronoprogramma 2024" in text
    assert "Indicatori di risultato" not in text and "Nessun indicatore" not in text
