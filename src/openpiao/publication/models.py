"""What the ente chooses about its publication: the licence of its open data."""

from django.db import models

from openpiao.organizations.models import Organization

from . import licences


class PublicationSettings(models.Model):
    """The ente's choices for the public pages and the open data (one row per ente, made when
    first saved; without it the open data go out under CC BY 4.0)."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="publication_settings",
        verbose_name="ente",
        error_messages={"unique": "L'ente ha già le impostazioni della pubblicazione."},
    )
    licence = models.CharField(
        "licenza dei dati aperti",
        max_length=20,
        choices=licences.choices,
        default=licences.DEFAULT,
        help_text="La licenza con cui l'ente rilascia i dati aperti del piano pubblicato.",
    )
    version = models.PositiveIntegerField("versione", default=1, editable=False)

    class Meta:
        verbose_name = "impostazioni della pubblicazione"
        verbose_name_plural = "impostazioni della pubblicazione"

    def __str__(self) -> str:
        return f"Pubblicazione — {self.organization}"
