"""Printing Casorate's demo plan: the DOCX reads back, LibreOffice opens it, the PDF is PDF/A."""

import html
import re
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as WordDocument

from openpiao.core.printing.blocks import NotRequired
from openpiao.core.printing.render_docx import render_docx
from openpiao.core.printing.render_pdf import render_pdf
from openpiao.documents.builder import NOT_REQUIRED, build_document
from openpiao.documents.models import SectionText
from openpiao.performance.models import IndicatorTarget, Objective
from openpiao.plans.sections import SECTIONS
from tests import factories
from tests.pdf_files import pdfa_identification


def _squash(text: str) -> str:
    """Text compared without line breaks, hyphenation or typographic quotes."""
    text = text.replace("\u00ad", "").replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture
def casorate_docx(casorate) -> bytes:
    return render_docx(build_document(casorate))


@pytest.fixture
def casorate_pdf(casorate) -> bytes:
    return render_pdf(build_document(casorate))


def test_document_has_every_section_in_the_piano_tipo_order(casorate):
    document = build_document(casorate)
    titles = [h.text for h in document.headings() if h.level <= 2 or h.bookmark.startswith("sezione-")]
    # The parts of the 2025 guidelines outside the Piano tipo print only when the ente writes them.
    section_titles = [s.title for s in SECTIONS if s.level == 1 or s.piano_tipo or s.required_always]
    assert [t for t in titles if t in section_titles] == section_titles


def test_the_parts_asked_by_the_2025_guidelines_print_when_written(casorate):
    optional = [s for s in SECTIONS if s.level > 1 and not (s.piano_tipo or s.required_always)]
    assert [s.code for s in optional] == ["premesse.1", "premesse.2", "2.1.1"]
    titles = [h.text for h in build_document(casorate).headings()]
    assert not [s for s in optional if s.title in titles]
    SectionText.objects.create(
        plan=casorate, section="2.1.1", body="Benessere organizzativo e competenze del personale."
    )
    document = build_document(casorate)
    titles = [h.text for h in document.headings()]
    assert "2.1.1 Valore pubblico interno: salute organizzativa" in titles
    assert titles.index("2.1.1 Valore pubblico interno: salute organizzativa") > titles.index(
        "Sottosezione 2.1 - Valore pubblico"
    )


def test_simplified_regime_prints_the_standard_sentence_where_not_required(casorate):
    """Casorate has 28 employees: Sezione 4 carries the sentence of the seed, and nothing else."""
    document = build_document(casorate)
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if getattr(b, "bookmark", "") == "sezione-4")
    assert isinstance(blocks[start + 1], NotRequired)
    assert blocks[start + 1].text == NOT_REQUIRED
    assert NOT_REQUIRED.startswith(
        "Ente non tenuto alla compilazione in quanto amministrazione con meno di 50"
    )


def test_docx_reads_back_every_objective_and_every_target(casorate, casorate_docx):
    word = WordDocument(BytesIO(casorate_docx))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    cells = {c.text for table in word.tables for row in table.rows for c in row.cells}
    objectives = list(Objective.objects.filter(plan=casorate))
    assert objectives
    for objective in objectives:
        assert any(objective.title in h for h in headings), objective.title
    targets = IndicatorTarget.objects.filter(indicator__objective__plan=casorate)
    for target in targets:
        assert target.value in cells, target.value
    header = word.sections[0].header.paragraphs[0].text
    assert "Comune di Casorate Primo" in header and "PIAO 2024-2026" in header
    xml = word.element.xml
    assert 'TOC \\o "1-3"' in xml  # the table of contents field
    assert "NUMPAGES" in word.sections[0].footer._element.xml


