"""Sottosezione 2.3, rischi corruttivi: the risk register of a plan.

National catalogues (risk areas, PNA 2019 indicators, general measures, measure types, the
starter map) are loaded from src/openpiao/reference_data by `catalogue.py`. Per plan: processes
with their risk events, one assessment per process and year (indicator judgments → synthetic
judgment, optionally overridden by the RPCT with a motivation), measures with their monitoring.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from openpiao.core.fields import BoundedTextField
from openpiao.core.models import CatalogueVersion, OrganizationOwned, PlanOwned
from openpiao.core.ranges import ORDER, YEAR, future_error, plausible_date
from openpiao.organization_chart.models import OrgUnit
from openpiao.organizations.models import Organization
from openpiao.performance.models import Objective
from openpiao.plans.models import Plan

from . import judgment, numeric
from .integration import section_problem


def validate_text_list(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValidationError("Atteso un elenco di testi non vuoti.")
    if any(len(item) > 300 for item in value):
        raise ValidationError("Ogni voce dell'elenco ha al più 300 caratteri.")


class RiskCatalogue(CatalogueVersion):
    class Meta:
        verbose_name = "catalogo di riferimento (rischi)"
        verbose_name_plural = "cataloghi di riferimento (rischi)"


class RiskArea(models.Model):
    """Area di rischio (art. 1 c. 16 L. 190/2012; PNA 2019 All. 1)."""

    code = models.CharField("codice", max_length=8, unique=True)
    name = models.CharField("area di rischio", max_length=300)
    kind = models.CharField("tipologia", max_length=80)
    scope = models.CharField("ambito", max_length=200, blank=True)
    previous_name = models.CharField("denominazione precedente", max_length=300, blank=True)
    mandatory_for_small = models.BooleanField(
        "obbligatoria per gli enti con meno di 50 dipendenti", default=False
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "area di rischio"
        verbose_name_plural = "aree di rischio"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class RiskIndicator(models.Model):
    """Key risk indicator (PNA 2019 All. 1 par. 4.2); `organization` set for the ente's own."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="ente"
    )
    code = models.CharField("codice", max_length=12)
    name = models.CharField("indicatore", max_length=300)
    description = BoundedTextField("significato", blank=True)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "indicatore di rischio"
        verbose_name_plural = "indicatori di rischio"
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(organization__isnull=True),
                name="unique_national_indicator",
                violation_error_message="Esiste già un indicatore di rischio nazionale con questo codice.",
            ),
            models.UniqueConstraint(
                fields=["organization", "code"],
                condition=models.Q(organization__isnull=False),
                name="unique_ente_indicator",
                violation_error_message="L'ente ha già un indicatore di rischio con questo codice.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GeneralMeasure(models.Model):
    """Misura generale (L. 190/2012; PNA 2013 par. 3.1; PNA 2016 par. 7)."""

    code = models.CharField("codice", max_length=8, unique=True)
    name = models.CharField("misura generale", max_length=300)
    legal_reference = models.CharField("riferimento normativo", max_length=300, blank=True)

    class Meta:
        verbose_name = "misura generale"
        verbose_name_plural = "misure generali"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MeasureType(models.Model):
    """Tipologia di misura (PNA 2019 All. 1 par. 5.1)."""

    code = models.SlugField("codice", max_length=40, unique=True)
    name = models.CharField("tipologia", max_length=200)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "tipologia di misura"
        verbose_name_plural = "tipologie di misura"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class ProcessTemplate(models.Model):
    """A process of the starter map (mappa tipo), with its typical events and measures."""

    code = models.CharField("codice", max_length=12, unique=True)
    area = models.ForeignKey(RiskArea, on_delete=models.PROTECT, verbose_name="area di rischio")
    name = models.CharField("processo", max_length=300)
    unit_hint = models.CharField("unità tipica", max_length=40, blank=True)
    input = models.TextField("input", blank=True)
    activities = models.TextField("fasi e attività", blank=True)
    output = models.TextField("output", blank=True)
    public_value = models.BooleanField("di maggiore rilievo per il valore pubblico", default=False)
    events = models.JSONField("eventi rischiosi", default=list)
    measures = models.JSONField("misure suggerite", default=list)
    catalogue_version = models.CharField("versione del catalogo", max_length=40)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "processo della mappa tipo"
        verbose_name_plural = "mappa tipo dei processi"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    LOW = judgment.LOW, judgment.LEVEL_LABELS[judgment.LOW]
    MEDIUM = judgment.MEDIUM, judgment.LEVEL_LABELS[judgment.MEDIUM]
    HIGH = judgment.HIGH, judgment.LEVEL_LABELS[judgment.HIGH]


class JudgmentRule(models.TextChoices):
    MODE_WORST = judgment.MODE_WORST, judgment.RULES[judgment.MODE_WORST]
    WORST = judgment.WORST, judgment.RULES[judgment.WORST]
    MEDIAN_UP = judgment.MEDIAN_UP, judgment.RULES[judgment.MEDIAN_UP]


class RiskMethod(models.TextChoices):
    QUALITATIVE = numeric.QUALITATIVE, "Qualitativo: indicatori di rischio (PNA 2019, Allegato 1)"
    NUMERIC = numeric.NUMERIC, "Numerico: probabilità × impatto (PNA 2013, Allegato 5)"


def default_scale() -> list[str]:
    return list(judgment.DEFAULT_SCALE.labels)


class RiskSettings(PlanOwned):
    """The plan's choices for the risk register: the ente's scale, method and rule."""

    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        related_name="risk_settings",
        verbose_name="piano",
        error_messages={"unique": "Il piano ha già le impostazioni del registro dei rischi."},
    )
    judgment_rule = models.CharField(
        "regola del giudizio sintetico",
        max_length=12,
        choices=JudgmentRule.choices,
        default=JudgmentRule.MODE_WORST,
        help_text="Come si ricava il livello complessivo dai giudizi sui singoli indicatori.",
    )
    scale = models.JSONField(
        "scala dei livelli di rischio",
        default=default_scale,
        help_text="Da 3 a 5 livelli, dal più basso al più alto, con i nomi usati dall'ente.",
    )
    method = models.CharField(
        "metodo di valutazione",
        max_length=12,
        choices=RiskMethod.choices,
        default=RiskMethod.QUALITATIVE,
    )
    numeric_bounds = models.JSONField(
        "soglie del punteggio",
        default=list,
        blank=True,
        help_text="Metodo numerico: il punteggio massimo (0-25) di ogni livello tranne l'ultimo.",
    )
    report_due = models.DateField(
        "scadenza della relazione annuale del RPCT",
        null=True,
        blank=True,
        validators=[plausible_date],
        help_text="Vuoto: il 15 dicembre dell'anno di riferimento (art. 1 c. 14 L. 190/2012).",
    )

    class Meta:
        verbose_name = "impostazioni del registro dei rischi"
        verbose_name_plural = "impostazioni del registro dei rischi"

    def __str__(self) -> str:
        return f"Impostazioni rischi {self.plan}"

    @property
    def level_scale(self) -> judgment.Scale:
        """The ente's scale (the default one while the stored one is not valid)."""
        try:
            return judgment.make_scale(self.scale or [])
        except judgment.JudgmentError:
            return judgment.DEFAULT_SCALE

    def clean(self) -> None:
        errors = {}
        if self.report_due and self.plan_id and (problem := self.plan.date_error(self.report_due)):
            errors["report_due"] = problem
        try:
            scale = judgment.make_scale(self.scale if isinstance(self.scale, list) else [])
        except judgment.JudgmentError as error:
            errors["scale"] = str(error)
        else:
            if self.method == RiskMethod.NUMERIC:
                try:
                    numeric.check_bounds(self.numeric_bounds, scale)
                except numeric.NumericError as error:
                    errors["numeric_bounds"] = str(error)
        if errors:
            raise ValidationError(errors)


