from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils.text import capfirst

from openpiao.core.formatting import it_number
from openpiao.core.forms import (
    InlineFormSet,
    PlanScopedModelForm,
    StyledForm,
    StyledModelForm,
    VersionedFormMixin,
)

from .catalogue import general_measure_codes, rpct_report_due
from .integration import linkable_sections
from .judgment import DEFAULT_SCALE, RULES, SCALE_PRESETS
from .models import (
    OVERRIDE_NEEDS_MOTIVATION,
    GeneralMeasure,
    Level,
    Measure,
    MonitoringRecord,
    Process,
    RiskEvent,
    RiskSettings,
    RpctReport,
)


class LinesField(forms.CharField):
    """A list of short texts, one per line (empty lines dropped)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, encoder=None, decoder=None, **kwargs):  # a model JSONField's extras
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class BoundsField(forms.CharField):
    """Numbers separated by «;», written the Italian way (4,5; 9)."""

    def __init__(self, *args, encoder=None, decoder=None, **kwargs):
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return "; ".join(it_number(v) for v in value) if isinstance(value, list) else value

    def to_python(self, value):
        parts = [p.strip() for p in (value or "").split(";") if p.strip()]
        try:
            return [format(Decimal(p.replace(".", "").replace(",", ".")), "f") for p in parts]
        except InvalidOperation:
            raise forms.ValidationError("Scrivere numeri separati da punto e virgola (es. 4; 8).") from None


class ProcessForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = Process
        fields = [
            "code",
            "name",
            "area",
            "unit",
            "owner",
            "description",
            "input",
            "activities",
            "output",
            "public_value",
            "piao_sections",
            "objectives",
            "order",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2}) for f in ("description", "input", "activities", "output")
        } | {"objectives": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan, units, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["unit"].queryset = units
        model_field = Process._meta.get_field("piao_sections")
        self.fields["piao_sections"] = forms.MultipleChoiceField(
            label=capfirst(model_field.verbose_name),
            help_text=model_field.help_text,
            choices=[(s.code, s.title) for s in linkable_sections(plan.kind)],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=self.instance.piao_sections if self.instance.pk else [],
        )
        self.fields["objectives"].queryset = plan.objectives.select_related("unit")


class RiskEventForm(StyledModelForm):
    class Meta:
        model = RiskEvent
        fields = ["description", "phases", "owners", "enabling_factors", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"phases": LinesField, "owners": LinesField, "enabling_factors": LinesField}
        help_texts = {
            "phases": "Una fase per riga.",
            "owners": "Uno per riga (es. Responsabile del servizio, RUP).",
            "enabling_factors": "Uno per riga (es. mancanza di trasparenza, esercizio prolungato "
            "ed esclusivo della responsabilità).",
        }


RiskEventFormSet = forms.inlineformset_factory(
    Process, RiskEvent, form=RiskEventForm, formset=InlineFormSet, extra=2, can_delete=True
)


NOT_JUDGED = ("", "— non valutato —")
LEVEL_CHOICES = [NOT_JUDGED, *Level.choices]


def level_choices(scale) -> list[tuple[str, str]]:
    """The ente's levels, from the lowest."""
    return [NOT_JUDGED, *zip(scale.keys, scale.labels, strict=True)]