@pytest.mark.slow
def test_libreoffice_converts_the_docx(casorate_docx, tmp_path):
    source = tmp_path / "piao.docx"
    source.write_bytes(casorate_docx)
    result = subprocess.run(
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
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "piao.pdf"
    assert converted.exists() and converted.stat().st_size > 10_000
    pages = subprocess.run(["pdfinfo", str(converted)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) > 10


def test_pdf_renders_contains_every_objective_and_declares_pdfa(casorate, casorate_pdf, tmp_path):
    path = tmp_path / "piao.pdf"
    path.write_bytes(casorate_pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "3", str(path), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == 3
    text = _squash(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
    for objective in Objective.objects.filter(plan=casorate):
        assert _squash(objective.title) in text, objective.title
    assert "pagina 1 di" not in text  # no header or footer on the title page
    assert "pagina 2 di" in text
    # XMP metadata: PDF/A-3, conformance level A (tagged).
    assert pdfa_identification(path) == ("3", "A")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    # One bookmark per section, nested as the Piano tipo.
    outline = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-l", "1", str(path)], capture_output=True, text=True
    ).stdout
    bookmarks = {html.unescape(b) for b in re.findall(r'<item page="\d+">([^<]+)</item>', outline)}
    printed_when_written = {"premesse.1", "premesse.2", "2.1.1"}  # Linee guida 2025: Casorate has none
    for spec in SECTIONS:
        assert (spec.title in bookmarks) == (spec.code not in printed_when_written), spec.title


def test_scheda_anagrafica_prints_the_figures_in_italian(casorate):
    lines = build_document(casorate, section="1").text().splitlines()
    assert "Numero dipendenti al 31 dicembre 2023 | 28" in lines
    assert "Numero abitanti al 31 dicembre 2023 | 9.128" in lines


def test_one_section_and_one_scheda_print_alone(casorate):
    section = build_document(casorate, section="3")
    codes = {h.bookmark for h in section.headings() if h.bookmark.startswith("sezione-")}
    assert {"sezione-3", "sezione-3-1", "sezione-3-2", "sezione-3-3"} <= codes
    assert "sezione-2-2" not in codes
    objective = Objective.objects.filter(plan=casorate).first()
    from openpiao.performance.selectors import objectives_with_details

    scheda = build_document(casorate, objective=objectives_with_details(casorate).get(pk=objective.pk))
    text = scheda.text()
    assert (objective.title in text and "Cronoprogramma" in text) or "Indicatori di risultato" in text
    assert "Sottosezione 3.1" not in text


def test_print_plan_command_writes_the_files(casorate, tmp_path):
    target = tmp_path / "piano.docx"
    call_command("print_plan", "casorate-primo", "2024", "--format", "docx", "-o", str(target))
    assert WordDocument(str(target)).paragraphs
    section = tmp_path / "sezione.docx"
    call_command(
        "print_plan", "casorate-primo", "2024", "--format", "docx", "--section", "1", "-o", str(section)
    )
    text = "\n".join(c.text for t in WordDocument(str(section)).tables for r in t.rows for c in r.cells)
    assert "00468580188" in text  # Casorate's codice fiscale, Sezione 1
    objective = Objective.objects.filter(plan=casorate).first()
    scheda = tmp_path / "scheda.docx"
    call_command(
        "print_plan",
        "casorate-primo",
        "2024",
        "--format",
        "docx",
        "--objective",
        str(objective.pk),
        "-o",
        str(scheda),
    )
    headings = [p.text for p in WordDocument(str(scheda)).paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == 1 and objective.title in headings[0]


def test_building_the_document_takes_a_fixed_number_of_queries(casorate):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_document(casorate)
        return len(captured)

    queries()  # warm the plan's cached relations (e.g. its one-to-one settings)
    before = queries()
    unit = factories.unit(casorate, name="Unità aggiunta")
    for _ in range(3):
        factories.objective(casorate, unit)
    assert queries() == before


def test_scheda_prints_the_verifica_intermedia_held(clean_plan):
    """Once a check is recorded (openpiao.evaluation), the grid prints its date, averages and values."""
    from openpiao.evaluation.models import Review, ReviewValue

    objective = Objective.objects.get(plan=clean_plan)
    assert "Verifica intermedia" not in build_document(clean_plan, section="2.2").text()  # none held yet
    review = Review.objects.create(
        plan=clean_plan,
        objective=objective,
        kind="intermediate",
        reference_date=date(2025, 7, 31),
        causes="Ritardo nella fornitura del software",
    )
    first = objective.indicators.order_by("order").first()
    ReviewValue.objects.create(review=review, indicator=first, number=7)
    text = build_document(clean_plan, section="2.2").text()
    assert "Verifica intermedia del 31/07/2025" in text
    assert "Verifica finale" not in text  # not held: no empty column
    assert "Cause | Ritardo nella fornitura del software" in text
    assert "Indicatore 1 | 10 | 7" in text  # valore atteso 10, valore raggiunto 7


def test_relazione_prints_through_the_same_renderers(casorate, tmp_path, secretary_client):
    target = tmp_path / "relazione.docx"
    call_command(
        "print_plan",
        "casorate-primo",
        "2024",
        "--format",
        "docx",
        "--document",
        "relazione",
        "-o",
        str(target),
    )
    word = WordDocument(str(target))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Performance organizzativa dell'ente" in headings
    for objective in Objective.objects.filter(plan=casorate):
        assert f"Obiettivo {objective.number}. {objective.title}" in headings
    response = secretary_client.get(
        reverse("documents:print", args=["casorate-primo", 2024, "pdf"]) + "?documento=relazione"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('relazione-performance-2024.pdf"')


def test_docx_tables_keep_markup_characters_and_merged_cells():
    from openpiao.core.printing.blocks import Document, Table, cell

    document = Document(title="Prova", organization="Comune di Prova", header_right="PIAO 2025-2027")
    document.add(
        Table(
            [
                [cell("Verifica", rowspan=2, header=True), cell("Media <valore> & tempi", colspan=2)],
                [cell("valore\nsu due righe"), cell("x\x0by")],
            ]
        )
    )
    word = WordDocument(BytesIO(render_docx(document)))
    table = word.tables[0]
    assert table.cell(0, 1).text == "Media <valore> & tempi"
    assert table.cell(0, 2).text == "Media <valore> & tempi"  # merged across two columns
    assert table.cell(1, 0).text == "Verifica"  # merged down two rows
    assert table.cell(1, 1).text == "valore\nsu due righe"
    assert table.cell(1, 2).text == "x\ny"  # Word's line break (a vertical tab) prints as one


def test_scheda_prints_costs_and_leaves_a_partial_total_to_the_readiness_check(clean_plan):
    from openpiao.documents.readiness import collect
    from openpiao.performance.models import Participation, Resource

    text = build_document(clean_plan, section="2.2").text()
    # 10 hours at € 25,50 plus a PC for € 100: the seed's "costo complessivo dell'obiettivo".
    assert "Costo delle risorse interne | € 255,00" in text
    assert "Costo complessivo dell'obiettivo | € 355,00" in text
    Participation.objects.filter(objective__plan=clean_plan).update(hours=None)
    Resource.objects.filter(objective__plan=clean_plan).update(cost=None)
    text = build_document(clean_plan, section="2.2").text()
    assert "Costo complessivo dell'obiettivo | \n" in text + "\n"  # blank, not a partial sum
    assert "mancano" not in text and "non determinabile" not in text
    messages = [item.message for item in collect(clean_plan).items]
    assert any("costo non inserito per 2 risorse" in m for m in messages), messages
