from django import forms

from openpiao.core.forms import StyledModelForm, VersionedFormMixin

from .models import Organization, YearlyFigures


class OrganizationForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "province",
            "tax_code",
            "vat_number",
            "ipa_code",
            "istat_code",
            "address",
            "phone",
            "website",
            "email",
            "pec",
            "head_title",
            "head_name",
            "weight_mode",
            "weight_points_total",
        ]


class YearlyFiguresForm(StyledModelForm):
    class Meta:
        model = YearlyFigures
        fields = ["year", "inhabitants", "employees"]


YearlyFiguresFormSet = forms.inlineformset_factory(
    Organization, YearlyFigures, form=YearlyFiguresForm, extra=1, can_delete=True
)
