"""Sottosezione 2.3, trasparenza: the duties of "Amministrazione trasparente" and who does them.

The tree of sections and duties is a national catalogue (AgID/DAF vocabulary, CC-BY 4.0) loaded
by `catalogue.py`. Per plan: the ente's map (one DutyAssignment per duty: units responsible for
producing and publishing, page, last publication), the yearly OIV attestation grid, and the
registro degli accessi.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from openpiao.core.fields import BoundedTextField
from openpiao.core.models import CatalogueVersion, OrganizationOwned, PlanOwned
from openpiao.core.ranges import ORDER, YEAR, future_error, plausible_date
from openpiao.organization_chart.models import OrgUnit
from openpiao.plans.models import Plan

from . import access_terms, deadlines


class DutyCatalogue(CatalogueVersion):
    """Version and source of the loaded catalogue of duties (one row), credited where it is shown."""

    license = models.CharField("licenza", max_length=80)
    attribution = models.CharField("attribuzione", max_length=300)

    class Meta:
        verbose_name = "catalogo degli obblighi"
        verbose_name_plural = "cataloghi degli obblighi"


class Section(models.Model):
    """Sotto-sezione di 1° o 2° livello di Amministrazione trasparente."""

    code = models.CharField("codice", max_length=8, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="sotto-sezione di primo livello",
    )
    name = models.CharField("denominazione", max_length=300)
    legal_references = models.TextField("riferimenti normativi", blank=True)
    applicable_to_municipalities = models.CharField("applicabile ai comuni", max_length=4, blank=True)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "sotto-sezione"
        verbose_name_plural = "sotto-sezioni"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    TIMELY = deadlines.TIMELY, deadlines.FREQUENCY_LABELS[deadlines.TIMELY]
    QUARTERLY = deadlines.QUARTERLY, deadlines.FREQUENCY_LABELS[deadlines.QUARTERLY]
    HALF_YEARLY = deadlines.HALF_YEARLY, deadlines.FREQUENCY_LABELS[deadlines.HALF_YEARLY]
    YEARLY = deadlines.YEARLY, deadlines.FREQUENCY_LABELS[deadlines.YEARLY]
    NONE = deadlines.NONE, deadlines.FREQUENCY_LABELS[deadlines.NONE]
    UNSPECIFIED = deadlines.UNSPECIFIED, deadlines.FREQUENCY_LABELS[deadlines.UNSPECIFIED]


class Duty(models.Model):
    """Obbligo di pubblicazione (d.lgs. 33/2013; Allegato 1 delib. ANAC 1310/2016)."""

    key = models.CharField("identificativo", max_length=30, unique=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="duties", verbose_name="sotto-sezione"
    )
    vocabulary_id = models.CharField("id nel vocabolario", max_length=12)
    sub_duties = models.CharField("sotto-obblighi", max_length=100, blank=True)
    name = models.CharField("obbligo", max_length=500)
    legal_reference = models.TextField("riferimento normativo", blank=True)
    frequency = models.CharField("aggiornamento", max_length=12, choices=Frequency.choices)
    tabular = models.BooleanField("formato tabellare", default=False)
    applicable_to_municipalities = models.CharField("applicabile ai comuni", max_length=4)
    note = models.TextField("nota", blank=True)
    bdncp = models.BooleanField("dati trasmessi alla BDNCP", default=False)
    legal_due = models.JSONField("termine fissato dalla norma", null=True, blank=True)
    # The ANAC standard publication scheme that covers the duty (art. 48 d.lgs. 33/2013): code,
    # article, name, acts, status (obbligatorio / sperimentale), mandatory_from (ISO date), url.
    standard_scheme = models.JSONField("schema standard di pubblicazione ANAC", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordine", default=0, validators=ORDER)

    class Meta:
        verbose_name = "obbligo di pubblicazione"
        verbose_name_plural = "obblighi di pubblicazione"
        ordering = ["section__order", "order"]

    def __str__(self) -> str:
        return self.name

    def legal_deadline(self) -> deadlines.LegalDue | None:
        return deadlines.LegalDue(**self.legal_due) if self.legal_due else None

    @property
    def scheme_since(self) -> date | None:
        """Since when the duty must be published with its ANAC standard scheme (None: not bound)."""
        since = (self.standard_scheme or {}).get("mandatory_from")
        return date.fromisoformat(since) if since else None

    def scheme_mandatory_by(self, day: date) -> bool:
        return self.scheme_since is not None and self.scheme_since <= day


class TransparencySettings(PlanOwned):
    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        related_name="transparency_settings",
        verbose_name="piano",
        error_messages={"unique": "Il piano ha già le impostazioni della trasparenza."},
    )
    timely_days = models.PositiveSmallIntegerField(
        "giorni per la pubblicazione tempestiva",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Il d.lgs. 33/2013 dice «tempestivamente»: il PIAO fissa in quanti giorni dall'atto.",
    )
    site_url = models.URLField("indirizzo di Amministrazione trasparente", blank=True)

    class Meta:
        verbose_name = "impostazioni della trasparenza"
        verbose_name_plural = "impostazioni della trasparenza"

    def __str__(self) -> str:
        return f"Impostazioni trasparenza {self.plan}"


NOT_APPLICABLE_NEEDS_REASON = "Un obbligo non applicabile richiede la motivazione."


class DutyAssignment(PlanOwned):
    """One duty in the ente's map: who produces and publishes it, where, and when it was last done."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="duty_assignments", verbose_name="piano"
    )
    duty = models.ForeignKey(
        Duty, on_delete=models.PROTECT, related_name="assignments", verbose_name="obbligo"
    )
    producing_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="unità responsabile dell'elaborazione e trasmissione",
    )
    publishing_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="unità responsabile della pubblicazione",
    )
    page_url = models.URLField("pagina", max_length=500, blank=True)
    last_published = models.DateField(
        "data dell'ultima pubblicazione", null=True, blank=True, validators=[plausible_date]
    )
    last_change = models.DateField(
        "data dell'ultimo atto o dato da pubblicare",
        null=True,
        blank=True,
        validators=[plausible_date],
        help_text="Per gli obblighi a pubblicazione tempestiva: da qui decorre il termine.",
    )
    not_applicable = models.BooleanField("non applicabile all'ente", default=False)
    not_applicable_reason = models.CharField("motivo della non applicabilità", max_length=500, blank=True)
    standard_scheme = models.BooleanField(
        "pubblicato secondo lo schema standard ANAC",
        default=False,
        help_text="Per gli obblighi coperti da uno schema di pubblicazione ANAC (art. 48 d.lgs. 33/2013).",
    )

    class Meta:
        verbose_name = "obbligo nella mappa dell'ente"
        verbose_name_plural = "mappa degli obblighi"
        ordering = ["duty__section__order", "duty__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "duty"],
                name="one_assignment_per_duty",
                violation_error_message="L'obbligo è già nella mappa della trasparenza del piano.",
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False) | ~models.Q(not_applicable_reason=""),
                name="not_applicable_needs_reason",
                violation_error_message="Un obbligo non applicabile richiede la motivazione.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.duty)

    def clean(self) -> None:
        errors = {}
        if self.not_applicable and not self.not_applicable_reason.strip():
            errors["not_applicable_reason"] = NOT_APPLICABLE_NEEDS_REASON
        for field in ("producing_unit", "publishing_unit"):
            unit = getattr(self, field) if getattr(self, f"{field}_id") else None
            if unit is not None and self.plan_id and unit.plan_id != self.plan_id:
                errors[field] = "L'unità deve appartenere allo stesso piano."
        today = timezone.localdate()
        for field in ("last_published", "last_change"):  # what has happened, not what is due
            if problem := future_error(getattr(self, field), today):
                errors[field] = problem
        if errors:
            raise ValidationError(errors)

    def due_status(self, *, today, timely_days: int) -> deadlines.DueStatus:
        return deadlines.due_status(
            frequency=self.duty.frequency,
            today=today,
            last_published=self.last_published,
            last_change=self.last_change,
            timely_days=timely_days,
            legal=self.duty.legal_deadline(),
            not_applicable=self.not_applicable,
        )


