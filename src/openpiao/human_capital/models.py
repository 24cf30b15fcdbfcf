"""Sezione 3.2-3.3 of the PIAO and the positive-actions plan: the rows a user enters.

Headcounts, gender tables, the hiring capacity and every check are computed from these rows and
from the employees of organization_chart (see the pure modules of this app), never stored.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from openpiao.core.fields import BoundedTextField
from openpiao.core.models import OrganizationOwned, PlanOwned
from openpiao.core.ranges import ORDER, YEAR, between, future_error, plausible_date
from openpiao.organization_chart.models import ContractType, Employee, OrgUnit, StaffArea
from openpiao.plans.models import Plan

POSITIVE = [MinValueValidator(0)]


def _money(label: str, **kwargs):
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, validators=POSITIVE, **kwargs
    )


class PlanRow(PlanOwned):
    """A row of Sezione 3. `INPUT_FIELDS` (on each model) lists what the user enters, in the
    order of the form; the form and the JSON exchange both read it. Each row names its own
    `plan` link, with the related name the plan reads it by."""

    class Meta:
        abstract = True

    def _same_plan(self, errors: dict, *names: str) -> None:
        for name in names:
            if (
                getattr(self, f"{name}_id") is not None
                and self.plan_id
                and getattr(self, name).plan_id != self.plan_id
            ):
                errors[name] = "Deve appartenere allo stesso piano."

    def _dates_in_plan(self, errors: dict, *names: str) -> None:
        for name in names:
            if self.plan_id and (problem := self.plan.date_error(getattr(self, name))):
                errors.setdefault(name, problem)

    def _in_triennium(self, errors: dict) -> None:
        if self.plan_id and self.year and self.year not in self.plan.years:
            errors["year"] = f"L'anno deve cadere nel triennio {self.plan.triennium}."


class StaffingInputs(PlanRow):
    """Dati del rendiconto e di bilancio per la capacità assunzionale e i limiti di spesa."""

    INPUT_FIELDS = [
        "spending_year",
        "personnel_spending",
        "revenues_first_year",
        "revenues_1",
        "revenues_2",
        "revenues_3",
        "fcde",
        "net_revenues",
        "net_revenues_note",
        "spending_2018",
        "unused_past_capacity",
        "planned_spending",
        "average_2011_2013",
        "spending_557",
        "flexible_base",
        "flexible_base_label",
        "flexible_planned",
        "flexible_substitute_limit",
        "flexible_substitute_act",
        "auditor_opinion",
        "surplus_check",
    ]

    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        related_name="staffing_inputs",
        verbose_name="piano",
        error_messages={"unique": "Il piano ha già i dati per la capacità assunzionale."},
    )
    spending_year = models.PositiveSmallIntegerField(
        "anno dell'ultimo rendiconto approvato", null=True, blank=True, validators=YEAR
    )
    personnel_spending = _money("spesa di personale dell'ultimo rendiconto (€)")
    revenues_first_year = models.PositiveSmallIntegerField(
        "primo dei tre rendiconti delle entrate",
        null=True,
        blank=True,
        validators=YEAR,
        help_text="Per esempio 2020 per i rendiconti 2020, 2021 e 2022.",
    )
    revenues_1 = _money("entrate correnti del primo rendiconto (€)")
    revenues_2 = _money("entrate correnti del secondo rendiconto (€)")
    revenues_3 = _money("entrate correnti del terzo rendiconto (€)")
    fcde = _money("FCDE stanziato nel bilancio di previsione assestato dell'ultima annualità (€)")
    net_revenues = _money(
        "entrate correnti nette, se non si inseriscono i tre rendiconti (€)",
        help_text="Media delle entrate correnti dei tre rendiconti al netto del FCDE, già calcolata.",
    )
    net_revenues_note = models.CharField("nota sulle entrate nette", max_length=300, blank=True)
    spending_2018 = _money("spesa di personale 2018 (€)", help_text="Serve per la Tabella 2 fino al 2024.")
    unused_past_capacity = _money("resti assunzionali dei cinque anni antecedenti al 2020 (€)")
    planned_spending = _money("spesa di personale previsionale del primo anno (€)")
    average_2011_2013 = _money("valore medio della spesa di personale 2011-2013 (€)")
    spending_557 = _money("spesa di personale del primo anno ai sensi del comma 557 (€)")
    flexible_base = _money("spesa per lavoro flessibile del periodo base (€)")
    flexible_base_label = models.CharField(
        "periodo base del lavoro flessibile", max_length=40, default="2009"
    )
    flexible_planned = _money("spesa per lavoro flessibile prevista per il primo anno (€)")
    flexible_substitute_limit = _money(
        "limite fissato con atto motivato (€)",
        help_text="Solo per gli enti senza spesa per lavoro flessibile nel periodo base.",
    )
    flexible_substitute_act = models.CharField("atto che fissa il limite", max_length=200, blank=True)
    auditor_opinion = models.CharField("parere dell'organo di revisione", max_length=300, blank=True)
    surplus_check = models.CharField("ricognizione delle eccedenze di personale", max_length=300, blank=True)

    class Meta:
        verbose_name = "dati per la capacità assunzionale"
        verbose_name_plural = "dati per la capacità assunzionale"

    def __str__(self) -> str:
        return f"Dati per la capacità assunzionale {self.plan_id}"

    def clean(self) -> None:
        errors = {}
        revenues = [self.revenues_1, self.revenues_2, self.revenues_3]
        if any(r is not None for r in revenues) and not all(r is not None for r in revenues):
            errors["revenues_3"] = "Inserire le entrate correnti di tutti e tre i rendiconti."
        if all(r is not None for r in revenues) and self.net_revenues is not None:
            errors["net_revenues"] = "Inserire i tre rendiconti oppure le entrate nette, non entrambi."
        if all(r is not None for r in revenues) and not self.revenues_first_year:
            errors["revenues_first_year"] = "Indicare l'anno del primo rendiconto."
        if self.flexible_substitute_limit is not None and self.flexible_base:
            errors["flexible_substitute_limit"] = (
                "Il limite con atto motivato vale solo per chi non aveva spesa nel periodo base."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def revenues(self) -> tuple:
        values = (self.revenues_1, self.revenues_2, self.revenues_3)
        return values if all(v is not None for v in values) else ()

    @property
    def revenue_years(self) -> tuple:
        first = self.revenues_first_year
        return (first, first + 1, first + 2) if first else ()


class CessationReason(models.TextChoices):
    RETIREMENT = "retirement", "Pensionamento"
    MOBILITY = "mobility", "Mobilità verso altro ente"
    RESIGNATION = "resignation", "Dimissioni"
    OTHER = "other", "Altra causa"


class Cessation(PlanRow):
    """Cessazione dal servizio prevista nel triennio."""

    INPUT_FIELDS = ["year", "employee", "profile", "unit", "reason", "date", "annual_cost", "note"]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cessations", verbose_name="piano")
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    employee = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dipendente",
    )
    profile = models.CharField("profilo professionale", max_length=160)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="unità"
    )
    reason = models.CharField("causa", max_length=12, choices=CessationReason.choices)
    date = models.DateField("data di cessazione", null=True, blank=True, validators=[plausible_date])
    annual_cost = _money("costo annuo del posto (€)")
    note = models.CharField("nota", max_length=400, blank=True)

    class Meta:
        verbose_name = "cessazione"
        verbose_name_plural = "cessazioni"
        ordering = ["year", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.year} · {self.profile}"

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "employee", "unit")
        self._in_triennium(errors)
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = "La data deve cadere nell'anno indicato."
        if errors:
            raise ValidationError(errors)


class HiringModality(models.TextChoices):
    PUBLIC_COMPETITION = "competition", "Concorso pubblico"
    MOBILITY = "mobility", "Mobilità volontaria ex art. 30 d.lgs. 165/2001"
    OWN_RANKING = "own_ranking", "Scorrimento di graduatoria propria"
    OTHER_RANKING = "other_ranking", "Utilizzo di graduatoria di altro ente"
    FIXED_TERM = "fixed_term", "Assunzione a tempo determinato"
    AGENCY = "agency", "Somministrazione di lavoro"
    VERTICAL = "vertical", "Progressione verticale"


class PlannedHire(PlanRow):
    """Assunzione programmata nel piano triennale dei fabbisogni."""

    INPUT_FIELDS = [
        "year",
        "profile",
        "area",
        "unit",
        "modality",
        "modality_note",
        "contract_type",
        "part_time_pct",
        "hours",
        "annual_cost",
        "note",
    ]

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="planned_hires", verbose_name="piano"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    profile = models.CharField("profilo professionale", max_length=160)
    area = models.CharField("area CCNL 2022", max_length=20, choices=StaffArea.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.RESTRICT, related_name="+", verbose_name="unità")
    modality = models.CharField("modalità di copertura", max_length=16, choices=HiringModality.choices)
    modality_note = models.CharField("modalità alternative", max_length=400, blank=True)
    contract_type = models.CharField(
        "tipo di contratto", max_length=12, choices=ContractType.choices, default=ContractType.PERMANENT
    )
    part_time_pct = models.DecimalField(
        "percentuale di tempo parziale",
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="100 = tempo pieno.",
    )
    hours = models.PositiveIntegerField(
        "ore complessive (lavoro flessibile)", null=True, blank=True, validators=between(0, 100_000)
    )
    annual_cost = models.DecimalField("costo annuo (€)", max_digits=12, decimal_places=2, validators=POSITIVE)
    note = models.CharField("nota", max_length=400, blank=True)

    class Meta:
        verbose_name = "assunzione programmata"
        verbose_name_plural = "assunzioni programmate"
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(part_time_pct__gt=0) & models.Q(part_time_pct__lte=100),
                name="hire_part_time_between_0_and_100",
                violation_error_message=(
                    "La percentuale di tempo parziale deve essere maggiore di 0 e non superiore a 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.profile}"

    @property
    def is_permanent(self) -> bool:
        return self.contract_type == ContractType.PERMANENT and self.modality not in (
            HiringModality.FIXED_TERM,
            HiringModality.AGENCY,
        )

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "unit")
        self._in_triennium(errors)
        if self.modality in (HiringModality.FIXED_TERM, HiringModality.AGENCY) and (
            self.contract_type == ContractType.PERMANENT
        ):
            errors["contract_type"] = (
                "Tempo determinato e somministrazione non sono assunzioni a tempo indeterminato."
            )
        if errors:
            raise ValidationError(errors)


class PolaDimension(models.TextChoices):
    ORGANISATIONAL = "organisational", "Salute organizzativa"
    PROFESSIONAL = "professional", "Salute professionale"
    FINANCIAL = "financial", "Salute economico-finanziaria"
    DIGITAL = "digital", "Salute digitale"
    QUANTITATIVE = "quantitative", "Dati quantitativi del lavoro da remoto"
    QUALITATIVE = "qualitative", "Dati qualitativi del lavoro da remoto"
    ECONOMY = "economy", "Indici di economicità"
    EFFICIENCY = "efficiency", "Indici di efficienza"
    EFFECTIVENESS = "effectiveness", "Indici di efficacia"
    EXTERNAL_IMPACT = "external_impact", "Indici di impatto esterni"
    INTERNAL_IMPACT = "internal_impact", "Indici di impatto interni"


class PolaIndicator(PlanRow):
    """Indicatore del POLA, con baseline e valori attesi e raggiunti per anno."""

    INPUT_FIELDS = ["dimension", "order", "description", "baseline"]

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="pola_indicators", verbose_name="piano"
    )
    dimension = models.CharField("dimensione", max_length=16, choices=PolaDimension.choices)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)
    description = models.CharField("descrizione", max_length=400)
    baseline = models.CharField("baseline", max_length=60, blank=True)

    class Meta:
        verbose_name = "indicatore del lavoro agile"
        verbose_name_plural = "indicatori del lavoro agile"
        ordering = ["dimension", "order", "pk"]

    def __str__(self) -> str:
        return self.description


class PolaValue(OrganizationOwned):
    """Valore atteso e raggiunto di un indicatore del POLA in un anno."""

    organization_from = "indicator"

    indicator = models.ForeignKey(
        PolaIndicator, on_delete=models.CASCADE, related_name="values", verbose_name="indicatore"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    target = models.CharField("valore atteso", max_length=60, blank=True)
    achieved = models.CharField("valore raggiunto", max_length=60, blank=True)

    class Meta:
        verbose_name = "valore dell'indicatore del lavoro agile"
        verbose_name_plural = "valori degli indicatori del lavoro agile"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_pola_value_per_year",
                violation_error_message="L'indicatore del lavoro agile ha già un valore per lo stesso anno.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.target}"


class RemoteWorkability(models.TextChoices):
    YES = "yes", "Smartabile"
    PARTLY = "partly", "Parzialmente smartabile"
    NO = "no", "Non smartabile"


class ActivityMapEntry(PlanRow):
    """Mappatura delle attività di un'unità rispetto al lavoro da remoto."""

    INPUT_FIELDS = ["unit", "activity", "workability", "note"]

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activity_map", verbose_name="piano"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name="unità")
    activity = models.CharField("processo o attività", max_length=300)
    workability = models.CharField("svolgibile da remoto", max_length=8, choices=RemoteWorkability.choices)
    note = models.CharField("nota", max_length=300, blank=True)

    class Meta:
        verbose_name = "attività mappata"
        verbose_name_plural = "mappatura delle attività"
        ordering = ["unit__order", "activity"]

    def __str__(self) -> str:
        return self.activity

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "unit")
        if errors:
            raise ValidationError(errors)


