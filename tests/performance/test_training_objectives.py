"""Training as a performance objective of every responsabile (direttiva del Ministro per la PA
14 gennaio 2025): the flag on the objective, and the readiness warning for a responsabile
without one."""

import pytest
from django.urls import reverse

from openpiao.performance import readiness
from openpiao.performance.models import Objective
from openpiao.performance.training_objectives import Missing, UnitObjectives, without_training
from openpiao.plans.models import Plan
from tests import factories
from tests.page_forms import page_form


@pytest.mark.parametrize(
    ("rows", "missing"),
    [
        ([], []),
        ([UnitObjectives("Rossi", "Ragioneria", 1)], []),
        ([UnitObjectives("Rossi", "Ragioneria", 0)], [Missing("Rossi", ("Ragioneria",))]),
        # one objective in any of the units a responsabile heads is enough
        ([UnitObjectives("Rossi", "Ragioneria", 0), UnitObjectives("Rossi", "Tributi", 1)], []),
        (
            [UnitObjectives("Rossi", "Ragioneria", 0), UnitObjectives("Bianchi", "Tecnico", 2)],
            [Missing("Rossi", ("Ragioneria",))],
        ),
        ([UnitObjectives("", "Ufficio senza responsabile", 0)], []),  # nobody to assign it to
    ],
)
def test_who_lacks_a_training_objective(rows, missing):
    assert without_training(rows) == missing


def _plan(casorate, year):
    plan = Plan.objects.create(organization=casorate.organization, first_year=year, reference_year=year)
    area = factories.unit(
        plan, code="finanziaria", name="Area finanziaria", head_label="Responsabile finanziario"
    )
    office = factories.unit(plan, code="tributi", name="Ufficio tributi", parent=area)  # answers to the area
    technical = factories.unit(plan, code="tecnica", name="Area tecnica", head_label="Responsabile tecnico")
    factories.objective(plan, office, with_details=False, weight=100)
    factories.objective(plan, technical, with_details=False, weight=100, training_promotion=True)
    return plan


def _training(plan):
    return [item for item in readiness.readiness_items(plan) if "formazione" in item.message]


def test_readiness_names_the_responsabile_without_a_training_objective(casorate):
    plan = _plan(casorate, 2025)
    [item] = _training(plan)
    assert item.message.startswith(
        "Responsabile finanziario (Area finanziaria, Ufficio tributi) non ha un obiettivo di promozione"
    )
    assert "Direttiva del Ministro per la pubblica amministrazione 14 gennaio 2025" in item.message
    assert not item.blocking and item.section == "2.2"
    Objective.objects.filter(plan=plan, unit__code="tributi").update(training_promotion=True)
    assert _training(plan) == []


def test_plans_before_the_directive_are_not_checked(casorate):
    assert _training(_plan(casorate, 2023)) == []
    assert _training(casorate) == []  # the demo's 2024-2026


def test_the_form_sets_the_flag_and_the_scheda_shows_it(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False, weight=30)
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk])
    page = secretary_client.get(url)
    assert "promozione della formazione del personale" in page.content.decode().lower()
    assert secretary_client.post(url, page_form(page, training_promotion=True)).status_code == 302
    objective.refresh_from_db()
    assert objective.training_promotion
    scheda = secretary_client.get(
        reverse("performance:objective", args=["casorate-primo", 2024, objective.pk])
    )
    assert "obiettivo del responsabile sulla formazione" in scheda.content.decode()
