"""The scadenzario's pages: the ente's year, the plan's cycle, marking a deadline done."""

from datetime import date

import lxml.html
import pytest
from django.urls import reverse

from openpiao.core.models import Action, AuditEvent
from openpiao.deadlines.models import Completion
from openpiao.plans.models import PlanStatus
from tests.page_forms import page_form


def _form_index(response, key: str) -> int:
    forms = [f for f in lxml.html.fromstring(response.content.decode()).forms if f.method.lower() == "post"]
    return next(i for i, form in enumerate(forms) if dict(form.form_values()).get("key") == key)


def _year_url(plan, year):
    return reverse("deadlines:year", args=[plan.organization.slug, year])


def test_year_page_lists_the_deadlines_by_month_with_norm_and_working(secretary_client, casorate):
    response = secretary_client.get(_year_url(casorate, 2026))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marzo 2026" in html
    assert "Adozione del PIAO 2026-2028" in html
    assert "30/03/2026" in html and "art. 8 c. 2 DM 132/2022" in html  # the deferral and its rule
    assert "DM Interno 24 dicembre 2025" in html  # the act, in the working
    assert "Relazione annuale del RPCT sul 2025" in html and "31/01/2026" in html
    assert "Relazione sulla performance 2025: validazione" in html


def test_status_comes_from_the_plans_data(secretary_client, casorate):
    casorate.resolution_number, casorate.resolution_date = "7", date(2024, 3, 28)
    casorate.status = PlanStatus.ADOPTED
    casorate.save()
    html = secretary_client.get(_year_url(casorate, 2024)).content.decode()
    row = lxml.html.fromstring(html).get_element_by_id("adozione-piao:2024")
    assert "Svolto" in row.text_content() and "delibera n. 7" in row.text_content()
    row = lxml.html.fromstring(html).get_element_by_id("pubblicazione-piao:2024")
    assert "Scaduto" in row.text_content()  # adopted, never marked published


def test_the_2027_calendar_without_a_2027_plan(secretary_client, casorate):
    """Computed from the rules: 31 January (no deferral known yet), and the 2024-2026 plan in
    force still gives the transparency duties falling due in 2027."""
    html = secretary_client.get(_year_url(casorate, 2027)).content.decode()
    assert "Adozione del PIAO 2027-2029" in html and "31/01/2027" in html
    assert "non è ancora stata fissata dalla delibera annuale" in html
    assert "Obblighi di pubblicazione in scadenza" in html


def test_mark_done_through_the_page_form(secretary_client, casorate):
    url = _year_url(casorate, 2025)
    page = secretary_client.get(url)
    key = "relazione-rpct:2024"
    data = page_form(page, _form_index(page, key), done_on="2025-01-29")
    response = secretary_client.post(reverse("deadlines:mark_done", args=[casorate.organization.slug]), data)
    assert response.status_code == 302
    completion = Completion.objects.get(organization=casorate.organization, key=key)
    assert completion.done_on == date(2025, 1, 29)
    assert AuditEvent.objects.filter(organization=casorate.organization, action=Action.DEADLINE_DONE).exists()
    row = lxml.html.fromstring(secretary_client.get(url).content.decode()).get_element_by_id(key)
    assert "Svolto" in row.text_content() and "Riapri" in row.text_content()
    # Reopened from the same page.
    page = secretary_client.get(url)
    secretary_client.post(
        reverse("deadlines:reopen", args=[casorate.organization.slug]),
        page_form(page, _form_index(page, key)),
    )
    assert not Completion.objects.filter(organization=casorate.organization, key=key).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indicare la data"),
        ("2999-01-01", "non può essere futura"),
        ("2025-02-31", "Inserisci una data valida"),
    ],
)
def test_a_bad_date_is_refused_next_to_the_field(secretary_client, casorate, typed, message):
    page = secretary_client.get(_year_url(casorate, 2025))
    key = "relazione-rpct:2024"
    data = page_form(page, _form_index(page, key), done_on=typed)
    response = secretary_client.post(reverse("deadlines:mark_done", args=[casorate.organization.slug]), data)
    assert response.status_code == 400
    row = lxml.html.fromstring(response.content.decode()).get_element_by_id(key)
    assert message in row.text_content()
    assert not Completion.objects.exists()


def test_the_adoption_is_not_marked_by_hand(secretary_client, casorate):
    url = reverse("deadlines:mark_done", args=[casorate.organization.slug])
    response = secretary_client.post(url, {"key": "adozione-piao:2025", "done_on": "2025-01-20"})
    assert response.status_code == 403
    assert secretary_client.post(url, {"key": "nessuna:2025", "done_on": "2025-01-20"}).status_code == 404


def test_a_reader_sees_the_calendar_but_cannot_mark(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "reader"))
    page = client.get(_year_url(casorate, 2025))
    assert page.status_code == 200 and "Segna come svolto" not in page.content.decode()
    url = reverse("deadlines:mark_done", args=[casorate.organization.slug])
    assert client.post(url, {"key": "relazione-rpct:2024", "done_on": "2025-01-20"}).status_code == 403


def test_the_nucleo_marks_its_own_deadlines_only(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "evaluator"))
    url = reverse("deadlines:mark_done", args=[casorate.organization.slug])
    assert client.post(url, {"key": "relazione-rpct:2024", "done_on": "2025-01-20"}).status_code == 403
    assert client.post(url, {"key": "validazione-relazione:2024", "done_on": "2025-06-20"}).status_code == 302


def test_plan_page_shows_the_plans_cycle(secretary_client, casorate):
    response = secretary_client.get(reverse("deadlines:plan", args=[casorate.organization.slug, 2024]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Adozione del PIAO 2024-2026" in html and "14/04/2024" in html  # DM 22/12/2023: bilancio 15/3
    assert "Relazione sulla performance 2024: validazione" in html and "30/06/2025" in html


def test_current_year_redirects(secretary_client, casorate):
    response = secretary_client.get(reverse("deadlines:current", args=[casorate.organization.slug]))
    assert response.status_code == 302 and "/scadenze/" in response["Location"]


def test_a_year_out_of_range_is_not_found(secretary_client, casorate):
    assert secretary_client.get(_year_url(casorate, 3000)).status_code == 404


def test_year_page_queries_do_not_grow_with_the_duties(
    secretary_client, casorate, django_assert_max_num_queries
):
    secretary_client.get(_year_url(casorate, 2025))  # warm the caches (reference data, session)
    with django_assert_max_num_queries(16):
        assert secretary_client.get(_year_url(casorate, 2025)).status_code == 200
