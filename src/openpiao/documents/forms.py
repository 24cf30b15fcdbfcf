from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from openpiao.core.forms import StyledForm
from openpiao.core.printing.richtext import MARKS_HELP

from .models import SECTION_TEXT_MAX_LENGTH


class SectionTextForm(StyledForm):
    body = forms.CharField(
        label="Testo dell'ente",
        required=False,
        max_length=SECTION_TEXT_MAX_LENGTH,
        # data-marks: a paste from Word keeps its headings, lists and tables (paste-marks.js)
        widget=forms.Textarea(attrs={"rows": 18, "data-marks": ""}),
        help_text=MARKS_HELP,
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AdoptionForm(StyledForm):
    resolution_number = forms.CharField(label="Numero della delibera di Giunta", max_length=20)
    resolution_date = forms.DateField(label="Data della delibera")
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_resolution_date(self):
        day = self.cleaned_data["resolution_date"]
        if day > date.today():
            raise ValidationError("La data della delibera non può essere futura.")
        earliest = date(self.plan.first_year - 1, 1, 1)
        if day < earliest:
            raise ValidationError(
                f"Una delibera di adozione del PIAO {self.plan.triennium} non può precedere "
                f"il {earliest:%d/%m/%Y}."
            )
        return day


class ReopenForm(StyledForm):
    reason = forms.CharField(
        label="Motivo della modifica",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Per esempio «aggiornamento della sottosezione 3.3 dopo il rendiconto».",
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(StyledForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
