"""Text pasted from Word (a vertical tab for Shift+Enter, other controls, non-characters) is
cleaned where it comes in, and no stored text can break a print."""

import importlib
import inspect
import subprocess
from io import BytesIO

import pytest
from django import forms
from django.urls import reverse
from docx import Document as WordDocument

from openpiao.core.forms import StyledFormMixin
from openpiao.documents.models import SectionText
from openpiao.documents.printing import print_plan
from openpiao.organizations.models import Organization
from openpiao.performance.models import Indicator, Objective
from openpiao.risk.models import Process
from tests import factories
from tests.page_forms import page_form

ORG, YEAR = "casorate-primo", 2024
WORD_PASTE = "Prima riga\x0bseconda riga\x01\x07 e\ufffe fine\x0c"
CLEANED = "Prima riga\nseconda riga e fine"  # the trailing break is stripped by the field


def test_objective_form_saves_a_pasted_line_break_as_a_newline(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False)
    url = reverse("performance:objective_edit", args=[ORG, YEAR, objective.pk])
    page = secretary_client.get(url)
    response = secretary_client.post(url, page_form(page, title="Sportello\x0bunico", description=WORD_PASTE))
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Sportello\nunico"
    assert objective.description == CLEANED


def test_section_text_page_saves_word_breaks_and_crlf_as_newlines(secretary_client, casorate):
    url = reverse("documents:text", args=[ORG, YEAR, "4"])
    body = "Paragrafo uno\r\n\r\nParagrafo\x0bdue\x00 con\u2028a capo"
    response = secretary_client.post(url, page_form(secretary_client.get(url), body=body))
    assert response.status_code == 302
    assert SectionText.objects.get(plan=casorate, section="4").body == (
        "Paragrafo uno\n\nParagrafo\ndue con\na capo"
    )


def _form_classes():
    modules = [
        f"openpiao.{app}.forms"
        for app in (
            "core",
            "documents",
            "evaluation",
            "human_capital",
            "organization_chart",
            "organizations",
            "performance",
            "plans",
            "risk",
            "transparency",
        )
    ]
    found = set()
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, forms.BaseForm):
                found.add(value)
            elif inspect.isclass(value) and issubclass(value, forms.BaseFormSet) and hasattr(value, "form"):
                found.add(value.form)
    return sorted(
        (c for c in found if c.__module__.startswith("openpiao.")),
        key=lambda c: (c.__module__, c.__qualname__),
    )


@pytest.mark.parametrize("form_class", _form_classes(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_form_of_the_product_cleans_its_text(form_class):
    """Every form (and every formset's form) goes through StyledFormMixin, which cleans text."""
    assert issubclass(form_class, StyledFormMixin)


def test_every_character_field_of_a_styled_form_is_cleaned():
    class Sample(StyledFormMixin, forms.Form):
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea, required=False)
        email = forms.EmailField(required=False)

    form = Sample(data={"name": "a\x0bb\x1f", "note": "x\r\ny\x00", "email": "uff\x01icio@comune.it"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "a\nb", "note": "x\ny", "email": "ufficio@comune.it"}


# No NUL: PostgreSQL refuses it in any text column, so no stored text can hold one.
DIRTY = "Testo\x0bda Word\x01\x02\x1f con\ufffe\uffff caratteri\x7f vietati\x0c"
PRINTED = "Testo\nda Word con caratteri vietati"


@pytest.fixture
def dirty_casorate(casorate):
    """Forbidden characters written straight into the database, bypassing every form."""
    SectionText.objects.filter(plan=casorate, section="premesse").update(body=DIRTY)
    objective = Objective.objects.filter(plan=casorate).order_by("pk").first()
    Objective.objects.filter(pk=objective.pk).update(title=DIRTY, description=DIRTY)
    Indicator.objects.filter(objective=objective).update(description=DIRTY)
    Process.objects.filter(plan=casorate).update(name=DIRTY)
    Organization.objects.filter(pk=casorate.organization_id).update(name="Comune di\x0bCasorate\x01 Primo")
    casorate.refresh_from_db()
    casorate.organization.refresh_from_db()
    assert casorate.organization.name == "Comune di\x0bCasorate\x01 Primo"  # stored as written
    return casorate


def test_docx_prints_whatever_text_is_stored(dirty_casorate):
    printed = print_plan(dirty_casorate, fmt="docx")
    word = WordDocument(BytesIO(printed.content))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert PRINTED in paragraphs  # the section text (python-docx reads a line break as "\n")
    assert PRINTED in cells  # the scheda and the risk register
    assert word.core_properties.author == "Comune di\nCasorate Primo"


@pytest.mark.parametrize("part", ["premesse", "scheda"])
def test_pdf_prints_whatever_text_is_stored(dirty_casorate, tmp_path, part):
    """The PDF renderer cleans the whole document (documents.blocks.printable) before the PDF engine
    sees it: a section text and a scheda obiettivo (paragraphs, tables, the document's title and
    author) take that path in a second, where the whole plan takes seven."""
    if part == "scheda":
        objective = Objective.objects.filter(plan=dirty_casorate).order_by("pk").first()
        printed = print_plan(dirty_casorate, fmt="pdf", objective_id=objective.pk)
    else:
        printed = print_plan(dirty_casorate, fmt="pdf", section=part)
    path = tmp_path / "piao.pdf"
    path.write_bytes(printed.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "da Word con caratteri vietati" in " ".join(text.split())


def _nucleo_report_page(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "evaluator"))
    return client.get(reverse("evaluation:report", args=[ORG, YEAR]))


def test_the_nucleo_note_is_cleaned_like_any_form_text(client, casorate, make_member):
    """The Relazione's validation note was posted straight from request.POST, around every form."""
    from openpiao.evaluation.models import ReportValidation

    page = _nucleo_report_page(client, casorate, make_member)
    validate = reverse("evaluation:report_validate", args=[ORG, YEAR])
    response = client.post(validate, page_form(page, note="Relazione\x0bconforme\x00."))
    assert response.status_code == 302
    assert ReportValidation.objects.get(plan=casorate).note == "Relazione\nconforme."


def test_a_nucleo_note_over_the_limit_is_refused_in_italian(client, casorate, make_member):
    from openpiao.evaluation.models import ReportValidation

    page = _nucleo_report_page(client, casorate, make_member)
    validate = reverse("evaluation:report_validate", args=[ORG, YEAR])
    response = client.post(validate, page_form(page, note="n" * 10_001), follow=True)
    assert "non contenga più di 10000 caratteri" in response.content.decode()
    assert not ReportValidation.objects.filter(plan=casorate).exists()
