"""The Relazione sulla performance as a page, a DOCX and a PDF: every objective's score is in
each, with the Nucleo's validation; individual names only for the roles that may see them."""

import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from openpiao.core.formatting import it_percent
from openpiao.evaluation import selectors, services
from openpiao.evaluation.models import BehaviourAssessment, BehaviourVote, BonusFund
from tests.page_forms import page_form

D = Decimal


def url(plan, name, *args):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year, *args])


@pytest.fixture
def year_end(build, casorate, make_member):
    """Final reviews for three objectives of two units, one validated; a fund; assessments."""
    services.apply_preset(plan=casorate, key="predefinito", user=None)
    first, second = build.unit(name="Servizio Finanziario"), build.unit(name="Servizi Sociali")
    clerk = build.employee(first, last_name="Bianchi")
    social = build.employee(second, last_name="Verdi")
    objectives = [
        build.objective(first, weight=D(70), indicators=[("number", "ge", "200")], phases=[[1, 2, 3]]),
        build.objective(first, weight=D(30), indicators=[("boolean", "ge", "SI")]),
        build.objective(second, weight=D(100), indicators=[("number", "le", "< di 5")]),
    ]
    build.participate(objectives[0], clerk, D(50))
    build.participate(objectives[2], social, D(100))
    reviews = [
        build.review(
            objectives[0],
            kind="final",
            on=date(2025, 1, 30),
            values=[{"number": D(180)}],
            phases=[([1, 2, 3], True)],
            causes="Personale ridotto nel primo trimestre",
        ),
        build.review(objectives[1], kind="final", on=date(2025, 1, 30), values=[{"flag": True}]),
        build.review(
            objectives[2],
            kind="final",
            on=date(2025, 1, 30),
            values=[{"number": D(7)}],
            actions_planned="Nuova procedura di reclamo",
        ),
    ]
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-rel")
    services.validate_review(review=reviews[0], user=nucleo, expected_version=reviews[0].version)
    services.validate_report(plan=casorate, user=nucleo, note="Relazione conforme.")
    system = casorate.evaluation_system
    for employee in (clerk, social):
        assessment = BehaviourAssessment.objects.create(
            plan=casorate, employee=employee, assessed_on=date(2025, 2, 1)
        )
        for criterion in system.criteria.all():
            if criterion.applies_to(employee):
                BehaviourVote.objects.create(assessment=assessment, criterion=criterion, value=8)
    BonusFund.objects.create(plan=casorate, amount=D("3000.00"))
    return objectives


def expected_scores(plan) -> list[str]:
    card = selectors.scorecard(plan)
    return [it_percent(r.score, 2) if r.score is not None else "non misurato" for r in card.objectives]


def test_page_shows_scores_deviations_and_validation(secretary_client, casorate, year_end):
    html = secretary_client.get(url(casorate, "report")).content.decode()
    for text in expected_scores(casorate):
        assert text in html
    assert "Validata dal Nucleo di valutazione" in html and "Relazione conforme." in html
    assert "Personale ridotto nel primo trimestre" in html and "Nuova procedura di reclamo" in html
    assert "Bianchi" in html and "Verdi" in html  # the segretario sees the names
    assert "€ 3.000,00" in html


def test_names_are_hidden_from_readers(client, casorate, make_member, year_end):
    client.force_login(make_member(casorate.organization, "reader"))
    html = client.get(url(casorate, "report")).content.decode()
    assert "Bianchi" not in html and "Verdi" not in html
    assert "compaiono solo nella distribuzione" in html
    docx = client.get(url(casorate, "report_docx"), follow=True).content
    assert b"Bianchi" not in _docx_text(docx).encode()


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_docx_opens_and_contains_every_score(secretary_client, casorate, year_end):
    response = secretary_client.get(url(casorate, "report_docx"), follow=True)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(response.content)
    for score in expected_scores(casorate):
        assert score in text
    assert "Validata dal Nucleo di valutazione" in text
    assert "Relazione sulla performance 2024" in text


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "relazione.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) non installato")
def test_pdf_opens_and_contains_every_score(secretary_client, casorate, year_end, tmp_path):
    response = secretary_client.get(url(casorate, "report_pdf"), follow=True)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    for score in expected_scores(casorate):
        assert score in text
    assert "Validata dal Nucleo di valutazione" in text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice non installato")
def test_docx_converts_with_libreoffice(secretary_client, casorate, year_end, tmp_path):
    source = tmp_path / "relazione.docx"
    source.write_bytes(secretary_client.get(url(casorate, "report_docx"), follow=True).content)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = _pdf_text((tmp_path / "relazione.pdf").read_bytes(), tmp_path)
    for score in expected_scores(casorate):
        assert score in text


def test_validation_goes_stale_when_a_review_changes(secretary_client, casorate, year_end, build):
    review = build.review(year_end[1], kind="intermediate", on=date(2024, 7, 1), values=[{"flag": False}])
    review.causes = "aggiornata"
    review.save()
    html = secretary_client.get(url(casorate, "report")).content.decode()
    assert "modificate dopo la validazione" not in html  # an intermediate review is not the current one
    final = year_end[2].reviews.get(kind="final")
    final.causes = "Aggiornate le cause"
    final.save()
    html = secretary_client.get(url(casorate, "report")).content.decode()
    assert "modificate dopo la validazione" in html


def test_only_the_nucleo_validates_the_report(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary", username="segr-rel"))
    assert client.post(url(casorate, "report_validate"), {"note": ""}).status_code == 403


def test_downloads_print_the_shared_layout_with_the_working(secretary_client, casorate, year_end):
    """The page's DOCX is the Relazione of evaluation.printing: styled headings, the
    working of the ente score, the date of each review it reports."""
    content = secretary_client.get(url(casorate, "report_docx"), follow=True).content
    word = WordDocument(BytesIO(content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Performance organizzativa dell'ente" in headings
    text = _docx_text(content)
    assert "Come è calcolato il punteggio dell'ente" in text
    assert "verifica finale del 30/01/2025" in text


def test_a_final_review_edited_on_its_page_after_the_validation_makes_it_stale(
    secretary_client, casorate, year_end
):
    """The review page saves through core.locking: the edit must move the review's updated_at."""
    report = url(casorate, "report")
    assert "modificate dopo la validazione" not in secretary_client.get(report).content.decode()
    edit = url(casorate, "review_edit", year_end[2].pk, "finale")
    causes = "Reclami cresciuti dopo il cambio di sede"
    form = page_form(secretary_client.get(edit), **{"verifica-causes": causes})
    assert secretary_client.post(edit, form).status_code == 302
    final = year_end[2].reviews.get(kind="final")
    assert final.causes == causes
    assert final.updated_at > casorate.report_validations.latest("validated_at").validated_at
    assert "modificate dopo la validazione" in secretary_client.get(report).content.decode()
