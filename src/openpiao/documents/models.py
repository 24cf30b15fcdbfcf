"""The ente's own text per section, and the frozen versions of an adopted plan."""

import hashlib

from django.conf import settings
from django.db import models

from openpiao.organizations.models import Organization
from openpiao.plans.models import Plan

from .richtext import MARKS_HELP
from .sections import SECTION_CODES, SECTION_TITLES


class SectionText(models.Model):
    """Testo libero dell'ente for one section (premesse, contesto, strategia …)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="ente"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="section_texts", verbose_name="piano"
    )
    section = models.CharField(
        "sezione", max_length=20, choices=[(code, SECTION_TITLES[code]) for code in SECTION_CODES]
    )
    body = models.TextField(
        "testo",
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
    version = models.PositiveIntegerField("versione", default=1, editable=False)

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


class PlanVersion(models.Model):
    """A version of the plan frozen at adoption: the data and the two documents, never changed.

    Later changes to the plan's rows do not touch it; amending the plan and adopting it again
    freezes version n+1.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="ente"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="frozen_versions", verbose_name="piano"
    )
    number = models.PositiveIntegerField("versione")
    created_at = models.DateTimeField("creata il", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="creata da",
    )
    resolution_number = models.CharField("numero della delibera", max_length=20)
    resolution_date = models.DateField("data della delibera")
    data = models.BinaryField("dati del piano (JSON, dati aperti)")
    pdf = models.BinaryField("documento PDF/A")
    pdf_sha256 = models.CharField("impronta SHA-256 del PDF", max_length=64)
    docx = models.BinaryField("documento DOCX")
    docx_sha256 = models.CharField("impronta SHA-256 del DOCX", max_length=64)
    json_sha256 = models.CharField("impronta SHA-256 del JSON", max_length=64)

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