class PriorityCategory(models.TextChoices):
    NONE = "", "Nessuna"
    PARENT = "parent", "Genitore di figli fino a 12 anni o con disabilità grave (art. 18 c. 3-bis L. 81/2017)"
    DISABILITY = "disability", "Lavoratore con disabilità grave (art. 18 c. 3-bis L. 81/2017)"
    CAREGIVER = "caregiver", "Caregiver (art. 18 c. 3-bis L. 81/2017)"
    FRAGILE = "fragile", "Lavoratore fragile (direttiva FP 29/12/2023)"


class AgreementOutcome(models.TextChoices):
    PENDING = "pending", "In istruttoria"
    APPROVED = "approved", "Accordo sottoscritto"
    REFUSED = "refused", "Domanda respinta"


class RemotePeriod(models.TextChoices):
    WEEK = "week", "a settimana"
    MONTH = "month", "al mese"


class SmartWorkingAgreement(PlanRow):
    """Accordo individuale di lavoro agile (domanda, risposta, giorni da remoto)."""

    INPUT_FIELDS = [
        "employee",
        "requested_on",
        "answered_on",
        "outcome",
        "start_date",
        "end_date",
        "remote_days",
        "period",
        "weekly_working_days",
        "place",
        "priority",
        "presence_derogation",
        "derogation_reason",
    ]
    # Special categories of personal data (art. 9 GDPR): entered and seen only by the roles in
    # organizations.models.SPECIAL_CATEGORY_READERS, never exported as open data.
    SPECIAL_CATEGORY_FIELDS = ("priority", "presence_derogation", "derogation_reason")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="smart_working_agreements", verbose_name="piano"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name="dipendente"
    )
    requested_on = models.DateField("data della domanda", validators=[plausible_date])
    answered_on = models.DateField("data della risposta", null=True, blank=True, validators=[plausible_date])
    outcome = models.CharField(
        "esito", max_length=8, choices=AgreementOutcome.choices, default=AgreementOutcome.PENDING
    )
    start_date = models.DateField("dal", null=True, blank=True, validators=[plausible_date])
    end_date = models.DateField("al", null=True, blank=True, validators=[plausible_date])
    remote_days = models.DecimalField(
        "giorni da remoto", max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    period = models.CharField("per", max_length=5, choices=RemotePeriod.choices, default=RemotePeriod.WEEK)
    weekly_working_days = models.PositiveSmallIntegerField(
        "giorni lavorativi a settimana", default=5, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    place = models.CharField("luogo della prestazione", max_length=200, blank=True)
    priority = models.CharField(
        "categoria di priorità", max_length=12, choices=PriorityCategory.choices, blank=True
    )
    presence_derogation = models.BooleanField("deroga motivata alla prevalenza della presenza", default=False)
    derogation_reason = models.CharField("motivazione della deroga", max_length=300, blank=True)

    class Meta:
        verbose_name = "accordo di lavoro agile"
        verbose_name_plural = "accordi di lavoro agile"
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"Accordo di lavoro agile {self.employee_id} ({self.requested_on})"

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "employee")
        if self.answered_on and self.requested_on and self.answered_on < self.requested_on:
            errors["answered_on"] = "La risposta non può precedere la domanda."
        if self.outcome != AgreementOutcome.PENDING and not self.answered_on:
            errors["answered_on"] = "Indicare la data della risposta."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fine non può precedere l'inizio."
        self._dates_in_plan(errors, "requested_on", "answered_on", "start_date", "end_date")
        for name in ("requested_on", "answered_on"):  # what has happened, not what is planned
            if problem := future_error(getattr(self, name), timezone.localdate()):
                errors.setdefault(name, problem)
        if self.presence_derogation and not self.derogation_reason.strip():
            errors["derogation_reason"] = "La deroga alla prevalenza della presenza va motivata."
        if (
            self.remote_days is not None
            and self.period == RemotePeriod.WEEK
            and self.weekly_working_days
            and (self.remote_days > self.weekly_working_days)
        ):
            errors["remote_days"] = "I giorni da remoto superano i giorni lavorativi della settimana."
        if errors:
            raise ValidationError(errors)


class TrainingPlan(PlanRow):
    """Piano della formazione: risorse dell'anno e soggetti formatori."""

    INPUT_FIELDS = ["year_budget", "salary_mass", "providers"]

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="training_plan", verbose_name="piano"
    )
    year_budget = _money("spesa prevista in bilancio per la formazione del primo anno (€)")
    salary_mass = _money("monte salari del personale destinatario (€)")
    providers = BoundedTextField("soggetti formatori", blank=True)

    class Meta:
        verbose_name = "piano della formazione"
        verbose_name_plural = "piani della formazione"

    def __str__(self) -> str:
        return f"Piano della formazione {self.plan_id}"


