from django.conf import settings
from django.db import models


def person_name(user) -> str:
    """How a user is named in the records that outlive it: «Mario Rossi (mrossi)»."""
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class AuditEvent(models.Model):
    """Who changed what: every service that writes leaves one row.

    The row outlives its ente and its user: both names are copied into it when it is written.
    The ente is SET_NULL rather than CASCADE (the record of who did what must survive) or
    PROTECT (an ente that ever saved anything could never be removed, e.g. one created by
    mistake); an ente with an adopted plan cannot be deleted anyway (PlanVersion protects it).
    """

    organization = models.ForeignKey(
        "organizations.Organization",  # by name: core sits below organizations
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name="ente",
    )
    organization_name = models.CharField("denominazione dell'ente", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="utente"
    )
    user_name = models.CharField("nome dell'utente", max_length=300, blank=True)
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

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.organization_id and not self.organization_name:
                self.organization_name = self.organization.name
            if self.user_id and not self.user_name:
                self.user_name = person_name(self.user)
        super().save(*args, **kwargs)


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
