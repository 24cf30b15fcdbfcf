from django.core.exceptions import ValidationError

from openpiao.core.forms import StyledModelForm, VersionedFormMixin

from .models import Plan


class PlanCreateForm(StyledModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "first_year", "reference_year", "title"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_first_year(self):
        year = self.cleaned_data["first_year"]
        if Plan.objects.filter(organization=self.instance.organization, first_year=year).exists():
            raise ValidationError(f"Esiste già un piano per il triennio che inizia nel {year}.")
        return year


class PlanForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "title", "reference_year"]
