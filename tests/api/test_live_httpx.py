"""A real HTTP client (httpx) against the running server: an objective created with a token
is in the audit log and in the registro delle modifiche, under the name of the token's user."""

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openpiao.api.services import create_token
from openpiao.core.models import Action, AuditEvent
from openpiao.demo.loader import load_demo
from openpiao.organizations.models import Membership, Organization
from openpiao.performance.models import Objective


@pytest.fixture
def demo_server(live_server, transactional_db):
    if not Organization.objects.filter(slug="casorate-primo").exists():
        load_demo()
    return live_server


def test_an_objective_created_over_http_is_audited_with_the_users_name(demo_server, client):
    organization = Organization.objects.get(slug="casorate-primo")
    plan = organization.plans.get(first_year=2024)
    user = get_user_model().objects.create_user(
        username="gestionale", first_name="Giulia", last_name="Bianchi", password="x-test-password-1"
    )
    membership = Membership.objects.create(user=user, organization=organization, role="secretary")
    _, secret = create_token(membership=membership, name="Gestionale", role="secretary", days=30, user=user)
    unit = plan.units.order_by("code").first()

    with httpx.Client(base_url=demo_server.url, headers={"Authorization": f"Bearer {secret}"}) as api:
        response = api.post(
            "/api/v1/enti/casorate-primo/piani/2024/obiettivi",
            json={
                "unit": unit.code,
                "number": 91,
                "title": "Sportello unico digitale",
                "first_year": 2024,
                "last_year": 2024,
            },
        )
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["title"] == "Sportello unico digitale" and created["unit"] == unit.code
        read = api.get(f"/api/v1/enti/casorate-primo/piani/2024/obiettivi/{created['id']}")
        assert read.json()["version"] == created["version"]

    objective = Objective.objects.get(pk=created["id"])
    event = AuditEvent.objects.get(action=Action.OBJECTIVE_CREATED, object_id=str(objective.pk))
    assert event.user == user and event.organization == organization

    client.force_login(user)
    register = client.get(reverse("changelog:register", args=["casorate-primo"]))
    html = register.content.decode()
    assert "Sportello unico digitale" in html and "Giulia Bianchi" in html
