"""The art. 13 scheme of the demo comune: page, CSV and XLSX from its org chart."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from openpiao.organization_chart.models import OrgUnit


def test_the_page_and_the_files_list_every_unit(secretary_client, casorate, django_assert_max_num_queries):
    args = ["casorate-primo", 2024]
    with django_assert_max_num_queries(12):
        page = secretary_client.get(reverse("transparency:art13", args=args))
    html = page.content.decode()
    assert page.status_code == 200 and "Prima di pubblicare" in html
    units = OrgUnit.objects.filter(plan=casorate).count()

    response = secretary_client.get(reverse("transparency:art13_file", args=[*args, "csv"]))
    assert response["Content-Disposition"].endswith('organizzazione-art13-2024.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == units == 8  # six services and the Territorio's two offices
    by_office = {r["denominazioneUfficio"]: r for r in rows}
    # an office without a head of its own: the head of its service, by name as the service's row
    assert by_office["Opere Pubbliche"]["nominativoDirigenteResp"] == "Pizzocaro Simona"
    assert by_office["Servizi per il Territorio"]["nominativoDirigenteResp"] == "Pizzocaro Simona"
    assert by_office["Servizio Amministrativo"]["nominativoDirigenteResp"] == "Ariboni Deborah"
    assert by_office["Servizio Amministrativo"]["qualificaDirigenteResp"] == (
        "Titolare di incarico di Elevata Qualificazione"
    )
    assert by_office["Segreteria Comunale"]["nominativoDirigenteResp"] == "Segretario comunale"
    assert {r["organigramma"] for r in rows} == {
        "https://www.comune.casorateprimo.pv.it/amministrazione-trasparente/02.04"
    }
    assert {r["codiceFiscale"] for r in rows} == {"00468580188"}

    xlsx = secretary_client.get(reverse("transparency:art13_file", args=[*args, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert (
        sheet.cell(1, 1).value == "codiceFiscale"
        and sheet.cell(2, 1).value == "Codice fiscale dell'amministrazione"
    )
    assert sheet.max_row == 2 + units
    assert secretary_client.get(reverse("transparency:art13_file", args=[*args, "pdf"])).status_code == 404


def test_a_formula_in_a_unit_name_is_written_as_text(secretary_client, casorate):
    OrgUnit.objects.filter(plan=casorate, code="segreteria").update(name='=HYPERLINK("x")')
    response = secretary_client.get(reverse("transparency:art13_file", args=["casorate-primo", 2024, "csv"]))
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
    xlsx = secretary_client.get(reverse("transparency:art13_file", args=["casorate-primo", 2024, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert cells and cells[0].data_type == "s"
