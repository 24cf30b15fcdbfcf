from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from openpiao.core import rulebook
from openpiao.core.history import History
from openpiao.core.models import PlanOwned
from openpiao.core.ranges import EARLIEST_YEAR, LATEST_YEAR, YEAR, between, plausible_date, window_error
from openpiao.organizations.models import Organization

PLAN_YEARS = 3  # art. 6 c. 1 DL 80/2021: the PIAO is triennial, updated every year


PIAO_FIRST_YEAR = 2022  # art. 6 DL 80/2021: the first PIAO is that of 2022


class PlanKind(models.TextChoices):
    """What the plan is: a full PIAO, or what an ente not bound to the PIAO sections adopts
    (and what every ente adopted before 2022, kept as history)."""

    PIAO = "piao", "PIAO - Piano integrato di attività e organizzazione"
    PERFORMANCE = "performance", "Piano della performance"
    PEG_PDO = "peg_pdo", "PEG - Piano dettagliato degli obiettivi"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Bozza"
    ADOPTED = "adopted", "Adottato"
    PUBLISHED = "published", "Pubblicato"


class Plan(models.Model):
    """The plan of one triennium of an ente: a PIAO, or a Piano della performance or PEG/PDO."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="plans", verbose_name="ente"
    )
    kind = models.CharField("tipo di piano", max_length=12, choices=PlanKind.choices, default=PlanKind.PIAO)
    first_year = models.PositiveSmallIntegerField(
        "primo anno del triennio", validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    reference_year = models.PositiveSmallIntegerField(
        "anno di riferimento",
        help_text="L'anno del triennio a cui si riferiscono obiettivi e cronoprogramma.",
        validators=YEAR,
    )
    title = models.CharField("titolo", max_length=200, blank=True)
    status = models.CharField("stato", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    resolution_number = models.CharField("numero della delibera di adozione", max_length=20, blank=True)
    resolution_date = models.DateField(
        "data della delibera di adozione", null=True, blank=True, validators=[plausible_date]
    )
    # The editions of the reference catalogues that govern the plan (catalogue key → version),
    # those in force for its first year (core.rulebook): set when the plan is made, never changed.
    rule_versions = models.JSONField(
        "versioni delle regole applicate", default=dict, blank=True, editable=False
    )
    created_at = models.DateTimeField("creato il", auto_now_add=True)
    updated_at = models.DateTimeField("modificato il", auto_now=True)
    version = models.PositiveIntegerField("versione", default=1, editable=False)

    history = History()  # the registro delle modifiche (its ente: `organization`)

    class Meta:
        verbose_name = "piano"
        verbose_name_plural = "piani"
        ordering = ["-first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "first_year"],
                name="one_plan_per_triennium",
                violation_error_message="L'ente ha già un piano per questo triennio.",
            ),
            models.CheckConstraint(
                condition=models.Q(reference_year__gte=models.F("first_year"))
                & models.Q(reference_year__lte=models.F("first_year") + PLAN_YEARS - 1),
                name="reference_year_in_triennium",
                violation_error_message="L'anno di riferimento deve cadere nel triennio del piano.",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        if not self.rule_versions and self.first_year:
            self.rule_versions = rulebook.versions_for(self.first_year)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "rule_versions"}
        super().save(*args, **kwargs)

    @property
    def last_year(self) -> int:
        return self.first_year + PLAN_YEARS - 1

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def staff_day(self) -> date:
        """The plan describes the staff at 31 December of the year before the triennium."""
        return date(self.first_year - 1, 12, 31)

    @property
    def date_window(self) -> tuple[date, date]:
        """Where the dates of the plan's rows fall: from the year before the triennium (when the
        plan is prepared) to the year after it (when its results are measured and reported)."""
        return date(self.first_year - 1, 1, 1), date(self.last_year + 1, 12, 31)

    def date_error(self, value: date | None) -> str | None:
        """The message for a date of one of the plan's rows outside `date_window`."""
        if not (self.first_year and EARLIEST_YEAR <= self.first_year <= LATEST_YEAR):
            return None  # the year itself is refused, with its own message
        earliest, latest = self.date_window
        return window_error(
            value, earliest, latest, f"dall'anno prima all'anno dopo il triennio {self.triennium}"
        )

    @property
    def triennium(self) -> str:
        return f"{self.first_year}-{self.last_year}"

    @property
    def is_piao(self) -> bool:
        return self.kind == PlanKind.PIAO

    @property
    def default_title(self) -> str:
        short = {
            PlanKind.PIAO: "PIAO",
            PlanKind.PERFORMANCE: "Piano della performance",
            PlanKind.PEG_PDO: "PEG - Piano dettagliato degli obiettivi",
        }.get(self.kind, "PIAO")
        return f"{short} {self.triennium}"

    @property
    def display_title(self) -> str:
        return self.title or self.default_title

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def governing_versions(self) -> dict[str, str]:
        """The editions recorded on the plan; for a plan made before they were recorded, those in
        force for its first year."""
        return self.rule_versions or rulebook.versions_for(self.first_year)

    def clean(self) -> None:
        if self.kind == PlanKind.PIAO and self.first_year and self.first_year < PIAO_FIRST_YEAR:
            raise ValidationError(
                {
                    "kind": f"Il PIAO esiste dal {PIAO_FIRST_YEAR} (art. 6 DL 80/2021): per un piano "
                    "degli anni precedenti scegliere Piano della performance o PEG."
                }
            )
        if self.first_year and self.reference_year and self.reference_year not in self.years:
            raise ValidationError(
                {"reference_year": f"L'anno di riferimento deve cadere nel triennio {self.triennium}."}
            )
        if self.resolution_date and (problem := self.date_error(self.resolution_date)):
            raise ValidationError({"resolution_date": problem})
        if self.status != PlanStatus.DRAFT and not (self.resolution_number and self.resolution_date):
            raise ValidationError(
                {"resolution_number": "Un piano adottato richiede numero e data della delibera."}
            )


