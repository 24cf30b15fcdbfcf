from django.conf import settings
from django.db import models

from openpiao.organizations.models import Organization


class AuditEvent(models.Model):
    """Who changed what: every service that writes leaves one row."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="audit_events", verbose_name="ente"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="utente"
    )
    action = models.CharField("azione", max_length=80)
    object_type = models.CharField("oggetto", max_length=80, blank=True)
    object_id = models.CharField("identificativo", max_length=40, blank=True)
    details = models.JSONField("dettagli", default=dict, blank=True)
    created_at = models.DateTimeField("quando", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "evento di registro"
        verbose_name_plural = "registro delle modifiche"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_type} {self.object_id}"


class CatalogueVersion(models.Model):
    """Which version of a reference catalogue (reference_data) is loaded, and where it comes from."""

    key = models.SlugField("catalogo", max_length=60, unique=True)
    title = models.CharField("titolo", max_length=200)
    version = models.CharField("versione", max_length=40)
    source = models.TextField("fonte")
    license = models.CharField("licenza", max_length=80, blank=True)
    loaded_at = models.DateTimeField("caricato il", auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} v. {self.version}"