class AssessmentForm(StyledForm):
    """One level and reason per indicator, the motivation, and (for the RPCT) the override."""

    motivation = forms.CharField(
        label="Motivazione del giudizio sintetico", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_level = forms.ChoiceField(
        label="Giudizio del RPCT (se diverso da quello calcolato)", choices=LEVEL_CHOICES, required=False
    )
    override_motivation = forms.CharField(
        label="Motivazione del RPCT", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        indicators,
        assessment=None,
        can_override: bool,
        scale=DEFAULT_SCALE,
        criteria=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.criteria = list(criteria)
        choices = level_choices(scale)
        self.fields["override_level"].choices = choices
        for criterion in self.criteria:
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=f"{criterion.name}: {criterion.question}",
                choices=[NOT_JUDGED, *((str(v), f"{v} – {text}") for v, text in criterion.answers)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            if assessment and criterion.code in assessment.scores:
                self.initial[f"score_{criterion.code}"] = str(assessment.scores[criterion.code])
        existing = {j.indicator_id: j for j in assessment.judgments.all()} if assessment else {}
        for indicator in self.indicators:
            current = existing.get(indicator.pk)
            self.fields[f"level_{indicator.pk}"] = forms.ChoiceField(
                label=indicator.name,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"reason_{indicator.pk}"] = forms.CharField(
                label=f"Motivazione ({indicator.code})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control"}),
            )
            if current:
                self.initial[f"level_{indicator.pk}"] = current.level
                self.initial[f"reason_{indicator.pk}"] = current.reason
        if assessment:
            self.initial.update(
                motivation=assessment.motivation,
                override_level=assessment.override_level,
                override_motivation=assessment.override_motivation,
                expected_version=assessment.version,
            )
        if not can_override:
            del self.fields["override_level"], self.fields["override_motivation"]
            self.keep_override = (
                (assessment.override_level, assessment.override_motivation) if assessment else ("", "")
            )

    def rows(self):
        return [(i, self[f"level_{i.pk}"], self[f"reason_{i.pk}"]) for i in self.indicators]

    def score_rows(self):
        """(criterion, field) of the numeric method, probability first."""
        return [(c, self[f"score_{c.code}"]) for c in self.criteria]

    def scores(self) -> dict[str, int]:
        return {
            c.code: self.cleaned_data[f"score_{c.code}"]
            for c in self.criteria
            if self.cleaned_data.get(f"score_{c.code}") is not None
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_level") and not (cleaned.get("override_motivation") or "").strip():
            self.add_error("override_motivation", OVERRIDE_NEEDS_MOTIVATION)
        for indicator in self.indicators:
            if cleaned.get(f"reason_{indicator.pk}") and not cleaned.get(f"level_{indicator.pk}"):
                self.add_error(
                    f"level_{indicator.pk}", "Indicare il giudizio a cui si riferisce la motivazione."
                )
        return cleaned

    def judgments(self) -> dict:
        return {
            i: (self.cleaned_data[f"level_{i.pk}"], self.cleaned_data[f"reason_{i.pk}"].strip())
            for i in self.indicators
        }

    def override(self) -> tuple[str, str]:
        if "override_level" not in self.fields:
            return self.keep_override
        return self.cleaned_data["override_level"], self.cleaned_data["override_motivation"].strip()


class MeasureForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = Measure
        fields = [
            "kind",
            "general_measure",
            "measure_type",
            "process",
            "title",
            "description",
            "owner_unit",
            "deadline",
            "indicator",
            "target",
            "status",
            "objective",
            "training_course",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, units, processes, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["owner_unit"].queryset = units
        self.fields["process"].queryset = processes
        # The general measures of the PNA edition the plan follows (and the one already chosen).
        codes = general_measure_codes(plan.governing_versions)
        chosen = Q(pk=self.instance.general_measure_id) if self.instance.general_measure_id else Q()
        self.fields["general_measure"].queryset = GeneralMeasure.objects.filter(Q(code__in=codes) | chosen)
        self.fields["objective"].queryset = plan.objectives.select_related("unit")
        self.fields["training_course"].queryset = plan.courses.all()


class MonitoringForm(StyledModelForm):
    class Meta:
        model = MonitoringRecord
        fields = ["date", "status", "value", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}


class RiskSettingsForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = RiskSettings
        fields = ["scale", "method", "numeric_bounds", "judgment_rule", "report_due"]
        widgets = {"judgment_rule": forms.RadioSelect, "method": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgment_rule"].choices = list(RULES.items())
        self.fields["judgment_rule"].help_text = (
            "Come si ricava il livello complessivo dai giudizi sui singoli indicatori. Cambiandola, "
            "si ricalcolano i giudizi sintetici di tutte le valutazioni del piano; resta il giudizio "
            "motivato del RPCT dove c'è."
        )
        presets = "; ".join(" / ".join(labels) for labels in SCALE_PRESETS.values())
        self.fields["scale"] = LinesField(
            label="Scala dei livelli di rischio",
            help_text=f"Un livello per riga, dal più basso al più alto (da 3 a 5). Per esempio: {presets}.",
        )
        self.fields["numeric_bounds"] = BoundsField(
            label="Soglie del punteggio (metodo numerico)",
            required=False,
            help_text="Il punteggio massimo di ogni livello tranne l'ultimo, separati da punto e virgola "
            "(es. con tre livelli «4; 8»: fino a 4 basso, fino a 8 medio, oltre alto).",
        )
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("scale", list(self.instance.scale))
        due = rpct_report_due()  # the date of the norm is reference data, not a literal
        self.fields[
            "report_due"
        ].help_text = f"Vuoto: il {due['day']}/{due['month']} dell'anno di riferimento ({due['norm']})."


class RpctReportForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = RpctReport
        fields = ["remarks"]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 8})}


class AdoptForm(StyledForm):
    """One checkbox and one unit per template of the starter map."""

    def __init__(self, *args, templates, units, adopted: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = list(templates)
        units = list(units)
        by_code = {u.code: u for u in units}
        self.unit_choices = [(u.pk, u.name) for u in units]
        for template in self.templates:
            done = template.code.lower() in adopted
            self.fields[f"take_{template.pk}"] = forms.BooleanField(
                label=template.name, required=False, disabled=done, initial=done
            )
            hint = by_code.get(template.unit_hint)
            self.fields[f"unit_{template.pk}"] = forms.TypedChoiceField(
                label=f"Unità per «{template.name}»",
                coerce=int,
                required=False,
                choices=[("", "—"), *self.unit_choices],
                initial=hint.pk if hint else "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            template.adopted = done
        self.units = {u.pk: u for u in units}

    def rows(self):
        return [(t, self[f"take_{t.pk}"], self[f"unit_{t.pk}"]) for t in self.templates]

    def clean(self):
        cleaned = super().clean()
        for template in self.templates:
            if (
                cleaned.get(f"take_{template.pk}")
                and not template.adopted
                and not cleaned.get(f"unit_{template.pk}")
            ):
                self.add_error(f"unit_{template.pk}", "Scegliere l'unità responsabile del processo.")
        return cleaned

    def choices(self):
        return [
            (t, self.units[self.cleaned_data[f"unit_{t.pk}"]])
            for t in self.templates
            if self.cleaned_data.get(f"take_{t.pk}") and not t.adopted
        ]
