"""Texts have a ceiling, the same in the forms and on the models (core.fields), so no single text
makes a print unbounded; the message is Italian and sits next to the field."""

import html
import os
import subprocess
import sys

import pytest
from django import forms
from django.urls import reverse

from openpiao.core.fields import MaxLinesValidator
from openpiao.core.forms import StyledForm
from openpiao.documents.models import SectionText
from openpiao.performance.models import Objective
from tests import factories
from tests.page_forms import page_form

ORG, YEAR = "casorate-primo", 2024


def _error_of(response, field: str) -> str:
    page = html.unescape(response.content.decode())
    start = page.index(f'id="id_{field}_error">') + len(f'id="id_{field}_error">')
    return page[start : page.index("</div>", start)]


def test_section_text_of_more_than_100000_characters_is_refused_next_to_the_field(secretary_client, casorate):
    url = reverse("documents:text", args=[ORG, YEAR, "4"])
    response = secretary_client.post(url, page_form(secretary_client.get(url), body="x" * 100_001))
    assert response.status_code == 200
    assert _error_of(response, "body") == (
        "Assicurati che questo valore non contenga più di 100000 caratteri (ne ha 100001)."
    )
    assert not SectionText.objects.filter(plan=casorate, section="4").exists()


def test_section_text_of_thousands_of_short_lines_is_refused(secretary_client, casorate):
    url = reverse("documents:text", args=[ORG, YEAR, "4"])
    response = secretary_client.post(url, page_form(secretary_client.get(url), body="a\n" * 5_001))
    assert response.status_code == 200
    assert _error_of(response, "body").startswith("Il testo ha 5.001 righe: al massimo 5.000")


def test_section_text_of_100000_characters_is_saved(secretary_client, casorate):
    url = reverse("documents:text", args=[ORG, YEAR, "4"])
    body = ("Il Piano descrive il valore pubblico dell'ente. " * 2100)[:100_000].strip()
    response = secretary_client.post(url, page_form(secretary_client.get(url), body=body))
    assert response.status_code == 302
    assert SectionText.objects.get(plan=casorate, section="4").body == body


def test_objective_description_over_the_limit_is_refused_next_to_the_field(secretary_client, casorate):
    objective = factories.objective(casorate, factories.unit(casorate), with_details=False)
    url = reverse("performance:objective_edit", args=[ORG, YEAR, objective.pk])
    page = secretary_client.get(url)
    assert 'maxlength="10000"' in page.content.decode()
    response = secretary_client.post(url, page_form(page, description="d" * 10_001))
    assert response.status_code == 200
    assert "non contenga più di 10000 caratteri" in _error_of(response, "description")
    assert Objective.objects.get(pk=objective.pk).version == objective.version


def test_the_model_refuses_what_the_form_refuses(casorate):
    """full_clean (what every imported row goes through) checks the same ceiling."""
    from django.core.exceptions import ValidationError

    objective = Objective.objects.filter(plan=casorate).first()
    objective.description = "d" * 10_001
    with pytest.raises(ValidationError, match="10000 caratteri"):
        objective.full_clean()


def test_a_text_field_of_a_plain_form_gets_the_ordinary_ceiling():
    class Note(StyledForm):
        note = forms.CharField(widget=forms.Textarea, required=False)
        code = forms.CharField(max_length=20)

    form = Note(data={"note": "n" * 10_001, "code": "c" * 21})
    assert not form.is_valid()
    assert "10000 caratteri" in form.errors["note"][0] and "20 caratteri" in form.errors["code"][0]
    assert form.fields["note"].widget.attrs["maxlength"] == "10000"


@pytest.mark.parametrize(
    "text, valid",
    [("", True), ("una riga", True), ("a\n" * 50, True), ("a\n" * 51, False), ("a\n" * 50 + "b", False)],
)
def test_max_lines(text, valid):
    from django.core.exceptions import ValidationError

    try:
        MaxLinesValidator(50)(text)
    except ValidationError as error:
        assert not valid and "righe: al massimo 50" in error.messages[0]
    else:
        assert valid


def test_the_import_command_exits_non_zero_with_the_problems_in_italian(tmp_path):
    """What the user sees from `manage.py import_plan`: no traceback, the problem in Italian."""
    bad = tmp_path / "piano.json"
    bad.write_text('{"format": "openpiao-piano", "organization": {,}}', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_plan", str(bad)],
        env={**os.environ, "OPENPIAO_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Il documento non è stato importato (nulla è stato salvato):" in done.stderr
    assert "riga 1, colonna 47: atteso il nome di un campo tra virgolette doppie" in done.stderr