class AttestationGrid(PlanOwned):
    """Griglia di rilevazione dell'attestazione OIV for one year."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="attestation_grids", verbose_name="piano"
    )
    year = models.PositiveSmallIntegerField("anno", validators=YEAR)
    survey_date = models.DateField(
        "data di svolgimento della rilevazione", null=True, blank=True, validators=[plausible_date]
    )
    anac_reference = models.CharField(
        "delibera ANAC di riferimento",
        max_length=120,
        blank=True,
        help_text="Per esempio «delibera n. 203/2023».",
    )

    class Meta:
        verbose_name = "griglia di attestazione OIV"
        verbose_name_plural = "griglie di attestazione OIV"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="one_grid_per_year",
                violation_error_message="Il piano ha già una griglia di rilevazione per lo stesso anno.",
            )
        ]

    def __str__(self) -> str:
        return f"Griglia di rilevazione {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.plan_id:
            if self.year and self.year not in self.plan.years:
                errors["year"] = f"L'anno della griglia deve cadere nel triennio {self.plan.triennium}."
            problem = self.plan.date_error(self.survey_date) or future_error(
                self.survey_date, timezone.localdate()
            )
            if problem:
                errors["survey_date"] = problem
        if errors:
            raise ValidationError(errors)


def _score(label: str, top: int):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(top)]
    )


class AttestationRow(OrganizationOwned):
    """One duty of the grid with the OIV's values (ANAC scales)."""

    organization_from = "grid"

    grid = models.ForeignKey(
        AttestationGrid, on_delete=models.CASCADE, related_name="rows", verbose_name="griglia"
    )
    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="+", verbose_name="obbligo")
    published = _score("pubblicazione (0-2)", 2)
    content = _score("completezza del contenuto (0-3)", 3)
    offices = _score("completezza rispetto agli uffici (0-3)", 3)
    updated = _score("aggiornamento (0-3)", 3)
    open_format = _score("apertura formato (0-3)", 3)
    notes = models.CharField("note", max_length=500, blank=True)

    class Meta:
        verbose_name = "riga della griglia OIV"
        verbose_name_plural = "righe della griglia OIV"
        ordering = ["duty__section__order", "duty__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "duty"],
                name="one_row_per_duty",
                violation_error_message="La griglia ha già una riga per questo obbligo.",
            ),
            models.CheckConstraint(
                condition=models.Q(published__isnull=True) | models.Q(published__in=[0, 2]),
                name="published_is_0_or_2",
                violation_error_message="La pubblicazione vale 0 (non pubblicato) o 2 (pubblicato).",
            ),
        ]

    def __str__(self) -> str:
        return str(self.duty)

    def clean(self) -> None:
        if self.published not in (None, 0, 2):
            raise ValidationError({"published": "La pubblicazione vale 0 (non pubblicato) o 2 (pubblicato)."})


