"""The measurement cycle: SMVP parameters, reviews of objectives, behaviour assessments, bonus
funds, validations.

Reviews are revisioned: a final review validated by the Nucleo di valutazione never changes
again; a correction is a new revision (logged, with its reason) that needs a new validation.
The guard is in the models themselves (`save`/`delete` refuse), so no code path can bypass it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openpiao.core.fields import BoundedTextField
from openpiao.core.formatting import it_number
from openpiao.core.models import OrganizationOwned, PlanOwned
from openpiao.core.ranges import ORDER, between, is_plausible, plausible_date
from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.organizations.models import Organization
from openpiao.performance.models import Indicator, Objective, Phase, StrategicObjective
from openpiao.performance.months import validate_months
from openpiao.plans.models import Plan

from . import scoring, smvp
from .bonus import Band

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class OrganizationMethod(models.TextChoices):
    UNITS = "units", "Media dei punteggi delle unità organizzative"
    WEIGHTED_UNITS = "weighted_units", "Media dei punteggi delle unità pesata con il peso di ogni unità"
    OBJECTIVES = "objectives", "Media dei punteggi di tutti gli obiettivi"
    STRATEGIC = (
        "strategic",
        ("Media dei punteggi degli obiettivi strategici pesata con il peso di ogni obiettivo strategico"),
    )


class RoundingMode(models.TextChoices):
    ROUND = scoring.ROUND, "Arrotondamento (per eccesso da 5)"
    TRUNCATE = scoring.TRUNCATE, "Troncamento"


class RoundingLevel(models.TextChoices):
    END = "end", "Solo il punteggio dell'ente"
    UNITS = "units", "Il punteggio di ogni unità, poi quello dell'ente"
    OBJECTIVES = "objectives", "Il punteggio di ogni obiettivo, di ogni unità e dell'ente"
    TERMS = "terms", ("Come il precedente, e ogni contributo (peso × punteggio ÷ Σ pesi) prima di sommarli")


class MissingRule(models.TextChoices):
    EXCLUDE = "exclude", "Escluso dalla media (i pesi degli altri si ridistribuiscono)"
    ZERO = "zero", "Conta zero"


class EvaluationSystem(PlanOwned):
    """Parametri del sistema di misurazione e valutazione della performance (SMVP) for a plan.

    Kept per plan so that the scores of a year stay those of the system in force that year.
    """

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="evaluation_system", verbose_name="piano"
    )
    reference = models.CharField(
        "atto di approvazione del sistema",
        max_length=300,
        blank=True,
        help_text="Per esempio «Deliberazione di Giunta comunale n. 114 del 07/12/2021».",
    )
    achievement_cap = models.DecimalField(
        "raggiungimento massimo riconosciuto per indicatore (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(100), MaxValueValidator(200)],
        help_text="100 = nessun premio al superamento del valore atteso; 120 = fino al 120%.",
    )
    achievement_floor = models.DecimalField(
        "soglia minima di raggiungimento (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT,
        help_text="Sotto questa soglia l'indicatore vale zero. 0 = nessuna soglia.",
    )
    deadline_reduction = models.DecimalField(
        "riduzione per ogni periodo di ritardo (punti %)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=PERCENT,
        help_text=(
            "Indicatori a scadenza: quanto si perde per ogni periodo di ritardo. 100 = o rispettata o zero."
        ),
    )
    deadline_period_days = models.PositiveSmallIntegerField(
        "durata del periodo di ritardo (giorni)", default=30, validators=between(1, 365)
    )
    weighted_indicators = models.BooleanField(
        "media valore raggiunto ponderata con il peso degli indicatori", default=True
    )
    value_share = models.DecimalField(
        "quota della media valore raggiunto nel punteggio dell'obiettivo (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=PERCENT,
    )
    time_share = models.DecimalField(
        "quota della media rispetto dei tempi (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=PERCENT,
    )
    organization_method = models.CharField(
        "punteggio dell'ente",
        max_length=16,
        choices=OrganizationMethod.choices,
        default=OrganizationMethod.UNITS,
    )
    unit_weights = models.JSONField(
        "peso di ogni unità nel punteggio dell'ente",
        default=dict,
        blank=True,
        help_text=(
            "Solo per la media pesata delle unità: una riga per unità, «codice dell'unità;peso», "
            "per esempio «ragioneria;40»."
        ),
    )
    strategic_weights = models.JSONField(
        "peso di ogni obiettivo strategico nel punteggio dell'ente",
        default=dict,
        blank=True,
        help_text=(
            "Solo per la media degli obiettivi strategici: una riga per obiettivo strategico, "
            "«codice dell'obiettivo strategico;peso», per esempio «OS1;60». Ogni obiettivo strategico "
            "vale la media pesata dei suoi obiettivi operativi."
        ),
    )
    eq_results_share = models.DecimalField(
        "titolari di E.Q.: quota dei risultati (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=PERCENT,
        help_text="Il resto è la valutazione dei comportamenti organizzativi.",
    )
    staff_results_share = models.DecimalField(
        "altro personale: quota dei risultati (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=PERCENT,
    )
    behaviour_scale_max = models.PositiveSmallIntegerField(
        "voto massimo della scala dei comportamenti",
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text="I comportamenti si valutano da 1 a questo voto.",
    )
    bonus_threshold = models.DecimalField(
        "punteggio individuale minimo per il premio (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        validators=PERCENT,
    )
    use_merit_bands = models.BooleanField("usa fasce di merito", default=False)
    bonus_includes_eq = models.BooleanField(
        "i titolari di E.Q. partecipano al fondo",
        default=False,
        help_text="Di norma no: ricevono la retribuzione di risultato su un fondo distinto.",
    )
    at_risk_ratio = models.DecimalField(
        "monitoraggio: «a rischio» sotto questa quota dell'avanzamento atteso (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=PERCENT,
    )
    rounding_mode = models.CharField(
        "i punteggi si scrivono per", max_length=8, choices=RoundingMode.choices, default=RoundingMode.ROUND
    )
    rounding_decimals = models.PositiveSmallIntegerField(
        "numero di decimali dei punteggi", default=2, validators=between(0, 4)
    )
    rounding_level = models.CharField(
        "si arrotonda (o tronca)",
        max_length=10,
        choices=RoundingLevel.choices,
        default=RoundingLevel.END,
        help_text="Arrotondare la media di ogni unità prima della media dell'ente dà un risultato diverso.",
    )
    missing_rule = models.CharField(
        "indicatore o obiettivo non rilevato",
        max_length=8,
        choices=MissingRule.choices,
        default=MissingRule.EXCLUDE,
    )
    phases_weighted = models.BooleanField(
        "obiettivi senza indicatori misurati dalle fasi pesate (peso × % di completamento)",
        default=False,
        help_text="Altrimenti conta la quota delle fasi dovute che sono concluse.",
    )

    # What the ente sets (the form and the JSON exchange share it).
    PARAMETERS = [
        "reference",
        "achievement_cap",
        "achievement_floor",
        "deadline_reduction",
        "deadline_period_days",
        "weighted_indicators",
        "value_share",
        "time_share",
        "organization_method",
        "unit_weights",
        "strategic_weights",
        "eq_results_share",
        "staff_results_share",
        "behaviour_scale_max",
        "bonus_threshold",
        "use_merit_bands",
        "bonus_includes_eq",
        "at_risk_ratio",
        "rounding_mode",
        "rounding_decimals",
        "rounding_level",
        "missing_rule",
        "phases_weighted",
    ]

    class Meta:
        verbose_name = "sistema di misurazione e valutazione"
        verbose_name_plural = "sistemi di misurazione e valutazione"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value_share__gte=0) & models.Q(time_share__gte=0),
                name="smvp_shares_not_negative",
                violation_error_message=(
                    "Le quote della media valore raggiunto e della media "
                    "rispetto dei tempi non possono essere negative."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(eq_results_share__gt=50),
                name="smvp_eq_results_prevail",
                violation_error_message=(
                    "Per i titolari di E.Q. i risultati dell'unità diretta "
                    "devono avere peso prevalente (oltre il 50%)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(achievement_cap__gte=100),
                name="smvp_cap_at_least_100",
                violation_error_message=(
                    "Il raggiungimento massimo riconosciuto non può essere inferiore al 100%."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"SMVP {self.plan}"

    def clean(self) -> None:
        errors = {}
        shares = (self.value_share, self.time_share)
        if None not in shares and sum(shares) != 100:
            errors["time_share"] = (
                "Le quote della media valore raggiunto e della media rispetto dei tempi devono sommare 100%."
            )
        if self.eq_results_share is not None and self.eq_results_share <= 50:
            errors["eq_results_share"] = (
                "Per i titolari di E.Q. i risultati dell'unità diretta devono avere peso prevalente "
                "(oltre il 50%, art. 9 c. 1 lett. a d.lgs. 150/2009)."
            )
        weighted = self.organization_method == OrganizationMethod.WEIGHTED_UNITS and self.plan_id
        if weighted and (problems := self.unit_weight_problems()):
            errors["unit_weights"] = problems
        strategic = self.organization_method == OrganizationMethod.STRATEGIC and self.plan_id
        # Objectives linked to no strategic objective are a notice (readiness), not a refusal:
        # the ente's score leaves them out, and says so in its working.
        if strategic and (problems := self.strategic_weight_problems(unlinked_too=False)):
            errors["strategic_weights"] = problems
        if errors:
            raise ValidationError(errors)

    def weights_by_code(self) -> dict[str, Decimal]:
        """The weight of each unit in the ente's mean, by unit code in code order (stored as strings)."""
        return self._weights(self.unit_weights)

    def strategic_weights_by_code(self) -> dict[str, Decimal]:
        """The weight of each strategic objective in the ente's mean, by its code in code order."""
        return self._weights(self.strategic_weights)

    @staticmethod
    def _weights(stored) -> dict[str, Decimal]:
        weights = {}
        for code, weight in sorted((stored or {}).items()) if isinstance(stored, dict) else ():
            try:
                weights[str(code)] = Decimal(str(weight))
            except ArithmeticError:
                weights[str(code)] = Decimal(0)  # refused by clean() as not positive
        return weights

    def unit_weight_problems(self) -> list[str]:
        if not isinstance(self.unit_weights, dict):
            return ["I pesi delle unità vanno scritti come «codice dell'unità;peso»."]
        units = OrgUnit.objects.filter(plan_id=self.plan_id)
        measured = units.filter(objectives__is_prerequisite=False).values_list("code", flat=True)
        return smvp.unit_weight_problems(
            self.weights_by_code(),
            codes=set(units.values_list("code", flat=True)),
            measured=set(measured),
        )

    def strategic_weight_problems(self, *, unlinked_too: bool = True) -> list[str]:
        if not isinstance(self.strategic_weights, dict):
            return ["I pesi degli obiettivi strategici vanno scritti come «codice;peso»."]
        scored = Objective.objects.filter(plan_id=self.plan_id, is_prerequisite=False)
        unlinked = scored.filter(strategic_objective__isnull=True) if unlinked_too else scored.none()
        return smvp.strategic_weight_problems(
            self.strategic_weights_by_code(),
            codes=set(StrategicObjective.objects.filter(plan_id=self.plan_id).values_list("code", flat=True)),
            linked=set(
                scored.filter(strategic_objective__isnull=False).values_list(
                    "strategic_objective__code", flat=True
                )
            ),
            unlinked=[
                f"{o.unit.name}, obiettivo {o.number}"
                for o in unlinked.select_related("unit").order_by("unit__order", "unit__name", "number")
            ],
        )

    def rules(self) -> scoring.Rules:
        return scoring.Rules(
            cap=self.achievement_cap,
            floor=self.achievement_floor,
            deadline_reduction=self.deadline_reduction,
            deadline_period_days=self.deadline_period_days,
            weighted_indicators=self.weighted_indicators,
            value_share=self.value_share,
            time_share=self.time_share,
            organization_method=self.organization_method,
            rounding=scoring.Rounding(self.rounding_mode, self.rounding_decimals),
            rounding_level=self.rounding_level,
            missing_as_zero=self.missing_rule == MissingRule.ZERO,
            phases_weighted=self.phases_weighted,
        )

    @property
    def eq_behaviour_share(self) -> Decimal:
        return Decimal(100) - self.eq_results_share

    @property
    def staff_behaviour_share(self) -> Decimal:
        return Decimal(100) - self.staff_results_share

    def results_share(self, employee: Employee) -> Decimal:
        return self.eq_results_share if employee.is_eq_holder else self.staff_results_share


