from django import forms

from openpiao.core.forms import InlineFormSet, StyledForm, StyledModelForm, VersionedFormMixin

from .models import Organization, YearlyFigures


class OrganizationForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = Organization
        fields = Organization.PROFILE_FIELDS


class YearlyFiguresForm(StyledModelForm):
    class Meta:
        model = YearlyFigures
        fields = YearlyFigures.INPUT_FIELDS


YearlyFiguresFormSet = forms.inlineformset_factory(
    Organization, YearlyFigures, form=YearlyFiguresForm, formset=InlineFormSet, extra=1, can_delete=True
)


class CoatOfArmsForm(StyledForm):
    image = forms.FileField(
        label="Stemma dell'ente",
        help_text="Immagine PNG o JPEG, al massimo 2 MB: stampata sulla copertina del piano.",
    )