class Process(PlanOwned):
    """Processo mappato (descrizione, input, fasi/attività, output, responsabile)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="risk_processes", verbose_name="piano"
    )
    code = models.SlugField("codice", max_length=40)
    area = models.ForeignKey(RiskArea, on_delete=models.PROTECT, verbose_name="area di rischio")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.RESTRICT, related_name="risk_processes", verbose_name="unità responsabile"
    )
    name = models.CharField("processo", max_length=300)
    description = BoundedTextField("descrizione", blank=True)
    input = BoundedTextField("input", blank=True)
    activities = BoundedTextField("fasi e attività", blank=True)
    output = BoundedTextField("output", blank=True)
    owner = models.CharField(
        "responsabile del processo",
        max_length=120,
        blank=True,
        help_text="Vuoto: il responsabile dell'unità.",
    )
    public_value = models.BooleanField("di maggiore rilievo per il valore pubblico", default=False)
    template = models.ForeignKey(
        ProcessTemplate, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="dalla mappa tipo"
    )
    # The mappa integrata dei processi (PNA 2025): the other parts of the PIAO the process serves.
    piao_sections = models.JSONField(
        "altre sezioni del PIAO",
        default=list,
        blank=True,
        help_text="Le sezioni del PIAO in cui il processo rileva oltre alla 2.3 (PNA 2025, mappa integrata).",
    )
    objectives = models.ManyToManyField(
        Objective,
        blank=True,
        related_name="risk_processes",
        verbose_name="obiettivi di performance collegati",
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "processo"
        verbose_name_plural = "processi"
        ordering = ["area__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="unique_process_code_per_plan",
                violation_error_message="Il piano ha già un processo con questo codice.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_display(self) -> str:
        return self.owner or self.unit.head_display

    def clean(self) -> None:
        errors = {}
        if self.unit_id and self.plan_id and self.unit.plan_id != self.plan_id:
            errors["unit"] = "L'unità deve appartenere allo stesso piano."
        if self.plan_id and (problem := section_problem(self.piao_sections, self.plan.kind)):
            errors["piao_sections"] = problem
        if errors:
            raise ValidationError(errors)


class RiskEvent(OrganizationOwned):
    """Evento rischioso che può verificarsi nel processo."""

    organization_from = "process"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="events", verbose_name="processo"
    )
    description = BoundedTextField("evento rischioso")
    phases = models.JSONField("fasi del processo", default=list, blank=True, validators=[validate_text_list])
    owners = models.JSONField(
        "soggetti responsabili", default=list, blank=True, validators=[validate_text_list]
    )
    enabling_factors = models.JSONField(
        "fattori abilitanti", default=list, blank=True, validators=[validate_text_list]
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "evento rischioso"
        verbose_name_plural = "eventi rischiosi"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


OVERRIDE_NEEDS_MOTIVATION = "Per modificare il giudizio sintetico il RPCT deve scrivere la motivazione."


class Assessment(OrganizationOwned):
    """Valutazione del rischio di un processo per un anno (PNA 2019 All. 1)."""

    organization_from = "process"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="assessments", verbose_name="processo"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    computed_level = models.CharField(
        "giudizio calcolato", max_length=judgment.KEY_MAX, blank=True, editable=False
    )
    rule = models.CharField("regola applicata", max_length=12, choices=JudgmentRule.choices, editable=False)
    override_level = models.CharField(
        "giudizio del RPCT",
        max_length=judgment.KEY_MAX,
        blank=True,
        help_text="Solo se il RPCT ritiene di discostarsi dal giudizio calcolato.",
    )
    override_motivation = BoundedTextField("motivazione del RPCT", blank=True)
    motivation = BoundedTextField("motivazione del giudizio sintetico", blank=True)
    scores = models.JSONField(
        "punteggi dei criteri (PNA 2013, All. 5)",
        default=dict,
        blank=True,
        help_text="Metodo numerico: il valore scelto per ogni criterio di probabilità e di impatto.",
    )
    score = models.DecimalField(
        "valutazione complessiva (probabilità × impatto)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    version = models.PositiveIntegerField("versione", default=1, editable=False)

    class Meta:
        verbose_name = "valutazione del rischio"
        verbose_name_plural = "valutazioni del rischio"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "year"],
                name="one_assessment_per_process_year",
                violation_error_message="Il processo ha già una valutazione del rischio per lo stesso anno.",
            ),
            models.CheckConstraint(
                condition=models.Q(override_level="") | ~models.Q(override_motivation=""),
                name="override_needs_motivation",
                violation_error_message=OVERRIDE_NEEDS_MOTIVATION,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} {self.year}"

    @property
    def level(self) -> str:
        return self.override_level or self.computed_level

    def clean(self) -> None:
        errors = {}
        if self.override_level and not self.override_motivation.strip():
            errors["override_motivation"] = OVERRIDE_NEEDS_MOTIVATION
        if self.year and self.process_id and self.year not in (plan := self.process.plan).years:
            errors["year"] = f"L'anno della valutazione deve cadere nel triennio {plan.triennium}."
        if errors:
            raise ValidationError(errors)


class IndicatorJudgment(OrganizationOwned):
    """Giudizio (alto/medio/basso) su un indicatore, con la motivazione."""

    organization_from = "assessment"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="judgments", verbose_name="valutazione del rischio"
    )
    indicator = models.ForeignKey(RiskIndicator, on_delete=models.RESTRICT, verbose_name="indicatore")
    level = models.CharField("giudizio", max_length=judgment.KEY_MAX)
    reason = BoundedTextField("motivazione", blank=True)

    class Meta:
        verbose_name = "giudizio sull'indicatore"
        verbose_name_plural = "giudizi sugli indicatori"
        ordering = ["indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                name="one_judgment_per_indicator",
                violation_error_message="La valutazione ha già un giudizio su questo indicatore.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.level}"


class MeasureKind(models.TextChoices):
    GENERAL = "general", "Generale"
    SPECIFIC = "specific", "Specifica"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", "Da avviare"
    IN_PROGRESS = "in_progress", "In corso"
    DONE = "done", "Attuata"
    NOT_DONE = "not_done", "Non attuata"


class Measure(PlanOwned):
    """Misura di prevenzione, generale o specifica di un processo."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="risk_measures", verbose_name="piano"
    )
    kind = models.CharField("tipo", max_length=10, choices=MeasureKind.choices)
    general_measure = models.ForeignKey(
        GeneralMeasure, on_delete=models.PROTECT, null=True, blank=True, verbose_name="misura generale"
    )
    measure_type = models.ForeignKey(
        MeasureType, on_delete=models.PROTECT, null=True, blank=True, verbose_name="tipologia"
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name="processo",
    )
    title = models.CharField("misura", max_length=500)
    description = BoundedTextField("modalità di attuazione", blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="risk_measures",
        verbose_name="unità responsabile dell'attuazione",
    )
    deadline = models.DateField("termine di attuazione", null=True, blank=True, validators=[plausible_date])
    indicator = models.CharField("indicatore di monitoraggio", max_length=300, blank=True)
    target = models.CharField("valore atteso", max_length=200, blank=True)
    status = models.CharField(
        "stato", max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_measures",
        verbose_name="obiettivo di performance collegato",
    )
    training_course = models.ForeignKey(
        "human_capital.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_measures",
        verbose_name="corso di formazione collegato",
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "misura di prevenzione"
        verbose_name_plural = "misure di prevenzione"
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="general") | models.Q(general_measure__isnull=False),
                name="general_measure_named",
                violation_error_message="Una misura generale deve indicare quale misura del PNA attua.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="specific") | models.Q(process__isnull=False),
                name="specific_measure_has_process",
                violation_error_message="Una misura specifica riguarda un processo: indicarlo.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def missing(self) -> list[str]:
        """What the PNA asks of a programmed measure and this one lacks."""
        gaps = []
        if not self.owner_unit_id:
            gaps.append("responsabile")
        if not self.deadline:
            gaps.append("termine")
        if not self.indicator:
            gaps.append("indicatore")
        return gaps

    def clean(self) -> None:
        errors = {}
        if self.kind == MeasureKind.GENERAL and not self.general_measure_id:
            errors["general_measure"] = "Una misura generale deve indicare quale misura del PNA attua."
        if self.kind == MeasureKind.SPECIFIC and not self.process_id:
            errors["process"] = "Una misura specifica riguarda un processo: indicarlo."
        for field in ("process", "owner_unit", "objective", "training_course"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and self.plan_id and related.plan_id != self.plan_id:
                errors[field] = "Deve appartenere allo stesso piano."
        if self.deadline and self.plan_id and self.deadline.year not in self.plan.years:
            errors["deadline"] = f"Il termine deve cadere nel triennio {self.plan.triennium}."
        if errors:
            raise ValidationError(errors)


class MonitoringRecord(OrganizationOwned):
    """Rilevazione del monitoraggio di una misura (data, stato, evidenze)."""

    organization_from = "measure"

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="monitoring", verbose_name="misura"
    )
    date = models.DateField("data", validators=[plausible_date])
    status = models.CharField("stato rilevato", max_length=12, choices=MeasureStatus.choices)
    value = models.CharField("valore dell'indicatore", max_length=200, blank=True)
    evidence = BoundedTextField(
        "evidenze", blank=True, help_text="Atti, verbali, pubblicazioni che lo provano."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrata da",
    )

    class Meta:
        verbose_name = "rilevazione di monitoraggio"
        verbose_name_plural = "monitoraggio delle misure"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_status_display()}"

    def clean(self) -> None:
        if self.date and self.measure_id:
            problem = self.measure.plan.date_error(self.date) or future_error(self.date, timezone.localdate())
            if problem:
                raise ValidationError({"date": problem})


class RpctReport(PlanOwned):
    """Relazione annuale del RPCT (art. 1 c. 14 L. 190/2012): the RPCT's own remarks."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="rpct_reports", verbose_name="piano"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    remarks = BoundedTextField(
        "considerazioni generali del RPCT",
        blank=True,
        help_text="Stato di attuazione, aspetti critici, ruolo del RPCT: il resto è compilato dai dati.",
    )

    class Meta:
        verbose_name = "relazione annuale del RPCT"
        verbose_name_plural = "relazioni annuali del RPCT"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="one_rpct_report_per_year",
                violation_error_message="Il piano ha già una relazione annuale del RPCT per lo stesso anno.",
            )
        ]

    def __str__(self) -> str:
        return f"Relazione RPCT {self.year}"

    def clean(self) -> None:
        if self.year and self.plan_id and self.year not in self.plan.years:
            raise ValidationError(
                {"year": f"L'anno della relazione deve cadere nel triennio {self.plan.triennium}."}
            )