class AccessKind(models.TextChoices):
    SIMPLE = access_terms.SIMPLE, access_terms.KIND_LABELS[access_terms.SIMPLE]
    GENERALISED = access_terms.GENERALISED, access_terms.KIND_LABELS[access_terms.GENERALISED]
    DOCUMENTARY = access_terms.DOCUMENTARY, access_terms.KIND_LABELS[access_terms.DOCUMENTARY]


class AccessOutcome(models.TextChoices):
    PENDING = "", "In istruttoria"
    GRANTED = "granted", "Accolta"
    PARTIAL = "partial", "Accolta in parte"
    REFUSED = "refused", "Respinta"
    DEFERRED = "deferred", "Differita"
    WITHDRAWN = "withdrawn", "Ritirata o archiviata"


class AccessRequest(PlanOwned):
    """A row of the registro degli accessi (Linee guida ANAC FOIA, delib. 1309/2016)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="access_requests", verbose_name="piano"
    )
    kind = models.CharField("tipo di accesso", max_length=12, choices=AccessKind.choices)
    received_on = models.DateField("data di presentazione", validators=[plausible_date])
    protocol = models.CharField("protocollo", max_length=40, blank=True)
    subject = models.CharField("oggetto della richiesta", max_length=500)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="unità competente",
    )
    counterparties = models.BooleanField("presenza di controinteressati", default=False)
    outcome = models.CharField("esito", max_length=10, choices=AccessOutcome.choices, blank=True)
    answered_on = models.DateField("data della risposta", null=True, blank=True, validators=[plausible_date])
    outcome_reason = BoundedTextField("sintesi della motivazione", blank=True)
    review_requested = models.BooleanField("richiesta di riesame", default=False)

    class Meta:
        verbose_name = "richiesta di accesso"
        verbose_name_plural = "registro degli accessi"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("received_on")),
                name="answer_after_request",
                violation_error_message="La risposta non può precedere la richiesta.",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="", answered_on__isnull=True)
                | (~models.Q(outcome="") & models.Q(answered_on__isnull=False)),
                name="outcome_with_answer_date",
                violation_error_message="L'esito e la data della risposta si indicano insieme.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} del {self.received_on:%d/%m/%Y}"

    def clean(self) -> None:
        errors = {}
        if self.answered_on and self.received_on and self.answered_on < self.received_on:
            errors["answered_on"] = "La risposta non può precedere la richiesta."
        if self.outcome and not self.answered_on:
            errors["answered_on"] = "Indicare la data della risposta con l'esito."
        if self.answered_on and not self.outcome:
            errors["outcome"] = "Indicare l'esito della richiesta conclusa."
        if self.unit_id and self.plan_id and self.unit.plan_id != self.plan_id:
            errors["unit"] = "L'unità deve appartenere allo stesso piano."
        today = timezone.localdate()
        for field in ("received_on", "answered_on"):
            value = getattr(self, field)
            problem = (self.plan.date_error(value) if self.plan_id else None) or future_error(value, today)
            if problem:
                errors.setdefault(field, problem)
        if errors:
            raise ValidationError(errors)
