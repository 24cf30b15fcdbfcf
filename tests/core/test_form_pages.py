"""The simple form pages of every section share one template (form_page.html)."""

import pytest
from django.urls import reverse

ORG, YEAR = "casorate-primo", 2024


@pytest.mark.parametrize(
    ("name", "args", "heading"),
    [
        ("plans:create", [ORG], "Nuovo piano"),
        ("plans:edit", [ORG, YEAR], "Modifica piano"),
        ("organization_chart:unit_create", [ORG, YEAR], "Unità organizzativa"),
        ("organization_chart:employee_create", [ORG, YEAR], "Dipendente"),
        ("performance:strategic_create", [ORG, YEAR], "Obiettivo strategico"),
        ("risk:measure_create", [ORG, YEAR], "Nuova misura"),
        ("risk:settings", [ORG, YEAR], "Impostazioni del registro dei rischi"),
        ("transparency:settings", [ORG, YEAR], "Impostazioni della trasparenza"),
        ("transparency:access_create", [ORG, YEAR], "Nuova richiesta di accesso"),
        ("human_capital:row_create", [ORG, YEAR, "assunzioni"], "Assunzione programmata"),
    ],
)
def test_form_page_shows_heading_fields_and_save(secretary_client, casorate, name, args, heading):
    response = secretary_client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response.templates[0].name == "form_page.html"
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html and f"<title>{heading}" in html
    assert 'type="submit"' in html and "Salva" in html


def test_human_capital_form_cancels_back_to_its_section(secretary_client, casorate):
    html = secretary_client.get(
        reverse("human_capital:row_create", args=[ORG, YEAR, "corsi"])
    ).content.decode()
    back = reverse("human_capital:training", args=[ORG, YEAR])
    assert f'href="{back}">Annulla</a>' in html
