"""A brand-new ente's first plan: created from a page that asks the employees at 31/12 when the
ente has none, then a guide with the regime, the sections it must write and what is missing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openpiao.organizations.models import Membership, Organization
from openpiao.plans.models import Plan
from tests.page_forms import page_form


@pytest.fixture
def new_ente(db):
    organization = Organization.objects.create(slug="prova", name="Comune di Prova", province="PV")
    user = get_user_model().objects.create_user(username="admin-prova")
    Membership.objects.create(user=user, organization=organization, role="admin")
    return organization, user


def create_first_plan(client, **changes):
    url = reverse("plans:create", args=["prova"])
    page = client.get(url)
    return page, client.post(url, page_form(page, **changes))


def test_the_first_plan_asks_the_employees_and_opens_on_the_guide(client, new_ente):
    organization, user = new_ente
    client.force_login(user)
    home = client.get(reverse("organizations:home", args=["prova"])).content.decode()
    assert "Crea il primo piano" in home
    page, response = create_first_plan(
        client, first_year="2026", reference_year="2026", inhabitants="2150", employees="12"
    )
    assert "Il primo piano dell" in page.content.decode()
    assert (
        response.status_code == 302
        and response["Location"] == "/enti/prova/piani/2026/documenti/primo-piano/"
    )
    figures = organization.figures.get()
    assert (figures.year, figures.inhabitants, figures.employees) == (2025, 2150, 12)

    guide = client.get(response["Location"]).content.decode()
    assert "Forma semplificata: l'ente ha 12 dipendenti al 31/12/2025, meno di 50" in guide
    # Required under 50 employees: anagrafica, 2.3, Sezione 3 and the positive actions; not 2.1, 2.2, 4.
    assert "Sottosezione 2.3 - Rischi corruttivi e trasparenza" in guide
    assert guide.count("Da compilare") >= 4
    assert 'Sottosezione 2.2 - Performance <span class="small text-muted">(facoltativa' in guide
    # Each missing item links to where it is written (the readiness check's links).
    assert 'href="/enti/prova/anagrafica/"' in guide and "Scheda anagrafica incompleta" in guide


def test_an_ente_without_figures_must_give_them(client, new_ente):
    organization, user = new_ente
    client.force_login(user)
    _, response = create_first_plan(client, first_year="2026", reference_year="2026")
    assert response.status_code == 200
    assert "forma semplificata" in " ".join(response.context["form"].errors["employees"])
    _, response = create_first_plan(client, first_year="2026", reference_year="2026", employees="12")
    assert "sia gli abitanti sia i dipendenti" in " ".join(response.context["form"].errors["inhabitants"])
    assert not Plan.objects.filter(organization=organization).exists() and not organization.figures.exists()


def test_a_large_ente_is_told_every_section_is_required(client, new_ente):
    _, user = new_ente
    client.force_login(user)
    _, response = create_first_plan(
        client, first_year="2026", reference_year="2026", inhabitants="60000", employees="180"
    )
    guide = client.get(response["Location"]).content.decode()
    assert "Piano completo: l'ente ha 180 dipendenti" in guide and "facoltativa con meno" not in guide


def test_a_second_plan_goes_to_the_plan_page_and_keeps_the_figures(secretary_client, casorate):
    before = list(casorate.organization.figures.values_list("year", "employees"))
    url = reverse("plans:create", args=["casorate-primo"])
    response = secretary_client.post(
        url, page_form(secretary_client.get(url), first_year="2027", reference_year="2027")
    )
    assert response["Location"] == "/enti/casorate-primo/piani/2027/"
    assert list(casorate.organization.figures.values_list("year", "employees")) == before
