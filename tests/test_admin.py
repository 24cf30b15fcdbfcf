"""The Django admin stays available to administrators, and only to them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


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


@pytest.mark.parametrize("app", ["core", "organizations", "plans", "performance"])
def test_every_field_has_an_italian_name(app):
    """The admin and the forms show verbose names: Django's default is the English field name."""
    from django.apps import apps

    english = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if not field.primary_key and field.verbose_name == field.name.replace("_", " ")
    ]
    assert english == []


def test_admin_columns_in_italian(client, casorate):
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/organizations/membership/").content.decode()
    assert ">Utente</a>" in page and ">Ente</a>" in page