class CriterionScope(models.TextChoices):
    ALL = "all", "Tutto il personale"
    EQ = "eq", "Solo titolari di E.Q."
    STAFF = "staff", "Solo personale non titolare di E.Q."


class BehaviourCriterion(OrganizationOwned):
    """Criterio di valutazione dei comportamenti organizzativi (set by the ente's SMVP)."""

    organization_from = "system"

    system = models.ForeignKey(
        EvaluationSystem,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name="sistema di valutazione",
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)
    name = models.CharField("comportamento", max_length=200)
    description = models.CharField("descrizione", max_length=500, blank=True)
    weight = models.DecimalField(
        "peso", max_digits=5, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(0)]
    )
    scope = models.CharField(
        "si applica a", max_length=6, choices=CriterionScope.choices, default=CriterionScope.ALL
    )

    class Meta:
        verbose_name = "criterio dei comportamenti"
        verbose_name_plural = "criteri dei comportamenti"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, employee: Employee) -> bool:
        if self.scope == CriterionScope.EQ:
            return employee.is_eq_holder
        if self.scope == CriterionScope.STAFF:
            return not employee.is_eq_holder
        return True


class MeritBand(OrganizationOwned):
    """Fascia di merito: from `min_score` up, the merit factor of the bonus is `coefficient`%."""

    organization_from = "system"

    system = models.ForeignKey(
        EvaluationSystem,
        on_delete=models.CASCADE,
        related_name="bands",
        verbose_name="sistema di valutazione",
    )
    label = models.CharField("fascia", max_length=60)
    min_score = models.DecimalField("dal punteggio (%)", max_digits=5, decimal_places=2, validators=PERCENT)
    coefficient = models.DecimalField(
        "coefficiente del premio (%)", max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = "fascia di merito"
        verbose_name_plural = "fasce di merito"
        ordering = ["-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "min_score"],
                name="one_band_per_min_score",
                violation_error_message="Due fasce di merito non possono partire dallo stesso punteggio.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def as_band(self) -> Band:
        return Band(self.label, self.min_score, self.coefficient)


class ScaleBasis(models.TextChoices):
    VALUE = "value", "Il valore raggiunto"
    RATIO = "ratio", "Il grado di raggiungimento (raggiunto ÷ atteso, in %)"


class IndicatorScale(OrganizationOwned):
    """Fasce di punteggio of one indicator, as the ente's SMVP writes them: a value (or the
    achievement in percent) from … to … scores …%. Kept with the system of the plan."""

    organization_from = "system"

    system = models.ForeignKey(
        EvaluationSystem,
        on_delete=models.CASCADE,
        related_name="scales",
        verbose_name="sistema di valutazione",
    )
    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="scale",
        verbose_name="indicatore",
        error_messages={"unique": "L'indicatore ha già le sue fasce di punteggio."},
    )
    basis = models.CharField(
        "le fasce si applicano a", max_length=6, choices=ScaleBasis.choices, default=ScaleBasis.VALUE
    )
    bands = models.JSONField("fasce", default=list)

    class Meta:
        verbose_name = "fasce di punteggio dell'indicatore"
        verbose_name_plural = "fasce di punteggio degli indicatori"

    def __str__(self) -> str:
        return f"Fasce {self.indicator}"

    @property
    def polarity(self) -> str:
        return smvp.LOWER_IS_BETTER if self.indicator.direction in ("le", "lt") else smvp.HIGHER_IS_BETTER

    def band_rows(self) -> list[smvp.Band]:
        return smvp.bands_from_data(self.bands)

    def clean(self) -> None:
        if self.indicator_id and self.system_id and self.indicator.objective.plan_id != self.system.plan_id:
            raise ValidationError({"indicator": "L'indicatore deve appartenere allo stesso piano."})
        try:
            bands = self.band_rows()
        except (KeyError, TypeError, ArithmeticError, AttributeError):
            raise ValidationError({"bands": "Fasce non leggibili."}) from None
        polarity = self.polarity if self.indicator_id else smvp.HIGHER_IS_BETTER
        if self.basis == ScaleBasis.RATIO:
            polarity = smvp.HIGHER_IS_BETTER  # the achievement always grows with the result
        if problems := smvp.band_problems(bands, polarity):
            raise ValidationError({"bands": problems})

    def score(self, value, target) -> scoring.Score:
        """The band score of a value reached (or of its achievement against `target`)."""
        if self.basis == ScaleBasis.RATIO:
            # Read the band on the ratio itself, not on a rounded one: 79,996% is below «80».
            ratio = smvp.ratio_achievement(
                value=value,
                target=target,
                polarity=self.polarity,
                cap=Decimal(1000),
                rounding=scoring.Rounding(scoring.TRUNCATE, 4),
            )
            if ratio.value is None:
                return ratio
            banded = smvp.band_score(ratio.value, self.band_rows(), of="grado di raggiungimento (%)")
            return scoring.Score(banded.value, [*ratio.steps, *banded.steps], banded.note)
        return smvp.band_score(value, self.band_rows(), polarity=self.polarity)


class ReviewKind(models.TextChoices):
    INTERMEDIATE = "intermediate", "Verifica intermedia"
    FINAL = "final", "Verifica finale"


# URL slugs of the two kinds (the pages speak Italian).
KIND_SLUGS = {"intermedia": ReviewKind.INTERMEDIATE, "finale": ReviewKind.FINAL}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


class ValidatedReviewError(Exception):
    message = (
        "La verifica è stata validata dal Nucleo di valutazione e non si può modificare: "
        "per correggerla aprire una nuova revisione, indicandone il motivo."
    )


def keep_validated(collector, field, sub_objs, using):
    """on_delete of a review's links to the plan's content (objective, indicator, phase).

    Like CASCADE, except that deleting an objective, indicator or phase cannot take with it a
    validated review or its rows (the figures the Nucleo validated): the delete raises
    ProtectedError, as for a PROTECT key, and nothing is deleted. The whole plan or ente going
    still takes everything.
    """
    if not any(model in collector.data for model in (Plan, Organization)):
        path = "validated_at" if sub_objs.model is Review else "review__validated_at"
        validated = sub_objs.filter(**{f"{path}__isnull": False})
        if validated.exists():
            raise models.ProtectedError("Verifica validata dal Nucleo di valutazione.", set(validated))
    models.CASCADE(collector, field, sub_objs, using)


class Review(PlanOwned):
    """Verifica intermedia o finale of one objective (one revision of it)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews", verbose_name="piano")
    objective = models.ForeignKey(
        Objective, on_delete=keep_validated, related_name="reviews", verbose_name="obiettivo"
    )
    kind = models.CharField("verifica", max_length=12, choices=ReviewKind.choices)
    revision = models.PositiveSmallIntegerField("revisione", default=1, validators=between(1, 9999))
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="sostituisce la revisione",
        error_messages={"unique": "Questa revisione è già stata sostituita da un'altra."},
    )
    revision_reason = BoundedTextField("motivo della revisione", blank=True)
    reference_date = models.DateField("verifica del", validators=[plausible_date])
    causes = BoundedTextField("cause degli scostamenti", blank=True)
    effects = BoundedTextField("effetti rispetto all'obiettivo", blank=True)
    actions_taken = BoundedTextField("provvedimenti correttivi intrapresi", blank=True)
    actions_planned = BoundedTextField("provvedimenti correttivi da attivare", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="inserita da (utente)",
    )
    entered_by_name = models.CharField("inserita da", max_length=160, blank=True)
    updated_at = models.DateTimeField("ultima modifica", auto_now=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validata da (utente)",
    )
    validated_by_name = models.CharField("validata da", max_length=160, blank=True)
    validated_at = models.DateTimeField("validata il", null=True, blank=True, validators=[plausible_date])
    excluded_reason = models.CharField(
        "escluso dalla valutazione dal Nucleo: motivo",
        max_length=500,
        blank=True,
        help_text="Se compilato, l'obiettivo non entra nelle medie dell'unità e dell'ente.",
    )
    is_demo = models.BooleanField("dati dimostrativi", default=False)

    # What the unit enters besides the values: the form, a new revision and the exchange share it.
    ENTERED = ["reference_date", "causes", "effects", "actions_taken", "actions_planned"]

    class Meta:
        verbose_name = "verifica"
        verbose_name_plural = "verifiche"
        ordering = ["objective_id", "kind", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "kind", "revision"],
                name="one_review_revision",
                violation_error_message=(
                    "L'obiettivo ha già una verifica di questo tipo con lo stesso numero di revisione."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(validated_at__isnull=True) | models.Q(kind="final"),
                name="only_final_reviews_validated",
                violation_error_message="Il Nucleo di valutazione valida solo la verifica finale.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.objective} (rev. {self.revision})"

    def save(self, *args, **kwargs):
        if self.stored_is_validated():
            raise ValidatedReviewError(ValidatedReviewError.message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_is_validated():
            raise ValidatedReviewError(ValidatedReviewError.message)
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.objective_id and self.plan_id and self.objective.plan_id != self.plan_id:
            raise ValidationError({"objective": "L'obiettivo deve appartenere allo stesso piano."})
        if self.reference_date and self.plan_id and is_plausible(self.reference_date):
            year = self.plan.reference_year
            if self.reference_date.year < year:
                raise ValidationError({"reference_date": f"La verifica non può precedere l'anno {year}."})
            if self.kind == ReviewKind.INTERMEDIATE and self.reference_date.year != year:
                raise ValidationError({"reference_date": f"La verifica intermedia cade nell'anno {year}."})
            if self.reference_date.year > year + 1:
                # The final review of a year is made once the year is over, not years later.
                raise ValidationError(
                    {"reference_date": f"La verifica dell'anno {year} cade entro il 31/12/{year + 1}."}
                )

    def stored_is_validated(self) -> bool:
        return bool(self.pk) and Review.objects.filter(pk=self.pk, validated_at__isnull=False).exists()

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None

    @property
    def kind_slug(self) -> str:
        return SLUG_OF_KIND[self.kind]

    @property
    def validator_display(self) -> str:
        if self.validated_by_id:
            user = self.validated_by
            return user.get_full_name() or user.get_username()
        return self.validated_by_name

    @property
    def author_display(self) -> str:
        if self.entered_by_id:
            return self.entered_by.get_full_name() or self.entered_by.get_username()
        return self.entered_by_name


class ReviewPart(OrganizationOwned):
    """A row that belongs to a review: refuses to change once the review is validated."""

    organization_from = "review"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_review()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_review()
        return super().delete(*args, **kwargs)

    def _check_review(self) -> None:
        if self.review_id and Review.objects.filter(pk=self.review_id, validated_at__isnull=False).exists():
            raise ValidatedReviewError(ValidatedReviewError.message)


class ReviewValue(ReviewPart):
    """Valore raggiunto of one indicator at a review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="values", verbose_name="verifica"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=keep_validated, related_name="review_values", verbose_name="indicatore"
    )
    number = models.DecimalField("valore raggiunto", max_digits=14, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField("raggiunto (sì/no)", null=True, blank=True)
    done_on = models.DateField("completato il", null=True, blank=True, validators=[plausible_date])
    text = BoundedTextField("risultato (descrizione)", blank=True)
    judgement = models.DecimalField(
        "giudizio del valutatore (0-100)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    note = models.CharField("note", max_length=500, blank=True)
    override_score = models.DecimalField(
        "grado di raggiungimento attribuito dal Nucleo (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text="Sostituisce il valore calcolato, che resta visibile accanto.",
    )
    override_reason = models.CharField("motivo del valore attribuito dal Nucleo", max_length=500, blank=True)
    excluded_reason = models.CharField(
        "escluso dal Nucleo: motivo",
        max_length=500,
        blank=True,
        help_text="Se compilato, l'indicatore non entra nella media dell'obiettivo.",
    )

    MEASURED = ["number", "flag", "done_on", "text", "judgement", "note"]
    # The Nucleo's decisions on a value: kept apart from what the unit measured.
    DECIDED = ["override_score", "override_reason", "excluded_reason"]

    class Meta:
        verbose_name = "valore raggiunto"
        verbose_name_plural = "valori raggiunti"
        ordering = ["indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "indicator"],
                name="one_value_per_indicator",
                violation_error_message="La verifica ha già un valore raggiunto per questo indicatore.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.display}"

    def clean(self) -> None:
        errors = {}
        if self.override_score is not None and not self.override_reason.strip():
            errors["override_reason"] = "Indicare il motivo del valore attribuito dal Nucleo di valutazione."
        indicator = self.indicator if self.indicator_id else None
        percentage = indicator is not None and indicator.kind == "percentage"
        if percentage and self.number is not None and not 0 <= self.number <= 100:
            errors["number"] = "Un valore percentuale va da 0 a 100."
        if self.done_on and indicator:
            review = self.review if self.review_id else None
            problem = indicator.objective.plan.date_error(self.done_on)
            if not problem and review and review.reference_date and self.done_on > review.reference_date:
                problem = "La data di completamento non può essere successiva alla data della verifica."
            if problem:
                errors["done_on"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def display(self) -> str:
        if self.number is not None:
            return it_number(self.number)
        if self.flag is not None:
            return "SI" if self.flag else "NO"
        if self.done_on is not None:
            return f"completato il {self.done_on:%d/%m/%Y}"
        return self.text

    @property
    def is_empty(self) -> bool:
        return self.number is None and self.flag is None and self.done_on is None and not self.text

    def measurement(self) -> scoring.Measurement:
        return scoring.Measurement(
            number=self.number, flag=self.flag, done_on=self.done_on, judgement=self.judgement
        )


class ReviewPhase(ReviewPart):
    """Mesi effettivi of one phase at a review, and whether it is completed."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="phase_progress", verbose_name="verifica"
    )
    phase = models.ForeignKey(
        Phase, on_delete=keep_validated, related_name="review_progress", verbose_name="fase"
    )
    actual_months = models.JSONField("mesi effettivi", default=list, blank=True, validators=[validate_months])
    completed = models.BooleanField("conclusa", default=False)
    completion = models.DecimalField(
        "completamento (%)", max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )

    class Meta:
        verbose_name = "avanzamento della fase"
        verbose_name_plural = "avanzamento delle fasi"
        ordering = ["phase__order", "phase_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "phase"],
                name="one_progress_per_phase",
                violation_error_message="La verifica ha già l'avanzamento di questa fase.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.actual_months}"


class BehaviourAssessment(PlanOwned):
    """Valutazione dei comportamenti organizzativi of one employee for the plan's year."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="behaviour_assessments", verbose_name="piano"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="behaviour_assessments", verbose_name="dipendente"
    )
    assessed_on = models.DateField("data della valutazione", validators=[plausible_date])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="valutatore (utente)",
    )
    assessed_by_name = models.CharField("valutatore", max_length=160, blank=True)
    note = BoundedTextField("osservazioni", blank=True)
    is_demo = models.BooleanField("dati dimostrativi", default=False)

    class Meta:
        verbose_name = "valutazione dei comportamenti"
        verbose_name_plural = "valutazioni dei comportamenti"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "employee"],
                name="one_behaviour_assessment_per_plan",
                violation_error_message=(
                    "Il dipendente ha già una valutazione dei comportamenti in questo piano."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Comportamenti {self.employee}"

    def clean(self) -> None:
        if self.assessed_on and self.plan_id and (problem := self.plan.date_error(self.assessed_on)):
            raise ValidationError({"assessed_on": problem})


class BehaviourVote(OrganizationOwned):
    """One vote of a behaviour assessment, on the SMVP's scale."""

    organization_from = "assessment"

    assessment = models.ForeignKey(
        BehaviourAssessment,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name="valutazione dei comportamenti",
    )
    criterion = models.ForeignKey(
        BehaviourCriterion, on_delete=models.CASCADE, related_name="votes", verbose_name="comportamento"
    )
    value = models.PositiveSmallIntegerField("voto", validators=between(1, 100))

    class Meta:
        verbose_name = "voto"
        verbose_name_plural = "voti"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="one_vote_per_criterion",
                violation_error_message="La valutazione ha già un voto per questo comportamento.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"

    def clean(self) -> None:
        if self.criterion_id and self.value and self.value > self.criterion.system.behaviour_scale_max:
            raise ValidationError(
                {"value": f"Il voto massimo è {self.criterion.system.behaviour_scale_max}."}
            )


class BonusFund(PlanOwned):
    """Risorse per la performance: a fund for one unit's staff, or (unit empty) for the ente."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bonus_funds", verbose_name="piano")
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bonus_funds",
        verbose_name="unità (vuoto = tutto l'ente)",
    )
    amount = models.DecimalField(
        "importo del fondo (€)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    description = models.CharField("descrizione", max_length=300, blank=True)

    class Meta:
        verbose_name = "fondo per la performance"
        verbose_name_plural = "fondi per la performance"
        ordering = ["unit__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                name="one_fund_per_unit",
                violation_error_message="Il piano ha già un fondo per questa unità organizzativa.",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(unit__isnull=True),
                name="one_ente_fund",
                violation_error_message="Il piano ha già un fondo per tutto l'ente.",
            ),
        ]

    def __str__(self) -> str:
        return f"Fondo {self.unit or 'ente'}"

    def clean(self) -> None:
        if self.unit_id and self.plan_id and self.unit.plan_id != self.plan_id:
            raise ValidationError({"unit": "L'unità deve appartenere allo stesso piano."})


class EmployeeAccount(PlanOwned):
    """Links a dipendente of the plan to a user, for «i miei obiettivi»."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+", verbose_name="piano")
    employee = models.OneToOneField(
        Employee,
        on_delete=models.CASCADE,
        related_name="account",
        verbose_name="dipendente",
        error_messages={"unique": "Il dipendente è già collegato a un utente."},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee_accounts",
        verbose_name="utente",
    )

    class Meta:
        verbose_name = "utente del dipendente"
        verbose_name_plural = "utenti dei dipendenti"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user"],
                condition=models.Q(user__isnull=False),
                name="one_employee_per_user",
                violation_error_message="Lo stesso utente è già collegato a un altro dipendente del piano.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.user}"


def _relazione_path(validation, filename: str) -> str:
    plan = validation.plan
    return f"relazioni/{plan.organization.slug}/{plan.first_year}/{filename}"


class ReportValidation(PlanOwned):
    """Validazione della Relazione sulla performance by the Nucleo (art. 14 c. 4 lett. c
    d.lgs. 150/2009). Rows accumulate: the latest is the one printed and published.

    At the validation the Relazione is frozen as printed for the public (no individual names):
    its PDF/A and DOCX stay with the row, with their SHA-256, and a later validation adds a new
    row rather than replacing them. Validations recorded before the files existed have none."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="report_validations", verbose_name="piano"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validata da (utente)",
    )
    validated_by_name = models.CharField("validata da", max_length=160, blank=True)
    validated_at = models.DateTimeField("validata il", validators=[plausible_date])
    note = BoundedTextField("osservazioni del Nucleo", blank=True)
    pdf = models.FileField(
        "relazione validata (PDF/A)", upload_to=_relazione_path, max_length=300, blank=True
    )
    pdf_sha256 = models.CharField("impronta SHA-256 del PDF", max_length=64, blank=True)
    docx = models.FileField(
        "relazione validata (DOCX)", upload_to=_relazione_path, max_length=300, blank=True
    )
    docx_sha256 = models.CharField("impronta SHA-256 del DOCX", max_length=64, blank=True)

    class Meta:
        verbose_name = "validazione della Relazione"
        verbose_name_plural = "validazioni della Relazione"
        ordering = ["-validated_at", "-pk"]

    def __str__(self) -> str:
        return f"Validazione {self.plan} del {self.validated_at:%d/%m/%Y}"

    @property
    def validator_display(self) -> str:
        if self.validated_by_id:
            return self.validated_by.get_full_name() or self.validated_by.get_username()
        return self.validated_by_name

    def read(self, field: str) -> bytes:
        """The content of one frozen file (`pdf` or `docx`), from the file storage."""
        with getattr(self, field).open("rb") as handle:
            return handle.read()
