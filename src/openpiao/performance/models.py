"""Sezione 2.1-2.2: valore pubblico and performance."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openpiao.core.fields import BoundedTextField
from openpiao.core.formatting import it_number
from openpiao.core.models import CatalogueVersion, OrganizationOwned, PlanOwned
from openpiao.core.ranges import ORDER, YEAR, between
from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.plans.models import Plan

from .costs import participation_cost
from .months import validate_months
from .targets import TargetError, check_target, parse_target


class BudgetCatalogue(CatalogueVersion):
    """The version of the budget catalogue loaded (missions and programmes)."""

    class Meta:
        verbose_name = "catalogo di riferimento (bilancio)"
        verbose_name_plural = "cataloghi di riferimento (bilancio)"


class Mission(models.Model):
    """Missione di bilancio (d.lgs. 118/2011, allegato 14): a national catalogue."""

    code = models.CharField("codice", max_length=2, unique=True)
    name = models.CharField("denominazione", max_length=200)

    class Meta:
        verbose_name = "missione"
        verbose_name_plural = "missioni"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class Programme(models.Model):
    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="programmes", verbose_name="missione"
    )
    code = models.CharField("codice", max_length=4, unique=True)
    name = models.CharField("denominazione", max_length=200)

    class Meta:
        verbose_name = "programma"
        verbose_name_plural = "programmi"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class StrategicObjective(PlanOwned):
    """Obiettivo strategico (valore pubblico) from the DUP, with its stakeholders."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="strategic_objectives", verbose_name="piano"
    )
    code = models.SlugField("codice", max_length=40)
    title = models.CharField("obiettivo strategico", max_length=500)
    description = BoundedTextField("descrizione", blank=True)
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, null=True, blank=True, verbose_name="missione"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, verbose_name="programma"
    )
    stakeholders = models.CharField("stakeholder", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "obiettivo strategico"
        verbose_name_plural = "obiettivi strategici"
        ordering = ["mission__code", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="unique_strategic_code_per_plan",
                violation_error_message="Il piano ha già un obiettivo strategico con questo codice.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.programme_id and self.mission_id and self.programme.mission_id != self.mission_id:
            raise ValidationError({"programme": "Il programma non appartiene alla missione scelta."})


class ObjectiveKind(models.TextChoices):
    IMPROVEMENT = "improvement", "Di miglioramento"
    INNOVATION = "innovation", "Innovativo"
    MANAGEMENT = "management", "Di gestione"
    CROSS_UNIT = "cross_unit", "Intersettoriale"


class Objective(PlanOwned):
    """Obiettivo di performance assigned to a unit (scheda obiettivo)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives", verbose_name="piano")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.RESTRICT, related_name="objectives", verbose_name="unità responsabile"
    )
    office = models.ForeignKey(
        OrgUnit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="office_objectives",
        verbose_name="ufficio",
        help_text="L'ufficio o servizio dell'unità responsabile che cura l'obiettivo, se il piano lo "
        "indica (un'unità che ha per unità superiore l'unità responsabile): la scheda lo stampa "
        "col nome dell'unità («Servizi per il Territorio – Opere Pubbliche»).",
    )
    co_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="shared_objectives", verbose_name="unità corresponsabili"
    )
    number = models.PositiveSmallIntegerField(
        "numero", validators=between(1, 9999, "Il numero dell'obiettivo va da 1 a 9.999.")
    )
    kind = models.CharField(
        "tipo",
        max_length=12,
        choices=ObjectiveKind.choices,
        blank=True,
        help_text="Facoltativo: molti piani non classificano gli obiettivi.",
    )
    kind_label = models.CharField(
        "tipo come lo chiama l'ente",
        max_length=80,
        blank=True,
        help_text="Es. «Obiettivo esecutivo», «Obiettivo di gruppo»: stampato al posto del tipo.",
    )
    is_prerequisite = models.BooleanField(
        "pre-requisito",
        default=False,
        help_text="Senza peso: se non raggiunto, nessun premio al personale a cui si applica "
        "(es. rispetto del codice di comportamento).",
    )
    title = models.CharField("descrizione sintetica", max_length=500)
    list_title = models.CharField(
        "titolo nell'elenco del centro",
        max_length=500,
        blank=True,
        help_text="Come il piano nomina l'obiettivo nell'elenco degli obiettivi del centro di "
        "responsabilità, se diverso dalla descrizione sintetica (vuoto: la descrizione sintetica).",
    )
    description = BoundedTextField("descrizione e finalità", blank=True)
    strategic_objective = models.ForeignKey(
        StrategicObjective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name="obiettivo strategico",
    )
    weight = models.DecimalField(
        "peso", max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    first_year = models.PositiveSmallIntegerField("dall'anno", validators=YEAR)
    last_year = models.PositiveSmallIntegerField("all'anno", validators=YEAR)
    cost_centre = models.CharField("centro di costo", max_length=120, blank=True)
    budget_chapter = models.CharField("capitolo PEG", max_length=120, blank=True)
    budget_amount = models.DecimalField(
        "importo assegnato (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    simplification = models.BooleanField("semplificazione", default=False)
    digitalisation = models.BooleanField("digitalizzazione", default=False)
    accessibility = models.BooleanField("accessibilità", default=False)
    equal_opportunity = models.BooleanField("pari opportunità", default=False)
    training_promotion = models.BooleanField(
        "promozione della formazione del personale",
        default=False,
        help_text="Obiettivo di performance del responsabile sulla formazione propria e del personale "
        "assegnato (direttiva del Ministro per la PA 14 gennaio 2025).",
    )
    remote_workable = models.BooleanField("realizzabile anche in lavoro agile", default=True)
    reward_note = models.CharField("sistema premiante", max_length=300, blank=True)

    class Meta:
        verbose_name = "obiettivo"
        verbose_name_plural = "obiettivi"
        ordering = ["unit__order", "unit__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="unique_objective_number_per_unit",
                violation_error_message="L'unità organizzativa ha già un obiettivo con questo numero.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_prerequisite=False) | models.Q(weight__isnull=True),
                name="prerequisite_without_weight",
                violation_error_message="Un obiettivo pre-requisito non ha peso.",
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="objective_years_ordered",
                violation_error_message="L'anno finale non può precedere quello iniziale.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def unit_label(self) -> str:
        """The unit as the scheda names it (its `scheda_name`, else its name), with the office that
        carries the objective, if any."""
        unit = self.unit.scheda_name or self.unit.name
        return f"{unit} – {self.office_name}" if self.office_id else unit

    @property
    def office_name(self) -> str:
        """The office that carries the objective as the schede name it ('' without one)."""
        return (self.office.scheda_name or self.office.name) if self.office_id else ""

    @property
    def kind_name(self) -> str:
        """The kind as the plan names it: the ente's own label, else the kind, else nothing."""
        return self.kind_label or (self.get_kind_display() if self.kind else "")

    @property
    def tags(self) -> list[str]:
        fields = ("simplification", "digitalisation", "accessibility", "equal_opportunity")
        return [str(self._meta.get_field(f).verbose_name) for f in fields if getattr(self, f)]

    def clean(self) -> None:
        errors = {}
        if self.plan_id and self.first_year and self.last_year:
            years = self.plan.years
            if self.first_year not in years or self.last_year not in years:
                errors["last_year"] = (
                    f"Gli anni dell'obiettivo devono cadere nel triennio {self.plan.triennium}."
                )
            elif self.last_year < self.first_year:
                errors["last_year"] = "L'anno finale non può precedere quello iniziale."
        if self.unit_id and self.plan_id and self.unit.plan_id != self.plan_id:
            errors["unit"] = "L'unità deve appartenere allo stesso piano."
        if self.office_id and self.unit_id and self.office.parent_id != self.unit_id:
            errors["office"] = "L'ufficio deve essere un'unità interna all'unità responsabile."
        if self.is_prerequisite and self.weight is not None:
            errors["weight"] = "Un obiettivo pre-requisito non ha peso: lasciare il campo vuoto."
        elif self.weight is not None and self.organization_id:
            mode = self.organization.weight_mode
            limit = Decimal(100) if mode == "percent" else self.organization.weight_points_total
            if self.weight > limit:
                unit = "%" if mode == "percent" else " punti"
                errors["weight"] = f"Il peso non può superare {it_number(limit)}{unit}."
        if errors:
            raise ValidationError(errors)


class IndicatorKind(models.TextChoices):
    NUMBER = "number", "Numero"
    PERCENTAGE = "percentage", "Percentuale"
    BOOLEAN = "boolean", "Sì/No"
    DEADLINE = "deadline", "Scadenza"
    TEXT = "text", "Testo (giudizio del valutatore)"


class Direction(models.TextChoices):
    AT_LEAST = "ge", "≥ almeno"
    AT_MOST = "le", "≤ al massimo"
    EQUAL = "eq", "= esattamente"


class Indicator(OrganizationOwned):
    organization_from = "objective"

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="indicators", verbose_name="obiettivo"
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)
    description = BoundedTextField("descrizione")
    kind = models.CharField("tipo", max_length=12, choices=IndicatorKind.choices)
    direction = models.CharField(
        "verso",
        max_length=2,
        choices=Direction.choices,
        default=Direction.AT_LEAST,
        help_text="Per numeri e percentuali: il valore atteso è un minimo, un massimo o un valore esatto.",
    )
    measure_unit = models.CharField("unità di misura", max_length=60, blank=True)
    baseline = models.CharField("valore di partenza", max_length=200, blank=True)
    weight = models.DecimalField(
        "peso nella media",
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "indicatore"
        verbose_name_plural = "indicatori"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def target_for(self, year: int):
        return next((t for t in self.targets.all() if t.year == year), None)


class IndicatorTarget(OrganizationOwned):
    """Valore atteso of an indicator for one year, as written (e.g. "< di 5", "Entro 31/12/2024")."""

    organization_from = "indicator"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name="indicatore"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    value = models.CharField("valore atteso", max_length=500)

    class Meta:
        verbose_name = "valore atteso"
        verbose_name_plural = "valori attesi"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_target_per_year",
                violation_error_message="L'indicatore ha già un valore atteso per lo stesso anno.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"

    def parsed(self):
        return parse_target(self.indicator.kind, self.value, self.year)

    def clean(self) -> None:
        if self.indicator_id:
            plan = self.indicator.objective.plan
            if self.year not in plan.years:
                raise ValidationError(
                    {"year": f"L'anno del valore atteso deve cadere nel triennio {plan.triennium}."}
                )
            try:
                check_target(self.indicator.kind, self.value, self.year)
            except TargetError as error:
                raise ValidationError({"value": str(error)}) from None


class Phase(OrganizationOwned):
    """Fase di attuazione with the months of the cronoprogramma (1 = gennaio)."""

    organization_from = "objective"

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="phases", verbose_name="obiettivo"
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)
    description = BoundedTextField("fase")
    months = models.JSONField("mesi previsti", default=list, blank=True, validators=[validate_months])
    schedule_note = models.CharField("tempi (testo)", max_length=200, blank=True)
    weight = models.DecimalField(
        "peso della fase",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Dove il sistema di valutazione misura l'obiettivo con le fasi pesate.",
    )

    class Meta:
        verbose_name = "fase"
        verbose_name_plural = "fasi"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class Participation(OrganizationOwned):
    """Personale coinvolto: an employee's share of an objective."""

    organization_from = "objective"

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="participations", verbose_name="obiettivo"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.RESTRICT, related_name="participations", verbose_name="dipendente"
    )
    headcount = models.PositiveSmallIntegerField(
        "dipendenti coinvolti",
        null=True,
        blank=True,
        validators=between(1, 999),
        help_text="Per una riga di più dipendenti (per categoria): quanti partecipano. Vuoto: tutti.",
    )
    percent = models.DecimalField(
        "% partecipazione",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    hours = models.DecimalField(
        "ore dedicate",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hourly_cost = models.DecimalField(
        "costo orario (€)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Vuoto: si usa il costo orario del dipendente.",
    )

    class Meta:
        verbose_name = "partecipazione"
        verbose_name_plural = "personale coinvolto"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "employee"],
                name="one_participation_per_employee",
                violation_error_message="Il dipendente partecipa già a questo obiettivo.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.percent or ''}%"

    @property
    def people(self) -> int:
        """How many people the row stands for (one, or the count of a row by category)."""
        return self.headcount or self.employee.headcount

    @property
    def staff_label(self) -> str:
        """The person, or how many of a row by category take part."""
        return self.employee.counted_label(self.people) if self.employee.is_counted else str(self.employee)

    def clean(self) -> None:
        if self.headcount and self.employee_id and self.headcount > self.employee.headcount:
            raise ValidationError(
                {
                    "headcount": f"La riga «{self.employee}» conta {self.employee.headcount} "
                    f"dipendent{'e' if self.employee.headcount == 1 else 'i'}: "
                    "non ne possono partecipare di più."
                }
            )

    @property
    def effective_hourly_cost(self) -> Decimal | None:
        return self.hourly_cost if self.hourly_cost is not None else self.employee.hourly_cost

    @property
    def cost(self) -> Decimal | None:
        return participation_cost(self.hours, self.effective_hourly_cost)


class ResourceKind(models.TextChoices):
    EXTERNAL_SERVICES = "external_services", "Servizi esterni"
    EQUIPMENT = "equipment", "Attrezzature specifiche"
    UTILITIES = "utilities", "Utenze"
    INDIRECT_COSTS = "indirect_costs", "Costi indiretti"


class Resource(OrganizationOwned):
    """Risorse aggiuntive utilizzate."""

    organization_from = "objective"

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="resources", verbose_name="obiettivo"
    )
    kind = models.CharField("tipologia", max_length=20, choices=ResourceKind.choices)
    description = models.CharField("descrizione", max_length=500, blank=True)
    cost = models.DecimalField(
        "costo (€)", max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = "risorsa aggiuntiva"
        verbose_name_plural = "risorse aggiuntive"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"
