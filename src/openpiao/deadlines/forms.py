from django import forms

from openpiao.core.forms import StyledForm


class MarkDoneForm(StyledForm):
    key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    done_on = forms.DateField(
        label="Svolto il",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Indicare la data in cui l'adempimento è stato svolto."},
    )
