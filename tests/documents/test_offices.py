"""The organigramma's offices within a unit (Objective.office) and the name the schede give a
unit (OrgUnit.scheda_name): printed in the scheda's header and the centro's list, edited on the
objective's page, carried by the plan's document."""

from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.documents.builder import build_document
from openpiao.performance.models import Objective
from openpiao.plans.json_document import export_plan
from tests.page_forms import page_form


def _territorio(plan, number: int) -> Objective:
    return Objective.objects.get(plan=plan, unit__code="territorio", number=number)


def test_the_office_prints_with_its_unit_in_the_scheda_and_in_a_column_of_the_list(casorate):
    assert _territorio(casorate, 1).office.code == "opere-pubbliche"
    text = build_document(casorate).text()
    assert "Settore | Servizi per il Territorio – Opere Pubbliche" in text
    assert "Settore | Servizi per il Territorio – Edilizia Privata/Urbanistica" in text
    assert "N. | Ufficio | Obiettivo | Tipo | Peso" in text
    assert "3 | Edilizia Privata/Urbanistica | Attività della procedura di esclusione VAS" in text
    # the centro stays one, and a centro whose objectives name no office has no such column
    assert text.count("Centro di responsabilità: Servizi per il Territorio") == 1
    assert "Centro di responsabilità: Servizi per il Territorio – Opere Pubbliche" not in text
    assert "N. | Obiettivo | Tipo | Peso" in text


def test_the_scheda_names_the_unit_as_the_schede_do_and_the_centro_by_its_name(casorate):
    socio = casorate.units.get(code="socio-educativo")
    assert socio.scheda_name == "Socio educativo culturale"
    text = build_document(casorate).text()
    assert "Centro di responsabilità: Servizi Socio Educativi Culturali" in text
    assert "Settore | Socio educativo culturale" in text
    assert "Settore | Servizi Socio Educativi Culturali" not in text
    socio.scheda_name = ""
    socio.save()
    assert "Settore | Servizi Socio Educativi Culturali" in build_document(casorate).text()


def test_the_objective_page_shows_the_office(secretary_client, casorate):
    objective = _territorio(casorate, 1)
    page = secretary_client.get(reverse("performance:objective", args=["casorate-primo", 2024, objective.pk]))
    assert "Servizi per il Territorio – Opere Pubbliche" in page.content.decode()


def test_the_objective_page_takes_an_office_of_its_unit_and_refuses_another(secretary_client, casorate):
    objective = _territorio(casorate, 2)
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk])
    elsewhere = casorate.units.get(code="edilizia-urbanistica")
    response = secretary_client.post(url, page_form(secretary_client.get(url), office=str(elsewhere.pk)))
    assert response.status_code == 302
    assert Objective.objects.get(pk=objective.pk).office == elsewhere
    polizia = casorate.units.get(code="polizia-locale")  # a unit, not an office of the Territorio
    version = Objective.objects.get(pk=objective.pk).version
    response = secretary_client.post(url, page_form(secretary_client.get(url), office=str(polizia.pk)))
    assert response.status_code == 200
    assert "Scegli un'opzione valida" in " ".join(response.context["form"].errors["office"])
    # an office of another unit is refused by the field, and nothing is saved
    other = _territorio(casorate, 1)
    other.office = None
    other.save()
    amministrativo = Objective.objects.filter(plan=casorate, unit__code="amministrativo").first()
    url = reverse("performance:objective_edit", args=["casorate-primo", 2024, amministrativo.pk])
    response = secretary_client.post(url, page_form(secretary_client.get(url), office=str(elsewhere.pk)))
    assert response.status_code == 200
    assert "interna all'unità responsabile" in " ".join(response.context["form"].errors["office"])
    assert Objective.objects.get(pk=objective.pk).version == version
    assert Objective.objects.get(pk=amministrativo.pk).office is None


def test_the_plan_document_carries_the_office_and_the_scheda_name(casorate):
    document = export_plan(casorate, audience=Audience.PUBLIC)
    first = next(o for o in document["objectives"] if o["unit"] == "territorio" and o["number"] == 1)
    assert first["office"] == "opere-pubbliche"
    assert all("office" in o for o in document["objectives"])
    units = {u["code"]: u for u in document["units"]}
    assert units["opere-pubbliche"]["parent"] == "territorio"
    assert units["socio-educativo"]["scheda_name"] == "Socio educativo culturale"
