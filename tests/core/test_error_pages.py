"""Error pages speak Italian and say why (Django's own are in English)."""

from datetime import date

from django.core.exceptions import BadRequest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import bad_request, server_error

from openpiao.plans.models import Plan


def test_forbidden_page_gives_the_reason_in_italian(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "reader"))
    response = client.get(reverse("human_capital:row_create", args=["casorate-primo", 2024, "assunzioni"]))
    html = response.content.decode()
    assert response.status_code == 403 and '<html lang="it">' in html
    assert "Operazione non consentita" in html
    assert "Il suo ruolo non consente di modificare questi dati." in html


def test_forbidden_page_on_an_adopted_plan_says_it_is_adopted(secretary_client, casorate):
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="5", resolution_date=date(2024, 1, 30)
    )
    url = reverse("organization_chart:employee_create", args=["casorate-primo", 2024])
    response = secretary_client.post(url, {})
    assert response.status_code == 403
    assert "Il piano è adottato: le modifiche richiedono una nuova versione." in response.content.decode()


def test_not_found_page_in_italian(secretary_client):
    response = secretary_client.get("/enti/ente-che-non-esiste/")
    assert response.status_code == 404 and "Pagina non trovata" in response.content.decode()


def test_server_error_and_bad_request_pages_in_italian(db):
    request = RequestFactory().get("/")
    assert "Errore del server" in server_error(request).content.decode()
    assert "Richiesta non valida" in bad_request(request, BadRequest()).content.decode()
