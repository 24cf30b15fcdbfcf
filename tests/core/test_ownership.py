"""One way to own a row: every row of a plan takes its ente from the plan (core.models.PlanOwned),
every row under another row from that row (OrganizationOwned); nobody sets it by hand."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from openpiao.core.models import OrganizationOwned, PlanOwned
from openpiao.organization_chart.models import OrgUnit
from openpiao.organizations.models import Organization
from openpiao.performance.models import Indicator, IndicatorTarget, Objective
from openpiao.plans.models import Plan
from openpiao.risk.models import Process, RiskArea, RiskEvent
from tests import factories as build

# Tables of the ente itself, not of one of its plans: they name their ente directly.
ENTE_TABLES = {
    "organizations.YearlyFigures",
    "organizations.Membership",
    "organizations.Invitation",
    "api.ApiToken",  # a member's personal key to the API, for one ente
    "plans.Plan",
    "publication.PublicationSettings",  # the ente's choice of licence for its open data
    "core.DataStamp",  # the ente's own counter of writes (core.caching)
    "deadlines.Completion",  # a deadline of the ente's year marked done (not of one plan)
    "deadlines.Reminder",  # a reminder sent to a member of the ente
    "plans.ImportJob",  # a background import into the ente (it may create the plan)
}


def _project_models():
    # Not the versions of the rows (simple-history), which copy their model's links.
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("openpiao.") and not hasattr(m, "instance_type")
    ]


def _link_to(model, target) -> models.Field | None:
    links = [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model is target
    ]
    return links[0] if links else None


def test_every_model_with_a_plan_inherits_plan_owned():
    with_plan = [m for m in _project_models() if m is not Plan and _link_to(m, Plan) is not None]
    assert len(with_plan) >= 30
    assert [m._meta.label for m in with_plan if not issubclass(m, PlanOwned)] == []
    for model in with_plan:
        assert _link_to(model, Plan).name == "plan", model._meta.label


def test_every_other_row_of_an_ente_takes_it_from_its_parent():
    owned = [
        m
        for m in _project_models()
        if m._meta.label not in ENTE_TABLES
        and any(
            f.name == "organization" and f.related_model is Organization and not f.null
            for f in m._meta.concrete_fields
        )
    ]
    assert [m._meta.label for m in owned if not issubclass(m, OrganizationOwned)] == []
    for model in owned:
        parent = model._meta.get_field(model.organization_from)
        assert parent.related_model is Plan or issubclass(parent.related_model, OrganizationOwned), (
            model._meta.label
        )
        assert not parent.null, model._meta.label  # a row without its parent has no ente
        assert not model._meta.get_field("organization").editable, model._meta.label


def test_plan_owned_rows_carry_the_version_of_optimistic_locking():
    for model in _project_models():
        if issubclass(model, PlanOwned) and model._meta.label != "documents.PlanVersion":  # frozen
            assert model._meta.get_field("version").default == 1, model._meta.label


@pytest.mark.django_db
def test_a_row_takes_the_ente_of_its_plan(casorate, albizzate):
    unit = OrgUnit.objects.create(plan=casorate, code="nuova", name="Nuova")
    assert unit.organization_id == casorate.organization_id
    other = OrgUnit.objects.create(plan=albizzate, code="nuova", name="Nuova")
    assert other.organization_id == albizzate.organization_id
    assert OrgUnit.objects.get(pk=unit.pk).organization_id == casorate.organization_id


@pytest.mark.django_db
def test_a_row_cannot_get_another_entes_organization(casorate, albizzate):
    foreign = albizzate.organization
    unit = OrgUnit.objects.create(plan=casorate, organization=foreign, code="x", name="X")
    assert OrgUnit.objects.get(pk=unit.pk).organization_id == casorate.organization_id

    stored = OrgUnit.objects.get(pk=unit.pk)  # loaded without its plan
    stored.organization = foreign
    stored.save()
    assert OrgUnit.objects.get(pk=unit.pk).organization_id == casorate.organization_id

    objective = build.objective(casorate, unit)
    indicator = Indicator(objective_id=objective.pk, organization=foreign, description="x", kind="number")
    indicator.save()
    assert Indicator.objects.get(pk=indicator.pk).organization_id == casorate.organization_id


@pytest.mark.django_db
def test_a_row_under_another_takes_the_ente_of_its_parent(casorate):
    unit = build.unit(casorate)
    objective = build.objective(casorate, unit, with_details=False)
    fetched = Objective.objects.get(pk=objective.pk)  # its plan not loaded: one query for the ente
    indicator = Indicator.objects.create(objective=fetched, description="x", kind="number")
    target = IndicatorTarget.objects.create(indicator=indicator, year=casorate.reference_year, value="1")
    assert indicator.organization_id == target.organization_id == casorate.organization_id


@pytest.mark.django_db
def test_validation_sets_the_ente_before_the_model_rules_run(casorate):
    """Objective.clean reads the ente's weighting: it must be there before the first save."""
    unit = build.unit(casorate)
    objective = Objective(plan=casorate, unit=unit, number=1, kind="improvement", title="t")
    objective.first_year = objective.last_year = casorate.reference_year
    objective.weight = 1000
    with pytest.raises(ValidationError) as error:
        objective.full_clean()
    assert objective.organization_id == casorate.organization_id
    assert error.value.message_dict["weight"][0].startswith("Il peso non può superare")


@pytest.mark.django_db
def test_bulk_create_gives_every_row_its_ente_in_one_query(casorate, django_assert_num_queries):
    process = Process.objects.create(
        plan=casorate, code="bulk", area=RiskArea.objects.first(), unit=build.unit(casorate), name="P"
    )
    events = [RiskEvent(process_id=process.pk, description=f"evento {n}", order=n) for n in range(5)]
    with django_assert_num_queries(2):  # the processes' entes, then the insert
        RiskEvent.objects.bulk_create(events)
    assert {e.organization_id for e in RiskEvent.objects.filter(process=process)} == {
        casorate.organization_id
    }
    with django_assert_num_queries(1):  # the parent at hand: only the insert
        RiskEvent.objects.bulk_create([RiskEvent(process=process, description="ultimo", order=9)])


@pytest.mark.django_db
def test_a_parent_that_does_not_exist_is_a_validation_error_not_a_crash():
    indicator = Indicator(objective_id=10**9, description="x", kind="number")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "objective" in error.value.message_dict
