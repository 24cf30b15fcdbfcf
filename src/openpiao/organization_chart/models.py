"""Sezione 3.1: the organisation chart and the staff that every section uses.

Units and employees belong to a plan: they are the ente as the plan describes it (staff at
31/12 of the year before the triennium). Rolling a plan over copies them.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openpiao.core.models import PlanOwned
from openpiao.core.ranges import LATEST_DATE, ORDER, between, plausible_date, window_error
from openpiao.plans.models import Plan

from .economic_positions import position_error
from .reference import position_ranges


class UnitKind(models.TextChoices):
    AREA = "area", "Area"
    SECTOR = "sector", "Settore"
    SERVICE = "service", "Servizio"
    OFFICE = "office", "Ufficio"


class OrgUnit(PlanOwned):
    """Unità organizzativa / centro di responsabilità."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="units", verbose_name="piano")
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="unità superiore",
    )
    code = models.SlugField("codice", max_length=40)
    name = models.CharField("denominazione", max_length=200)
    scheda_name = models.CharField(
        "denominazione nelle schede",
        max_length=200,
        blank=True,
        help_text="Come le schede obiettivo nominano l'unità, se diversamente dalla denominazione "
        "(es. «Socio educativo culturale»); vuoto: la denominazione.",
    )
    kind = models.CharField("tipo", max_length=10, choices=UnitKind.choices, default=UnitKind.SERVICE)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)
    head = models.ForeignKey(
        "Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name="responsabile",
    )
    head_label = models.CharField(
        "responsabile (se non è un dipendente)",
        max_length=120,
        blank=True,
        help_text="Per esempio «Segretario comunale».",
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_units",
        verbose_name="utenti che inseriscono i dati dell'unità",
    )

    class Meta:
        verbose_name = "unità organizzativa"
        verbose_name_plural = "unità organizzative"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="unique_unit_code_per_plan",
                violation_error_message="Il piano ha già un'unità organizzativa con questo codice.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def head_display(self) -> str:
        """The responsabile: the unit's own, else the one of the unit above (an office under its area).

        A head entered without a name (a plan that names the role, not the person) prints the
        role written in `head_label`, never the employee's internal key.
        """
        if self.head_id and self.head.has_name:
            return self.head.titled_name
        if self.head_label:
            return self.head_label
        if self.head_id:
            return ""
        return self.parent.head_display if self.parent_id else ""

    def clean(self) -> None:
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "L'unità superiore deve appartenere allo stesso piano."})
        if self.head_id and self.head.is_counted:
            raise ValidationError({"head": "Il responsabile è una persona, non una riga di più dipendenti."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor is self or (self.pk is not None and ancestor.pk == self.pk):
                raise ValidationError({"parent": "Un'unità non può stare sotto se stessa."})
            ancestor = ancestor.parent


class Gender(models.TextChoices):
    FEMALE = "F", "Donna"
    MALE = "M", "Uomo"
    UNDECLARED = "N", "Non dichiarato"


class StaffArea(models.TextChoices):
    """Aree of the CCNL Funzioni Locali 16/11/2022 (in force from 1/4/2023)."""

    OPERATORS = "operatori", "Area degli Operatori"
    SKILLED_OPERATORS = "operatori_esperti", "Area degli Operatori esperti"
    INSTRUCTORS = "istruttori", "Area degli Istruttori"
    OFFICERS = "funzionari_eq", "Area dei Funzionari e dell'Elevata Qualificazione"


# The transposition of the old categories into the new areas (CCNL 16/11/2022, Tab. B).
AREA_OF_OLD_CATEGORY = {
    "A": StaffArea.OPERATORS,
    "B": StaffArea.SKILLED_OPERATORS,
    "C": StaffArea.INSTRUCTORS,
    "D": StaffArea.OFFICERS,
}


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Tempo indeterminato"
    FIXED_TERM = "fixed_term", "Tempo determinato"


# A counted row («5 Istruttori (C1)») stands for at most this many people of one kind.
MAX_HEADCOUNT = 999

# Nobody stays in service longer than this: a hire date further back is a typing error.
MAX_SERVICE_YEARS = 50


class Employee(PlanOwned):
    """Dipendente."""

    # The person's own data (the unit travels as its code): the form and the JSON exchange share it.
    # A tuple, so a formset appending its own field cannot change it.
    DATA_FIELDS = (
        "key",
        "headcount",
        "last_name",
        "first_name",
        "honorific",
        "gender",
        "area",
        "old_category",
        "economic_position",
        "job_title",
        "profile",
        "is_eq_holder",
        "part_time_pct",
        "contract_type",
        "start_date",
        "end_date",
        "hourly_cost",
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="employees", verbose_name="piano")
    key = models.SlugField(
        "codice", max_length=60, help_text="Identificativo stabile nel piano (es. matricola)."
    )
    headcount = models.PositiveSmallIntegerField(
        "numero di dipendenti",
        default=1,
        validators=between(1, MAX_HEADCOUNT),
        help_text="Più di 1: una riga per categoria senza nomi (es. 5 istruttori C1), contata come "
        "altrettanti dipendenti.",
    )
    last_name = models.CharField("cognome", max_length=80, blank=True)
    first_name = models.CharField("nome", max_length=80, blank=True)
    honorific = models.CharField(
        "titolo",
        max_length=20,
        blank=True,
        help_text="Il titolo con cui il piano nomina la persona (es. «Dott.», «Dott.ssa», «Arch.», "
        "«Ing.»): stampato prima del nome dove il piano ne indica il responsabile.",
    )
    gender = models.CharField("genere", max_length=1, choices=Gender.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.RESTRICT, related_name="employees", verbose_name="unità"
    )
    area = models.CharField("area CCNL 2022", max_length=20, choices=StaffArea.choices)
    old_category = models.CharField(
        "ex categoria", max_length=1, choices=[(c, c) for c in "ABCD"], blank=True
    )
    economic_position = models.CharField(
        "ex posizione economica", max_length=3, blank=True, help_text="Per esempio C4."
    )
    job_title = models.CharField("qualifica professionale", max_length=120, blank=True)
    profile = models.CharField("profilo professionale", max_length=160, blank=True)
    is_eq_holder = models.BooleanField("titolare di incarico di E.Q.", default=False)
    part_time_pct = models.DecimalField(
        "percentuale di tempo parziale",
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="100 = tempo pieno.",
    )
    contract_type = models.CharField(
        "tipo di contratto", max_length=12, choices=ContractType.choices, default=ContractType.PERMANENT
    )
    start_date = models.DateField("data di assunzione", null=True, blank=True, validators=[plausible_date])
    end_date = models.DateField("data di cessazione", null=True, blank=True, validators=[plausible_date])
    hourly_cost = models.DecimalField(
        "costo orario (€)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "dipendente"
        verbose_name_plural = "dipendenti"
        ordering = ["last_name", "first_name", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"],
                name="unique_employee_key_per_plan",
                violation_error_message="Il piano ha già un dipendente con questo codice.",
            ),
            models.CheckConstraint(
                condition=models.Q(part_time_pct__gt=0) & models.Q(part_time_pct__lte=100),
                name="part_time_between_0_and_100",
                violation_error_message=(
                    "La percentuale di tempo parziale deve essere maggiore di 0 e non superiore a 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        full = f"{self.last_name} {self.first_name}".strip()
        if full:
            return full
        return self.counted_label(self.headcount) if self.is_counted else f"Dipendente {self.key}"

    @property
    def titled_name(self) -> str:
        """The name with the title the plan gives the person («Arch. Pizzocaro Simona»)."""
        return f"{self.honorific} {self}" if self.honorific and self.has_name else str(self)

    def counted_label(self, people: int) -> str:
        """«5 × Istruttore amministrativo (C1)»: `people` of this row's kind."""
        what = self.profile or self.job_title or self.get_area_display() or "dipendenti"
        grade = self.economic_position or self.old_category
        return f"{people} × {what}" + (f" ({grade})" if grade else "")

    @property
    def is_counted(self) -> bool:
        """A row that counts people by category instead of naming one."""
        return self.headcount > 1

    @property
    def has_name(self) -> bool:
        return bool(self.last_name.strip() or self.first_name.strip())

    @property
    def is_part_time(self) -> bool:
        return self.part_time_pct < 100

    def clean(self) -> None:
        errors = {}
        if self.old_category and self.area and AREA_OF_OLD_CATEGORY[self.old_category] != self.area:
            errors["area"] = (
                f"L'ex categoria {self.old_category} confluisce nella "
                f"«{AREA_OF_OLD_CATEGORY[self.old_category].label}» (CCNL 16/11/2022)."
            )
        self.economic_position = (self.economic_position or "").strip().upper()
        if self.economic_position:
            # The ladder of each old category is reference data (CCNL Funzioni Locali).
            problem = (
                position_error(self.economic_position, self.old_category, position_ranges())
                if self.old_category
                else "Indicare l'ex categoria a cui appartiene la posizione economica."
            )
            if problem:
                errors["economic_position"] = problem
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La data di cessazione non può precedere l'assunzione."
        if self.headcount and self.headcount > 1 and (self.last_name.strip() or self.first_name.strip()):
            errors["headcount"] = (
                "Una riga con più dipendenti li conta per categoria: togliere nome e cognome, "
                "oppure indicare 1."
            )
        if self.plan_id:
            for name, message in self._dates_in_plan(self.plan).items():
                errors.setdefault(name, message)
        if self.unit_id and self.plan_id and self.unit.plan_id != self.plan_id:
            errors["unit"] = "L'unità deve appartenere allo stesso piano."
        if errors:
            raise ValidationError(errors)

    def _dates_in_plan(self, plan) -> dict:
        """The staff of a plan was hired at most 50 years before its triennium and by its end,
        and had not left before the year preceding it (the plan's staff date)."""
        errors = {}
        hired = window_error(
            self.start_date,
            date(plan.first_year - MAX_SERVICE_YEARS, 1, 1),
            date(plan.last_year, 12, 31),
            f"al più {MAX_SERVICE_YEARS} anni prima del triennio {plan.triennium} e non dopo la sua fine",
        )
        if hired:
            errors["start_date"] = hired
        left = window_error(
            self.end_date,
            date(plan.first_year - 1, 1, 1),
            LATEST_DATE,
            f"chi ha cessato prima del {plan.first_year - 1} non è personale del piano {plan.triennium}",
        )
        if left:
            errors["end_date"] = left
        return errors

    def in_service_on(self, day) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


class UnitResourceKind(models.TextChoices):
    PREMISES = "premises", "Sedi e locali"
    VEHICLES = "vehicles", "Automezzi"
    EQUIPMENT = "equipment", "Attrezzature"
    IT = "it", "Dotazioni informatiche"
    FINANCIAL = "financial", "Risorse finanziarie"
    OTHER = "other", "Altre risorse"


class UnitResource(PlanOwned):
    """Risorsa strumentale o finanziaria assegnata a un'unità (non a un solo obiettivo)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="unit_resources", verbose_name="piano"
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="resources", verbose_name="unità"
    )
    kind = models.CharField("tipologia", max_length=12, choices=UnitResourceKind.choices)
    description = models.CharField("descrizione", max_length=300)
    quantity = models.PositiveIntegerField("quantità", null=True, blank=True, validators=between(0, 999_999))
    amount = models.DecimalField(
        "importo (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "risorsa dell'unità"
        verbose_name_plural = "risorse delle unità"
        ordering = ["unit__order", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def clean(self) -> None:
        if self.unit_id and self.plan_id and self.unit.plan_id != self.plan_id:
            raise ValidationError({"unit": "L'unità deve appartenere allo stesso piano."})
