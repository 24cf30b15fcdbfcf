"""Ente pages: anagrafica with check digits, figures, roles."""

import pytest
from django.urls import reverse

from openpiao.organizations.models import Organization


def _form_data(organization, **changes):
    data = {
        "name": organization.name,
        "province": organization.province,
        "tax_code": organization.tax_code,
        "vat_number": organization.vat_number,
        "ipa_code": "",
        "istat_code": "",
        "address": organization.address,
        "phone": organization.phone,
        "website": organization.website,
        "email": organization.email,
        "pec": organization.pec,
        "head_title": "Sindaco",
        "head_name": organization.head_name,
        "weight_mode": "percent",
        "weight_points_total": "100",
        "expected_version": organization.version,
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_my_enti_lists_only_memberships(client, casorate, albizzate, make_member):
    client.force_login(make_member(albizzate.organization, "reader"))
    page = client.get(reverse("organizations:list")).content.decode()
    assert "Comune di Albizzate" in page and "Casorate" not in page


def test_home_shows_anagrafica_and_regime(secretary_client, casorate):
    page = secretary_client.get(reverse("organizations:home", args=["casorate-primo"])).content.decode()
    assert "00468580188" in page
    assert "Regime semplificato" in page and "28 dipendenti al 31/12/2023" in page
    assert "PIAO 2024-2026" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("tax_code", "00468580189", "Codice fiscale non valido"),
        ("vat_number", "12345678901", "Partita IVA non valida"),
        ("istat_code", "18A", "6 cifre"),
        ("email", "non-una-mail", "indirizzo email valido"),
        ("weight_points_total", "0", "maggiore o uguale a 1"),
    ],
)
def test_bad_anagrafica_is_refused_next_to_the_field(secretary_client, casorate, field, value, message):
    organization = casorate.organization
    before = Organization.objects.get(pk=organization.pk)
    response = secretary_client.post(
        reverse("organizations:edit", args=[organization.slug]), _form_data(organization, **{field: value})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Organization.objects.get(pk=organization.pk).tax_code == before.tax_code


def _figures_2024(*, inhabitants: str) -> dict:
    """One new row of «dati al 31 dicembre» (2024, 27 employees) in the anagrafica form."""
    return {
        "figures-TOTAL_FORMS": "1",
        "figures-0-year": "2024",
        "figures-0-inhabitants": inhabitants,
        "figures-0-employees": "27",
    }


def test_valid_anagrafica_is_saved_with_figures(secretary_client, casorate):
    organization = casorate.organization
    data = _form_data(
        organization,
        head_name="Nuovo Sindaco",
        **_figures_2024(inhabitants="9200"),
    )
    response = secretary_client.post(reverse("organizations:edit", args=[organization.slug]), data)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.head_name == "Nuovo Sindaco"
    assert organization.figures.get(year=2024).employees == 27


def test_bad_figure_row_saves_nothing(secretary_client, casorate):
    organization = casorate.organization
    data = _form_data(
        organization,
        head_name="Non salvato",
        **_figures_2024(inhabitants="-3"),
    )
    response = secretary_client.post(reverse("organizations:edit", args=[organization.slug]), data)
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.head_name != "Non salvato"
    assert not organization.figures.filter(year=2024).exists()


def test_stale_anagrafica_edit_is_refused(secretary_client, casorate):
    organization = casorate.organization
    url = reverse("organizations:edit", args=[organization.slug])
    stale = _form_data(organization, head_name="Primo")
    assert secretary_client.post(url, stale).status_code == 302
    response = secretary_client.post(url, {**stale, "head_name": "Secondo"})
    assert response.status_code == 200
    assert "Qualcun altro ha modificato" in response.content.decode()
    organization.refresh_from_db()
    assert organization.head_name == "Primo"


@pytest.mark.parametrize("role", ["reader", "evaluator", "unit_head"])
def test_only_editors_change_the_anagrafica(client, casorate, make_member, role):
    client.force_login(make_member(casorate.organization, role))
    assert client.get(reverse("organizations:edit", args=["casorate-primo"])).status_code == 403
