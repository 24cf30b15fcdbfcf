from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openpiao.core import rulebook
from openpiao.core.history import History
from openpiao.core.ranges import EARLIEST_YEAR, LATEST_YEAR, YEAR, plausible_date, window_error
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
