"""The annual integrated report on the PIAO: built from the monitoring data the product holds,
shown as a page and printed as DOCX and PDF beside the Relazione sulla performance."""

import shutil
import subprocess
import zipfile
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse

from openpiao.core.formatting import it_percent
from openpiao.evaluation import selectors
from openpiao.evaluation.integrated_report import build_integrated_report
from openpiao.risk.models import Measure
from openpiao.transparency.selectors import duty_map


def url(plan, name):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year])


def _rows(report) -> dict[str, str]:
    return {label: value for part in report.parts for label, value in part.rows}


def test_the_report_reads_every_section_from_the_monitoring(casorate):
    today = date(2026, 11, 21)
    report = build_integrated_report(casorate, today=today)
    assert [p.code for p in report.parts] == ["2.2", "2.3", "2.3", "3"]
    rows = _rows(report)
    card = selectors.scorecard(casorate)
    assert rows["Punteggio dell'ente (performance organizzativa)"] == it_percent(
        card.organization_score.value, 2
    )
    assert rows["Obiettivi del piano"] == str(len(card.objectives))
    done = Measure.objects.filter(plan=casorate, status="done").count()
    assert rows["Misure di prevenzione: attuata"] == str(done)
    data = duty_map(casorate, today=today)
    assert rows["Obblighi di pubblicazione nella mappa"] == str(len(data.assignments))
    assert rows["Obblighi scaduti alla data del report"] == str(len(data.overdue))
    assert rows["Accordi individuali di lavoro agile"] == str(casorate.smart_working_agreements.count())


def test_the_report_names_no_person(casorate):
    employees = {e.last_name for e in casorate.employees.all() if e.last_name}
    text = " ".join(
        f"{label} {value}" for part in build_integrated_report(casorate).parts for label, value in part.rows
    )
    assert not [name for name in employees if name in text]


def test_the_page_shows_the_report_and_links_its_files(secretary_client, casorate):
    page = secretary_client.get(url(casorate, "integrated_report")).content.decode()
    assert "Report di monitoraggio integrato del PIAO 2024" in page
    assert (
        "Rischi corruttivi (sottosezione 2.3)" in page
        and "Organizzazione e capitale umano (sezione 3)" in page
    )
    assert url(casorate, "integrated_report_docx") in page and url(casorate, "integrated_report_pdf") in page
    assert "Report integrato" in secretary_client.get(url(casorate, "report")).content.decode()  # the tab


def test_the_docx_opens_with_every_part(secretary_client, casorate):
    response = secretary_client.get(url(casorate, "integrated_report_docx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "report-integrato-piao-2024.docx" in response["Content-Disposition"]
    with zipfile.ZipFile(BytesIO(response.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    for text in (
        "Report di monitoraggio integrato del PIAO 2024",
        "Performance (sottosezione 2.2)",
        "Trasparenza (sottosezione 2.3)",
        "Obblighi di pubblicazione nella mappa",
    ):
        assert text in xml


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) non installato")
def test_the_pdf_opens_with_every_part(secretary_client, casorate, tmp_path):
    response = secretary_client.get(url(casorate, "integrated_report_pdf"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Report di monitoraggio integrato del PIAO 2024" in text
    assert "Rischi corruttivi (sottosezione 2.3)" in text and "Accordi individuali di lavoro agile" in text


def test_the_pdf_is_a_whole_file(secretary_client, casorate):
    content = secretary_client.get(url(casorate, "integrated_report_pdf")).content
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")  # read by poppler above
