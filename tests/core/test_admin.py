"""The Django admin stays available to administrators, and only to them."""

from datetime import date

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.models import AuditEvent
from openpiao.documents.models import FrozenVersion, PlanVersion, frozen_files, sha256
from openpiao.organizations.models import Membership
from openpiao.plans.models import Plan, PlanStatus
from tests.page_forms import page_form


@pytest.mark.parametrize(
    "model",
    [
        "organizations/organization",
        "plans/plan",
        "organization_chart/employee",
        "performance/objective",
        "core/auditevent",
    ],
)
def test_admin_lists_open_for_superusers(client, casorate, model):
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(f"/admin/{model}/").status_code == 200


def test_admin_objective_page_with_inlines(client, casorate):
    client.force_login(get_user_model().objects.get(username="admin"))
    objective = casorate.objectives.first()
    assert client.get(reverse("admin:performance_objective_change", args=[objective.pk])).status_code == 200


def test_admin_closed_to_the_segretario(client, casorate):
    client.force_login(get_user_model().objects.get(username="segretario"))
    assert client.get("/admin/performance/objective/").status_code == 302


def test_admin_columns_in_italian(client, casorate):
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/organizations/membership/").content.decode()
    assert ">Utente</a>" in page and ">Ente</a>" in page


# --- The admin does not go round the adoption lock (plan data is read-only there) -------------


def _adopted_with_a_version(plan) -> PlanVersion:
    """An adopted plan with a frozen version (the documents stand in: printing takes seconds)."""
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.ADOPTED, resolution_number="5", resolution_date=date(2024, 1, 30)
    )
    return PlanVersion.objects.create(
        plan=plan,
        number=1,
        resolution_number="5",
        resolution_date=date(2024, 1, 30),
        **frozen_files(plan, data=b"{}", pdf=b"%PDF", docx=b"PK"),
    )


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_admin_refuses_to_change_an_adopted_plans_objective(superuser_client, casorate):
    _adopted_with_a_version(casorate)
    objective = casorate.objectives.order_by("pk").first()
    address = reverse("admin:performance_objective_change", args=[objective.pk])
    data = {**page_form(superuser_client.get(address)), "title": "Obiettivo cambiato nell'admin"}
    assert superuser_client.post(address, data).status_code == 403
    objective.refresh_from_db()
    assert objective.title != "Obiettivo cambiato nell'admin"


def test_admin_refuses_to_put_an_adopted_plan_back_to_draft(superuser_client, casorate):
    _adopted_with_a_version(casorate)
    address = reverse("admin:plans_plan_change", args=[casorate.pk])
    data = {**page_form(superuser_client.get(address)), "status": "draft"}
    assert superuser_client.post(address, data).status_code == 403
    casorate.refresh_from_db()
    assert casorate.status == PlanStatus.ADOPTED


def test_admin_refuses_to_delete_a_plan_with_its_frozen_versions(superuser_client, casorate):
    version = _adopted_with_a_version(casorate)
    address = reverse("admin:plans_plan_delete", args=[casorate.pk])
    assert superuser_client.post(address, {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=casorate.pk).exists() and PlanVersion.objects.filter(pk=version.pk).exists()
    assert superuser_client.get(reverse("admin:plans_plan_add")).status_code == 403


def _plan_data_admins():
    """Every admin page of a model that is a plan or belongs to one or to an ente's plan data."""
    for model, model_admin in django_admin.site._registry.items():
        fields = {field.name for field in model._meta.get_fields()}
        if model is Plan or "plan" in fields or ("organization" in fields and model is not Membership):
            yield model, model_admin
            yield from ((model, inline(model, django_admin.site)) for inline in model_admin.inlines)


def test_every_admin_page_of_plan_data_is_read_only(rf, casorate):
    request = rf.get("/admin/")
    request.user = get_user_model().objects.get(username="admin")
    admins = list(_plan_data_admins())
    assert {model.__name__ for model, _ in admins} >= {"Plan", "Objective", "Employee", "AuditEvent"}
    writable = [
        f"{model.__name__} ({type(model_admin).__name__})"
        for model, model_admin in admins
        if model_admin.has_add_permission(request, *([casorate] if hasattr(model_admin, "fk_name") else []))
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    ]
    assert writable == []


def test_admin_still_edits_the_entes_anagrafica(superuser_client, casorate):
    address = reverse("admin:organizations_organization_change", args=[casorate.organization.pk])
    data = {**page_form(superuser_client.get(address)), "phone": "0382 000000"}
    assert superuser_client.post(address, data).status_code == 302
    casorate.organization.refresh_from_db()
    assert casorate.organization.phone == "0382 000000"
    event = AuditEvent.objects.filter(organization=casorate.organization).first()
    assert event.action == Action.ADMIN_CHANGED and event.object_type == "organization"
    assert event.user_name == "Amministratore (admin)"


def test_a_membership_changed_in_the_admin_is_in_the_entes_log(superuser_client, casorate):
    membership = Membership.objects.filter(organization=casorate.organization, role="reader").first()
    address = reverse("admin:organizations_membership_change", args=[membership.pk])
    data = page_form(superuser_client.get(address), role="evaluator")
    assert superuser_client.post(address, data).status_code == 302
    event = AuditEvent.objects.filter(organization=casorate.organization).first()
    assert event.action == Action.ADMIN_CHANGED and event.object_type == "membership"
    assert event.details["record"] == str(Membership.objects.get(pk=membership.pk))


def test_frozen_versions_cannot_be_deleted_or_rewritten(casorate):
    version = _adopted_with_a_version(casorate)
    with pytest.raises(FrozenVersion), transaction.atomic():
        PlanVersion.objects.all().delete()
    with pytest.raises(FrozenVersion), transaction.atomic():
        version.delete()
    with pytest.raises(ProtectedError):
        Plan.objects.get(pk=casorate.pk).delete()
    with pytest.raises(ProtectedError):
        casorate.organization.delete()
    version.data = b'{"cambiato": true}'
    with pytest.raises(FrozenVersion):
        version.save()
    with pytest.raises(FrozenVersion):
        PlanVersion.objects.filter(pk=version.pk).update(pdf_sha256="0" * 64)
    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.data.read() == b"{}" and stored.pdf_sha256 == sha256(b"%PDF")


def test_a_plan_never_adopted_can_still_be_deleted(casorate):
    plan = Plan.objects.create(organization=casorate.organization, first_year=2030, reference_year=2030)
    plan.delete()
    assert not Plan.objects.filter(pk=plan.pk).exists()
