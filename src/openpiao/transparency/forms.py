from django import forms

from openpiao.core.forms import (
    ModelFormSet,
    PlanScopedModelForm,
    StyledForm,
    StyledModelForm,
    VersionedFormMixin,
)

from .models import (
    NOT_APPLICABLE_NEEDS_REASON,
    AccessRequest,
    AttestationGrid,
    AttestationRow,
    DutyAssignment,
    TransparencySettings,
)


class AssignmentForm(VersionedFormMixin, StyledModelForm):
    page_url = forms.URLField(label="pagina", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = DutyAssignment
        fields = [
            "producing_unit",
            "publishing_unit",
            "page_url",
            "last_published",
            "last_change",
            "not_applicable",
            "not_applicable_reason",
            "standard_scheme",
        ]

    def __init__(self, *args, plan, structural: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.duty.standard_scheme:  # only where ANAC set a scheme
            del self.fields["standard_scheme"]
        self.fields["producing_unit"].queryset = plan.units.all()
        self.fields["publishing_unit"].queryset = plan.units.all()
        if not structural:  # after adoption only the publication record changes
            for name in ("producing_unit", "publishing_unit", "not_applicable", "not_applicable_reason"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("not_applicable") and not (cleaned.get("not_applicable_reason") or "").strip():
            self.add_error("not_applicable_reason", NOT_APPLICABLE_NEEDS_REASON)
        return cleaned


class TransparencySettingsForm(VersionedFormMixin, PlanScopedModelForm):
    site_url = forms.URLField(
        label="indirizzo di Amministrazione trasparente", required=False, assume_scheme="https"
    )

    class Meta:
        model = TransparencySettings
        fields = ["timely_days", "site_url"]


class AccessRequestForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = AccessRequest
        fields = [
            "kind",
            "received_on",
            "protocol",
            "subject",
            "unit",
            "counterparties",
            "outcome",
            "answered_on",
            "outcome_reason",
            "review_requested",
        ]
        widgets = {"outcome_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, units, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = units


class GridHeaderForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = AttestationGrid
        fields = ["survey_date", "anac_reference"]


class GridDutiesForm(StyledForm):
    duties = forms.ModelMultipleChoiceField(
        label="Obblighi oggetto di attestazione quest'anno",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": "Scegliere almeno un obbligo da attestare."},
    )

    def __init__(self, *args, duties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duties"].queryset = duties
        self.fields["duties"].label_from_instance = lambda d: f"{d.section.name} — {d.name}"


class AttestationRowForm(StyledModelForm):
    class Meta:
        model = AttestationRow
        fields = ["published", "content", "offices", "updated", "open_format", "notes"]
        widgets = {
            "published": forms.Select(choices=[("", "—"), (0, "0"), (2, "2")]),
            **{
                f: forms.Select(choices=[("", "—"), *[(n, str(n)) for n in range(4)]])
                for f in ("content", "offices", "updated", "open_format")
            },
        }


# The RPCT chooses the rows; the OIV only fills them (edit_only: a tampered form adds nothing).
AttestationRowFormSet = forms.modelformset_factory(
    AttestationRow, form=AttestationRowForm, formset=ModelFormSet, extra=0, edit_only=True
)