class JobStatus(models.TextChoices):
    QUEUED = "queued", "In coda"
    RUNNING = "running", "In corso"
    DONE = "done", "Completata"
    FAILED = "failed", "Non riuscita"


ImportStatus = JobStatus  # the name the imports knew it by

# A job still in the queue this long after it was put there, or still running this long after a
# worker took it, was lost (its task, or its worker, stopped): it may be asked again.
JOB_STALE_AFTER = timedelta(minutes=15)
IMPORT_STALE_AFTER = JOB_STALE_AFTER


class BackgroundJob(models.Model):
    """What every background job of the plans keeps (plans.background): where it is in the
    queue, the task that runs it, why it broke (`error`, in Italian: it may be retried), when it
    was asked (put in the queue), when a worker took it (`started_at`, `attempt`: how many times
    one did) and when it ended."""

    status = models.CharField("stato", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    task_id = models.CharField("lavoro in background", max_length=64, blank=True)
    error = models.CharField("motivo dell'errore", max_length=500, blank=True)
    created_at = models.DateTimeField("richiesta il", auto_now_add=True)
    started_at = models.DateTimeField("avviata il", null=True, blank=True, validators=[plausible_date])
    attempt = models.PositiveIntegerField("tentativo", default=0, validators=between(0, 2**31 - 1))
    finished_at = models.DateTimeField("terminata il", null=True, blank=True, validators=[plausible_date])

    class Meta:
        abstract = True

    @property
    def waiting(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def stale(self) -> bool:
        """Lost: still in the queue long after it was put there (its task was lost), or still
        running long after a worker took it (the worker stopped). It may be asked again. A job
        that waited long in the queue and was then taken is not stale: it is running."""
        limit = timezone.now() - JOB_STALE_AFTER
        if self.status == JobStatus.QUEUED:
            return self.created_at < limit
        return self.status == JobStatus.RUNNING and (self.started_at or self.created_at) < limit


class ImportJob(BackgroundJob):
    """A confirmed import of a large uploaded file (plans.importing), run in the background,
    and its outcome: the plan created or replaced with its rows per kind, or the problems for
    which nothing was saved (`problems`), or why the job broke (`error`, it may be retried).
    One job per uploaded file (`upload`): confirming twice does not import twice. The plan is
    named by its first year (`first_year`), the ente's plan of that triennium."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="ente"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="richiesta da",
    )
    kind = models.CharField("tipo di file", max_length=4)
    scope = models.CharField("destinazione", max_length=40, blank=True)
    ticket = models.TextField("ricevuta del file caricato")
    upload = models.CharField("file caricato", max_length=200)
    size = models.PositiveIntegerField("dimensione in byte", validators=between(0, 2**31 - 1))
    first_year = models.PositiveSmallIntegerField(
        "primo anno del piano importato", null=True, blank=True, validators=YEAR
    )
    replacing = models.BooleanField("piano sostituito", default=False)
    created_rows = models.JSONField("righe importate per tipo", default=dict, blank=True)
    replaced_rows = models.JSONField("righe sostituite per tipo", default=dict, blank=True)
    problems = models.JSONField("problemi del file", default=list, blank=True)

    class Meta:
        verbose_name = "importazione in background"
        verbose_name_plural = "importazioni in background"
        ordering = ["organization", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload"],
                name="one_import_per_upload",
                violation_error_message="Questo file caricato è già in importazione.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — importazione {self.kind} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        return {"json": "il documento JSON del piano", "xlsx": "il foglio di calcolo del piano"}.get(
            self.kind, self.kind
        )

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        """(kind, rows replaced, rows imported), as the preview lists them."""
        kinds = sorted(set(self.created_rows) | set(self.replaced_rows))
        return [(k, self.replaced_rows.get(k, 0), self.created_rows.get(k, 0)) for k in kinds]


class PlanJobKind(models.TextChoices):
    ROLLOVER = "rollover", "Nuovo piano dal precedente"
    ADOPTION = "adoption", "Adozione del piano"


class PlanJob(BackgroundJob, PlanOwned):
    """A long piece of work on one plan asked from its pages and run in the background
    (plans.background): the next plan made from this one («Nuovo piano dal precedente», when the
    plan is large), or the adoption with its frozen documents. What was asked (`params`), its
    outcome (`outcome`: the new plan's rows, the frozen version), or why it broke (`error`).
    `key` names what it does, so asking twice follows the same job instead of doing it twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="richiesta da",
    )
    kind = models.CharField("lavoro", max_length=12, choices=PlanJobKind.choices)
    key = models.CharField("chiave del lavoro", max_length=100)
    params = models.JSONField("dati richiesti", default=dict, blank=True)
    outcome = models.JSONField("esito", default=dict, blank=True)

    class Meta:
        verbose_name = "lavoro sul piano in background"
        verbose_name_plural = "lavori sul piano in background"
        ordering = ["plan", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="one_plan_job_per_key",
                violation_error_message="Questo lavoro sul piano è già stato richiesto.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.get_kind_display()} ({self.get_status_display()})"
