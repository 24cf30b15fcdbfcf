"""Forms of the measurement cycle: review entry, judgements, SMVP parameters, assessments, funds."""

from django import forms
from django.core.exceptions import ValidationError

from openpiao.core.forms import (
    InlineFormSet,
    ModelFormSet,
    PlanScopedModelForm,
    StyledForm,
    StyledModelForm,
    VersionedFormMixin,
    validate_as_model,
)
from openpiao.core.params import parse_int
from openpiao.performance.months import MONTH_NAMES

from . import smvp
from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BonusFund,
    EvaluationSystem,
    MeritBand,
    Review,
    ReviewValue,
    ScaleBasis,
)

MONTH_CHOICES = [(n, name) for n, name in enumerate(MONTH_NAMES, start=1)]
FLAG_CHOICES = [("", "— non rilevato —"), ("si", "SI"), ("no", "NO")]


class CreatedOnceMixin(VersionedFormMixin):
    """The version check of a row that exists once (an objective's review, the plan's SMVP).

    A form opened before the row existed carries version 0: if someone creates the row
    meanwhile, the save meets version 1 and reports the conflict (StaleEdit), instead of
    asking for a hidden field the page never had.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expected_version"].required = False
            self.initial["expected_version"] = 0


class ReviewForm(CreatedOnceMixin, StyledModelForm):
    """Date and deviation analysis of a review; Review.clean checks the date against the plan's
    year (the instance carries plan and kind)."""

    class Meta:
        model = Review
        fields = Review.ENTERED
        widgets = {
            "reference_date": forms.DateInput(),
            "causes": forms.Textarea(attrs={"rows": 2}),
            "effects": forms.Textarea(attrs={"rows": 2}),
            "actions_taken": forms.Textarea(attrs={"rows": 2}),
            "actions_planned": forms.Textarea(attrs={"rows": 2}),
        }


class IndicatorValueForm(StyledForm):
    """The achieved value of one indicator: only the field of the indicator's kind is kept."""

    number = forms.DecimalField(label="valore raggiunto", required=False, max_digits=14, decimal_places=4)
    flag = forms.ChoiceField(label="raggiunto", choices=FLAG_CHOICES, required=False)
    done_on = forms.DateField(
        label="completato il",
        required=False,
        widget=forms.DateInput(),
        help_text="Vuoto se non ancora completato.",
    )
    text = forms.CharField(
        label="risultato raggiunto", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label="note", max_length=500, required=False)

    FIELD_OF_KIND = {
        "number": "number",
        "percentage": "number",
        "boolean": "flag",
        "deadline": "done_on",
        "text": "text",
    }

    def __init__(self, *args, indicator, target_text: str, as_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.target_text = target_text
        self.as_of = as_of
        keep = self.FIELD_OF_KIND.get(indicator.kind, "text")
        for name in ("number", "flag", "done_on", "text"):
            if name != keep:
                del self.fields[name]
        if indicator.kind == "percentage":
            self.fields["number"].label = "valore raggiunto (%)"

    @property
    def value_field(self):
        return self[self.FIELD_OF_KIND.get(self.indicator.kind, "text")]

    def clean_done_on(self):
        done = self.cleaned_data.get("done_on")
        if done and self.as_of and done > self.as_of:
            raise ValidationError(
                "La data di completamento non può essere successiva alla data della verifica."
            )
        return done

    def clean(self):
        cleaned = super().clean()
        # ReviewValue's rules (a percentage within 0-100, a date within the plan's years), as
        # the JSON import applies them.
        values = self.values()
        validate_as_model(self, ReviewValue(indicator=self.indicator, **values), list(values))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        flag = data.get("flag")
        return {
            "number": data.get("number"),
            "flag": None if not flag else flag == "si",
            "done_on": data.get("done_on"),
            "text": (data.get("text") or "").strip(),
            "note": (data.get("note") or "").strip(),
        }


class PhaseProgressForm(StyledForm):
    actual_months = forms.TypedMultipleChoiceField(
        label="mesi effettivi",
        coerce=int,
        required=False,
        choices=MONTH_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    completed = forms.BooleanField(label="fase conclusa", required=False)

    def __init__(self, *args, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase = phase

    def clean(self):
        cleaned = super().clean()
        months = sorted(set(cleaned.get("actual_months") or []))
        cleaned["actual_months"] = months
        last = getattr(self, "last_month", 12)
        if any(m > last for m in months):
            self.add_error(
                "actual_months", "Non si possono indicare mesi successivi alla data della verifica."
            )
        return cleaned


class JudgementForm(StyledForm):
    judgement = forms.DecimalField(
        label="giudizio (0-100)", required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )

    def __init__(self, *args, value, **kwargs):
        super().__init__(*args, **kwargs)
        self.value = value


class DecisionForm(StyledForm):
    """The Nucleo on one value: a figure of its own instead of the computed one, or the
    indicator left out of the objective's mean; each with its reason."""

    override_score = forms.DecimalField(
        label="grado di raggiungimento attribuito (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text="Vuoto: vale il valore calcolato.",
    )
    override_reason = forms.CharField(label="motivo del valore attribuito", required=False, max_length=500)
    excluded_reason = forms.CharField(
        label="escludere l'indicatore dalla media: motivo", required=False, max_length=500
    )

    def __init__(self, *args, value, computed, **kwargs):
        super().__init__(*args, **kwargs)
        self.value, self.computed = value, computed

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_score") is not None and not cleaned.get("override_reason"):
            self.add_error(
                "override_reason", "Indicare il motivo del valore attribuito dal Nucleo di valutazione."
            )
        return cleaned


class ReviewExclusionForm(StyledForm):
    excluded_reason = forms.CharField(
        label="escludere l'obiettivo dalle medie dell'unità e dell'ente: motivo",
        required=False,
        max_length=500,
        help_text="Vuoto: l'obiettivo conta.",
    )


class IndicatorScaleForm(StyledForm):
    """Fasce di punteggio of an indicator, written one a line as the ente's system writes them."""

    basis = forms.ChoiceField(label="le fasce si applicano a", choices=ScaleBasis.choices)
    bands = forms.CharField(
        label="fasce (una per riga: da;a;punteggio)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Per esempio «;39,99;0», «40;49,99;87», «50;;100»: da 40 a 49,99 vale 87%. Un limite vuoto "
            "significa nessun limite; i limiti sono compresi. Vuoto: l'indicatore torna alla regola del "
            "rapporto tra raggiunto e atteso."
        ),
    )

    def __init__(self, *args, polarity: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.polarity = polarity

    def clean(self):
        cleaned = super().clean()
        bands, errors = smvp.parse_bands(cleaned.get("bands") or "")
        if errors:
            self.add_error("bands", errors)
            return cleaned
        polarity = smvp.HIGHER_IS_BETTER if cleaned.get("basis") == ScaleBasis.RATIO else self.polarity
        if bands and (problems := smvp.band_problems(bands, polarity)):
            self.add_error("bands", problems)
        cleaned["band_rows"] = bands
        return cleaned


class RevisionForm(StyledForm):
    reason = forms.CharField(
        label="motivo della nuova revisione",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Resta nel registro delle modifiche e nella storia della verifica.",
    )


class UnitWeightsField(forms.CharField):
    """The weight of each unit in the ente's mean, typed one a line as «codice;peso»; stored
    by unit code (so the weights follow the units into the next plan) as decimal strings."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return smvp.format_unit_weights(value) if isinstance(value, dict) else value

    def to_python(self, value):
        weights, errors = smvp.parse_unit_weights(super().to_python(value) or "")
        if errors:
            raise ValidationError(errors)
        return {code: str(weight) for code, weight in weights.items()}


class StrategicWeightsField(UnitWeightsField):
    """The weight of each strategic objective in the ente's mean, «codice;peso» one a line,
    stored by the strategic objective's code (so it follows them into the next plan)."""

    def to_python(self, value):
        weights, errors = smvp.parse_strategic_weights(forms.CharField.to_python(self, value) or "")
        if errors:
            raise ValidationError(errors)
        return {code: str(weight) for code, weight in weights.items()}


class EvaluationSystemForm(CreatedOnceMixin, PlanScopedModelForm):
    unit_weights = UnitWeightsField(
        label=EvaluationSystem._meta.get_field("unit_weights").verbose_name,
        help_text=EvaluationSystem._meta.get_field("unit_weights").help_text,
        required=False,
    )
    strategic_weights = StrategicWeightsField(
        label=EvaluationSystem._meta.get_field("strategic_weights").verbose_name,
        help_text=EvaluationSystem._meta.get_field("strategic_weights").help_text,
        required=False,
    )

    class Meta:
        model = EvaluationSystem
        fields = EvaluationSystem.PARAMETERS


class CriterionForm(StyledModelForm):
    class Meta:
        model = BehaviourCriterion
        fields = ["order", "name", "description", "weight", "scope"]


class BandForm(StyledModelForm):
    class Meta:
        model = MeritBand
        fields = ["label", "min_score", "coefficient"]


class BandFormSetBase(InlineFormSet):
    def clean(self):
        # Ours first: Django's own duplicate check would name the field in English.
        live = [
            f for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        bounds = [
            f.cleaned_data.get("min_score") for f in live if f.cleaned_data.get("min_score") is not None
        ]
        if len(bounds) != len(set(bounds)):
            raise ValidationError("Due fasce di merito non possono partire dallo stesso punteggio.")
        ordered = sorted(live, key=lambda f: f.cleaned_data.get("min_score") or 0)
        coefficients = [f.cleaned_data.get("coefficient") or 0 for f in ordered]
        if coefficients != sorted(coefficients):
            raise ValidationError(
                "Una fascia con punteggio più alto non può avere un coefficiente più basso."
            )
        super().clean()


def _formset(model, form, formset=InlineFormSet):
    return forms.inlineformset_factory(
        EvaluationSystem, model, form=form, formset=formset, extra=1, can_delete=True
    )


CriterionFormSet = _formset(BehaviourCriterion, CriterionForm)

BandFormSet = _formset(MeritBand, BandForm, formset=BandFormSetBase)


class AssessmentForm(StyledForm):
    """One vote per applicable criterion, on the ente's scale."""

    assessed_on = forms.DateField(label="data della valutazione", widget=forms.DateInput())
    note = forms.CharField(label="osservazioni", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # The version of the assessment the user started from (0 = none yet).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, criteria, scale_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.criteria = list(criteria)
        choices = [("", "—")] + [(n, str(n)) for n in range(1, scale_max + 1)]
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=choices,
                coerce=int,
                required=True,
                help_text=criterion.description,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("assessed_on"):  # BehaviourAssessment's rule: within the plan's years
            assessment = BehaviourAssessment(plan=self.plan, assessed_on=cleaned["assessed_on"])
            validate_as_model(self, assessment, ["assessed_on"])
        return cleaned

    def criterion_fields(self):
        return [self[f"c{c.pk}"] for c in self.criteria]

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class BonusFundForm(VersionedFormMixin, PlanScopedModelForm):
    class Meta:
        model = BonusFund
        fields = ["unit", "amount", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:  # a new row: nothing to have changed meanwhile
            self.fields["expected_version"].required = False
        self.fields["unit"].queryset = self.plan.units.all()
        self.fields["unit"].required = False
        self.fields["unit"].empty_label = "Tutto l'ente"


BonusFundFormSet = forms.modelformset_factory(
    BonusFund, form=BonusFundForm, formset=ModelFormSet, extra=1, can_delete=True
)


class EmployeeAccountForm(StyledForm):
    """One user per employee. Each field also posts the user the page showed
    (show_hidden_initial), so a link changed by someone else meanwhile is not overwritten."""

    def __init__(self, *args, employees, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.employees = list(employees)
        choices = [("", "—")] + [(u.pk, u.get_full_name() or u.get_username()) for u in users]
        for employee in self.employees:
            self.fields[f"e{employee.pk}"] = forms.TypedChoiceField(
                label=str(employee),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                show_hidden_initial=True,
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [v for k, v in cleaned.items() if k.startswith("e") and v]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("Lo stesso utente è collegato a più di un dipendente.")
        return cleaned

    def changes(self) -> dict[int, tuple[int | None, int | None]]:
        """Employee → (user the page showed, user chosen), for the links this user changed."""
        changed = {}
        for employee in self.employees:
            name = f"e{employee.pk}"
            if name in self.changed_data:
                shown = (
                    self[name]
                    .field.hidden_widget()
                    .value_from_datadict(self.data, self.files, self[name].html_initial_name)
                )
                shown = parse_int(shown)
                changed[employee.pk] = (shown, self.cleaned_data[name])
        return changed


class ReportValidationForm(StyledForm):
    """The Nucleo's note on validating the Relazione: cleaned and capped like every text."""

    note = forms.CharField(
        label="Osservazioni (facoltative)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