class TrainingArea(PlanRow):
    INPUT_FIELDS = ["code", "name", "contents", "order"]

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="training_areas", verbose_name="piano"
    )
    code = models.SlugField("codice", max_length=40)
    name = models.CharField("area di formazione", max_length=120)
    contents = BoundedTextField("contenuti", blank=True)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "area di formazione"
        verbose_name_plural = "aree di formazione"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="unique_training_area_per_plan",
                violation_error_message="Il piano ha già un'area di formazione con questo codice.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MandatoryTopic(models.TextChoices):
    NONE = "", "Non obbligatorio"
    ANTICORRUPTION = "anticorruption", "Anticorruzione e trasparenza (L. 190/2012)"
    SAFETY = "safety", "Salute e sicurezza sul lavoro (d.lgs. 81/2008)"
    PRIVACY = "privacy", "Protezione dei dati personali (Reg. UE 2016/679)"


class CourseMode(models.TextChoices):
    CLASSROOM = "classroom", "In aula"
    ELEARNING = "elearning", "Formazione a distanza (e-learning)"
    WEBINAR = "webinar", "Webinar"
    ON_THE_JOB = "on_the_job", "Affiancamento (training on the job)"


class Course(PlanRow):
    INPUT_FIELDS = ["area", "year", "title", "provider", "mode", "hours", "cost", "mandatory"]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="courses", verbose_name="piano")
    area = models.ForeignKey(
        TrainingArea, on_delete=models.RESTRICT, related_name="courses", verbose_name="area"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    title = models.CharField("titolo", max_length=200)
    provider = models.CharField("soggetto formatore", max_length=120, blank=True)
    mode = models.CharField("modalità", max_length=12, choices=CourseMode.choices)
    hours = models.DecimalField(
        "ore", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    cost = models.DecimalField("costo (€)", max_digits=10, decimal_places=2, default=0, validators=POSITIVE)
    mandatory = models.CharField(
        "formazione obbligatoria", max_length=16, choices=MandatoryTopic.choices, blank=True
    )

    class Meta:
        verbose_name = "corso"
        verbose_name_plural = "corsi"
        ordering = ["year", "area__order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "area")
        self._in_triennium(errors)
        if errors:
            raise ValidationError(errors)


class Enrolment(PlanRow):
    INPUT_FIELDS = ["course", "employee", "completed", "completed_on"]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="enrolments", verbose_name="piano")
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="enrolments", verbose_name="corso"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name="dipendente"
    )
    completed = models.BooleanField("completato", default=False)
    completed_on = models.DateField(
        "data di completamento", null=True, blank=True, validators=[plausible_date]
    )

    class Meta:
        verbose_name = "iscrizione"
        verbose_name_plural = "iscrizioni"
        ordering = ["course", "employee__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "employee"],
                name="one_enrolment_per_course",
                violation_error_message="Il dipendente è già iscritto a questo corso.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} · {self.employee_id}"

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "course", "employee")
        if self.completed_on and not self.completed:
            errors["completed"] = "Una data di completamento richiede il corso completato."
        self._dates_in_plan(errors, "completed_on")
        if problem := future_error(self.completed_on, timezone.localdate()):
            errors.setdefault("completed_on", problem)
        if errors:
            raise ValidationError(errors)


class ActionScope(models.TextChoices):
    WORKPLACE = "workplace", "Ambiente di lavoro"
    TRAINING = "training", "Formazione"
    WORKING_TIME = "working_time", "Orari di lavoro"
    CAREER = "career", "Sviluppo carriera e professionalità"
    INFORMATION = "information", "Informazione"


class PositiveActionArea(PlanRow):
    """Ambito di azione del piano delle azioni positive, con il suo obiettivo."""

    INPUT_FIELDS = ["scope", "objective", "order"]

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="positive_action_areas", verbose_name="piano"
    )
    scope = models.CharField("ambito di azione", max_length=14, choices=ActionScope.choices)
    objective = BoundedTextField("obiettivo")
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "ambito di azione"
        verbose_name_plural = "ambiti di azione"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "scope"],
                name="one_action_scope_per_plan",
                violation_error_message="Il piano ha già questo ambito di azione.",
            )
        ]

    def __str__(self) -> str:
        return self.get_scope_display()


class PositiveAction(PlanRow):
    INPUT_FIELDS = ["area", "description", "order"]

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="positive_actions", verbose_name="piano"
    )
    area = models.ForeignKey(
        PositiveActionArea, on_delete=models.CASCADE, related_name="actions", verbose_name="ambito di azione"
    )
    description = BoundedTextField("azione positiva")
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "azione positiva"
        verbose_name_plural = "azioni positive"
        ordering = ["area__order", "order", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        errors = {}
        self._same_plan(errors, "area")
        if errors:
            raise ValidationError(errors)
