"""The ente's own text per section, and the frozen versions of an adopted plan."""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from openpiao.core.fields import BoundedTextField
from openpiao.core.models import PlanOwned, person_name
from openpiao.core.printing.formats import CONTENT_TYPES
from openpiao.core.printing.richtext import MARKS_HELP
from openpiao.core.ranges import between, plausible_date
from openpiao.organizations.models import Organization
from openpiao.plans.models import Plan
from openpiao.plans.sections import SECTION_CODES, SECTION_TITLES

# About thirty printed pages: a section text longer than that is a document of its own.
SECTION_TEXT_MAX_LENGTH = 100_000


class SectionText(PlanOwned):
    """Testo libero dell'ente for one section (premesse, contesto, strategia …)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="section_texts", verbose_name="piano"
    )
    section = models.CharField(
        "sezione", max_length=20, choices=[(code, SECTION_TITLES[code]) for code in SECTION_CODES]
    )
    body = BoundedTextField(
        "testo",
        max_length=SECTION_TEXT_MAX_LENGTH,
        blank=True,
        help_text=MARKS_HELP,
    )
    updated_at = models.DateTimeField("ultima modifica", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modificato da",
    )

    class Meta:
        verbose_name = "testo della sezione"
        verbose_name_plural = "testi delle sezioni"
        ordering = ["plan", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "section"],
                name="one_text_per_section",
                violation_error_message="Il piano ha già un testo per questa sezione.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {SECTION_TITLES.get(self.section, self.section)}"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class FrozenVersion(Exception):
    """A frozen version was about to be changed or deleted."""

    message = (
        "Una versione adottata del piano è un atto registrato: non si modifica né si cancella. "
        "Per cambiare il piano lo si riapre e lo si adotta di nuovo (versione successiva)."
    )

    def __init__(self):
        super().__init__(self.message)


class FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenVersion

    # bulk_update goes through update(); delete() is refused by refuse_deleting_versions.


def _version_path(version, filename: str) -> str:
    plan = version.plan
    return f"versioni/{plan.organization.slug}/{plan.first_year}/v{version.number}/{filename}"


def _print_path(job, filename: str) -> str:
    plan = job.plan
    return f"stampe/{plan.organization.slug}/{plan.first_year}/{job.data_hash[:16]}-{filename}"


def frozen_files(plan, *, data: bytes, pdf: bytes, docx: bytes) -> dict:
    """The three files of a PlanVersion with their SHA-256, as its fields: stored (Django's
    storage, on disk or S3) when the version is saved."""
    stem = f"{plan.organization.slug}-{plan.kind.replace('_', '-')}-{plan.triennium}"
    files = {"data": (data, "json"), "pdf": (pdf, "pdf"), "docx": (docx, "docx")}
    fields = {}
    for field, (content, extension) in files.items():
        fields[field] = ContentFile(content, name=f"{stem}.{extension}")
        fields[f"{'json' if field == 'data' else field}_sha256"] = sha256(content)
    return fields


class PlanVersion(PlanOwned):
    """A version of the plan frozen at adoption: the data and the two documents, never changed.

    Later changes to the plan's rows do not touch it; amending the plan and adopting it again
    freezes version n+1. Nothing changes or deletes it, whatever the path: save() and
    queryset updates of an existing version raise FrozenVersion, so does deleting it (a
    pre_delete receiver also sees queryset deletes), and its plan and ente are PROTECTed,
    so they cannot be deleted while it exists.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="ente", editable=False
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="frozen_versions", verbose_name="piano"
    )
    version = None  # never edited, so no edit counter: `number` is the version of the plan
    number = models.PositiveIntegerField("versione", validators=between(1, 9999))
    created_at = models.DateTimeField("creata il", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="creata da",
    )
    # The user may be deleted one day; who adopted the plan stays on the record.
    adopted_by_name = models.CharField("adottata da", max_length=300, blank=True)
    resolution_number = models.CharField("numero della delibera", max_length=20)
    resolution_date = models.DateField("data della delibera", validators=[plausible_date])
    # The files live in the storage (MEDIA_ROOT or S3) under names that are never reused.
    data = models.FileField("dati del piano (JSON, dati aperti)", upload_to=_version_path, max_length=300)
    pdf = models.FileField("documento PDF/A", upload_to=_version_path, max_length=300)
    pdf_sha256 = models.CharField("impronta SHA-256 del PDF", max_length=64)
    docx = models.FileField("documento DOCX", upload_to=_version_path, max_length=300)
    docx_sha256 = models.CharField("impronta SHA-256 del DOCX", max_length=64)
    json_sha256 = models.CharField("impronta SHA-256 del JSON", max_length=64)
    # The editions of the reference catalogues the adopted act followed (core.rulebook).
    rule_versions = models.JSONField("versioni delle regole applicate", default=dict, blank=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = "versione adottata"
        verbose_name_plural = "versioni adottate"
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="unique_version_number_per_plan",
                violation_error_message="Il piano ha già una versione con questo numero.",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="version_number_positive",
                violation_error_message="Le versioni si numerano da 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — versione {self.number}"

    def read(self, field: str) -> bytes:
        """The content of one frozen file (`data`, `pdf` or `docx`), from the file storage."""
        with getattr(self, field).open("rb") as handle:
            return handle.read()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenVersion
        if self.created_by_id and not self.adopted_by_name:
            self.adopted_by_name = person_name(self.created_by)
        super().save(*args, **kwargs)


@receiver(pre_delete, sender=PlanVersion)
def refuse_deleting_versions(sender, instance, **kwargs):
    raise FrozenVersion


class PrintStatus(models.TextChoices):
    QUEUED = "queued", "In coda"
    RUNNING = "running", "In stampa"
    DONE = "done", "Pronto"
    FAILED = "failed", "Non riuscito"


class PrintJob(PlanOwned):
    """A print of the plan asked from the web, run in the background (documents.jobs), and the
    printed file it leaves: served again while the plan's data hash (`data_hash`) is the same.

    `target` names what is printed: "piao", "sezione:2.2", "obiettivo:12", or a report printed
    from the plan's data: "relazione" (the Relazione sulla performance), "rpct" (the Relazione
    annuale del RPCT). What the Relazione shows depends on who reads it: `readers` keys the
    names it prints (evaluation.report.names_key), and a print is served only to a member with
    the same key; `requested_by` is whose rights the worker prints it with.
    """

    target = models.CharField("documento", max_length=40)
    fmt = models.CharField("formato", max_length=4)
    data_hash = models.CharField("impronta dei dati del piano", max_length=64)
    readers = models.CharField("lettori ammessi", max_length=80, blank=True)
    requested_by = models.ForeignKey(
        "organizations.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="richiesta da",
    )
    status = models.CharField("stato", max_length=10, choices=PrintStatus.choices, default=PrintStatus.QUEUED)
    task_id = models.CharField("lavoro in background", max_length=64, blank=True)
    file = models.FileField("file stampato", upload_to=_print_path, max_length=300, blank=True)
    filename = models.CharField("nome del file", max_length=200, blank=True)
    error = models.CharField("motivo dell'errore", max_length=500, blank=True)
    created_at = models.DateTimeField("richiesta il", auto_now_add=True)
    finished_at = models.DateTimeField("terminata il", null=True, blank=True, validators=[plausible_date])

    class Meta:
        verbose_name = "stampa del piano"
        verbose_name_plural = "stampe del piano"
        ordering = ["plan", "-created_at"]
        indexes = [models.Index(fields=["plan", "target", "fmt", "data_hash"], name="print_job_lookup")]

    def __str__(self) -> str:
        return f"{self.plan} — {self.target}.{self.fmt} ({self.get_status_display()})"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.fmt]

    @property
    def waiting(self) -> bool:
        return self.status in (PrintStatus.QUEUED, PrintStatus.RUNNING)

    @property
    def document_label(self) -> str:
        """What is printed, in words, for the progress page."""
        kind = self.target.partition(":")[0]
        return {
            "piao": "l'intero piano",
            "sezione": "una sezione del piano",
            "obiettivo": "la scheda obiettivo",
            "relazione": "la Relazione sulla performance",
            "rpct": "la Relazione annuale del RPCT",
        }.get(kind, self.target)
