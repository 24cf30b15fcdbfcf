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


def test_admin_columns_in_italian(client, casorate):
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/organizations/membership/").content.decode()
    assert ">Utente</a>" in page and ">Ente</a>" in page
