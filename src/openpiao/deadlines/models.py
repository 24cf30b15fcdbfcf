"""What the scadenzario keeps: deadlines marked done by hand, the secret address of each user's
calendar feed, and the reminders sent (one per deadline and person)."""

import hashlib

from django.conf import settings
from django.db import models

from openpiao.core.ranges import plausible_date
from openpiao.organizations.models import Organization


class Completion(models.Model):
    """A deadline the product cannot see done from its own data (the SICO communication, the
    RPCT's report published, the Giunta's approval of the Relazione), marked by the segretario."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="ente"
    )
    key = models.CharField("scadenza", max_length=60)
    done_on = models.DateField("svolto il", validators=[plausible_date])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="segnata da",
    )
    recorded_at = models.DateTimeField("registrato il", auto_now_add=True)

    class Meta:
        verbose_name = "scadenza svolta"
        verbose_name_plural = "scadenze svolte"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                name="one_completion_per_deadline",
                violation_error_message="La scadenza è già segnata come svolta.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} svolto il {self.done_on:%d/%m/%Y}"


def secret_hash(token: str) -> str:
    """What is kept of a calendar address's secret."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class FeedToken(models.Model):
    """The secret of a user's calendar address (iCalendar): only its SHA-256 is kept, so the
    address is shown once when made; making a new one or revoking it ends the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deadline_feed",
        verbose_name="utente",
        error_messages={"unique": "L'utente ha già un indirizzo del calendario."},
    )
    token_hash = models.CharField(
        "impronta del codice",
        max_length=64,
        unique=True,
        error_messages={"unique": "Questo indirizzo del calendario esiste già."},
    )
    created_at = models.DateTimeField("creato il", auto_now_add=True)

    class Meta:
        verbose_name = "indirizzo del calendario"
        verbose_name_plural = "indirizzi del calendario"

    def __str__(self) -> str:
        return f"Calendario di {self.user}"


class Reminder(models.Model):
    """A reminder e-mail of one deadline to one person: recorded before it is queued, so it is
    queued once; `sent_at` is set when the e-mail has gone."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name="ente"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="destinatario"
    )
    key = models.CharField("scadenza", max_length=60)
    due = models.DateField("data della scadenza", validators=[plausible_date])
    title = models.CharField("adempimento", max_length=300)
    norm = models.CharField("norma", max_length=300, blank=True)
    created_at = models.DateTimeField("registrato il", auto_now_add=True)
    sent_at = models.DateTimeField("inviato il", null=True, blank=True, validators=[plausible_date])

    class Meta:
        verbose_name = "promemoria"
        verbose_name_plural = "promemoria"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "key", "due"],
                name="one_reminder_per_deadline_and_person",
                violation_error_message="Il promemoria di questa scadenza è già stato inviato.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due:%d/%m/%Y}) → {self.user}"
