"""Tenancy of form fields: every choice a page offers belongs to the ente and plan of the URL.

A ModelChoiceField offers Model.objects.all() unless its queryset is narrowed, so a member of
one ente could pick (or post) another ente's unit, employee or objective. Every page of
Casorate's plan is opened as its administrator, and every select of every form on it must
list only Casorate's rows of that plan (Albizzate's rows are in the same database).
"""

import pytest
from django import forms
from django.db.models import Model
from django.forms.formsets import BaseFormSet
from django.test.utils import ContextList
from django.urls import reverse

from openpiao.api.services import create_token
from openpiao.documents.models import PrintJob
from openpiao.evaluation.models import Review
from openpiao.human_capital.views import KINDS, SINGLETONS
from openpiao.plans.models import ImportJob, PlanJob
from openpiao.risk.models import Measure, Process
from openpiao.transparency.models import AccessRequest, DutyAssignment
from tests.crawl import is_download, organization_urls
from tests.factories import invitation_for


def _casorate_rows(plan) -> dict:
    objective = plan.objectives.order_by("pk").first()
    resource = plan.unit_resources.first() or plan.unit_resources.create(
        unit=objective.unit, kind="it", description="Personal computer", quantity=3
    )
    return {
        "resource_id": resource.pk,
        "org": plan.organization.slug,
        "year": plan.first_year,
        "unit_id": objective.unit_id,
        "employee_id": plan.employees.order_by("pk").first().pk,
        "objective_id": objective.pk,
        "indicator_id": objective.indicators.first().pk,
        "strategic_id": plan.strategic_objectives.first().pk,
        "part": "personale",
        "process_id": Process.objects.filter(plan=plan).first().pk,
        "measure_id": Measure.objects.filter(plan=plan).first().pk,
        "assignment_id": DutyAssignment.objects.filter(plan=plan).first().pk,
        "request_id": AccessRequest.objects.filter(plan=plan).first().pk,
        "kind": "intermedia",
        "review_id": Review.objects.filter(plan=plan).first().pk,
        "fmt": "pdf",
        "section": "2.2",
        "number": 1,
        "job_id": PrintJob.objects.create(
            plan=plan, target="piao", fmt="pdf", data_hash="0" * 64, status="done"
        ).pk,
        "import_id": ImportJob.objects.create(
            organization=plan.organization, kind="json", ticket="-", upload="imports/x.json", size=1
        ).pk,
        "plan_job_id": PlanJob.objects.create(
            plan=plan, kind="rollover", key=f"rollover:{plan.pk}", status="done", outcome={"first_year": 2030}
        ).pk,
        "membership_id": plan.organization.memberships.first().pk,
        "invitation_id": invitation_for(plan.organization, email="scoping@example.it").pk,
        "token_id": _token(plan.organization.memberships.first()).pk,
    }


def _token(membership):
    token, _ = create_token(membership=membership, name="x", role="reader", days=30, user=membership.user)
    return token


def _forms_in(context) -> list[forms.BaseForm]:
    found, contexts = [], context if isinstance(context, ContextList) else [context] if context else []
    values = {id(v): v for c in contexts for v in c.flatten().values()}.values()
    for value in values:
        if isinstance(value, forms.BaseForm):
            found.append(value)
        elif isinstance(value, BaseFormSet):
            found.extend(value.forms)
    return found


def _foreign_choices(form, plan) -> list[str]:
    """Choices of model fields that belong to another ente or another plan."""
    wrong = []
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        if isinstance(form, forms.ModelForm) and name == form._meta.model._meta.pk.name:
            continue  # a model formset's row id: Django saves only rows of the formset's queryset
        model: type[Model] = field.queryset.model
        names = {f.name for f in model._meta.get_fields()}
        outside = field.queryset.none()
        if "organization" in names:
            outside = field.queryset.exclude(organization=plan.organization)
            # Shared catalogue rows (no ente) are for everyone.
            if model._meta.get_field("organization").null:
                outside = outside.exclude(organization__isnull=True)
        if "plan" in names:
            outside = outside | field.queryset.exclude(plan=plan)
        if outside.exists():
            wrong.append(f"{type(form).__name__}.{name}: {[str(o) for o in outside[:3]]}")
    return wrong


def test_every_form_offers_only_the_plans_own_rows(client, casorate, albizzate, make_member):
    client.force_login(make_member(casorate.organization, "admin", username="scope-admin"))
    rows = _casorate_rows(casorate)
    urls = []
    for name, args in organization_urls().items():
        if "table" in args:
            tables = SINGLETONS if name.endswith("singleton_edit") else KINDS
            urls += [
                reverse(name, kwargs={**{a: rows[a] for a in args - {"table", "row_id"}}, "table": t})
                for t in tables
                if "row_id" not in args
            ]
            continue
        urls.append(reverse(name, kwargs={a: rows[a] for a in args}))
    checked, wrong = 0, {}
    for address in urls:
        if is_download(address):  # files, printed from the same rows: no forms in them
            continue
        response = client.get(address)
        for form in _forms_in(response.context):
            checked += 1
            if problems := _foreign_choices(form, casorate):
                wrong[address] = problems
    assert checked > 30
    assert not wrong, f"Moduli che offrono righe di altri enti o piani: {wrong}"


@pytest.mark.parametrize(
    ("name", "extra", "field", "rows"),
    [
        ("performance:objective_create", [], "unit", "unit"),
        ("performance:objective_create", [], "co_units", "unit"),
        ("performance:objective_create", [], "strategic_objective", "strategic"),
        ("organization_chart:employee_create", [], "unit", "unit"),
        ("organization_chart:unit_create", [], "head", "employee"),
        ("risk:process_create", [], "unit", "unit"),
        ("risk:measure_create", [], "objective", "objective"),
        ("transparency:access_create", [], "unit", "unit"),
        ("human_capital:row_create", ["assunzioni"], "unit", "unit"),
        ("human_capital:row_create", ["accordi"], "employee", "employee"),
    ],
)
def test_member_of_albizzate_cannot_post_casorates_rows(
    client, casorate, albizzate, make_member, name, extra, field, rows
):
    """Albizzate's secretary, on Albizzate's own pages, posts the id of one of Casorate's rows."""
    client.force_login(make_member(albizzate.organization, "secretary", username="albizzate-poster"))
    objective = casorate.objectives.order_by("pk").first()
    casorate_ids = {
        "unit": objective.unit_id,
        "employee": casorate.employees.order_by("pk").first().pk,
        "strategic": casorate.strategic_objectives.first().pk,
        "objective": objective.pk,
    }
    address = reverse(name, args=[albizzate.organization.slug, albizzate.first_year, *extra])
    response = client.post(address, {field: casorate_ids[rows]})
    assert response.status_code == 200
    form = response.context["form"]
    assert "Scegli un'opzione valida" in " ".join(form.errors.get(field, []))
