"""Personal API tokens: a user's key to the REST API, for one ente and one role.

Only a hash of the secret is stored (SHA-256: the secret is 256 random bits, so no slow hash is
needed); the secret is shown once, when the token is created. The role is at most the user's
role in the ente (`tokens.roles_for`), and the membership is read again at every call: a user
who loses the ente loses its tokens too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from openpiao.core.ranges import plausible_date
from openpiao.organizations.models import Organization, Role


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="utente"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="ente"
    )
    role = models.CharField("ruolo", max_length=20, choices=Role.choices)
    name = models.CharField("nome", max_length=80)
    prefix = models.CharField("inizio della chiave", max_length=12, editable=False)
    digest = models.CharField(
        "impronta SHA-256",
        max_length=64,
        unique=True,
        editable=False,
        error_messages={"unique": "Questa chiave è già registrata."},
    )
    created_at = models.DateTimeField(
        "creata il", default=timezone.now, editable=False, validators=[plausible_date]
    )
    expires_at = models.DateTimeField("scade il", validators=[plausible_date])
    last_used_at = models.DateTimeField(
        "ultimo uso", null=True, blank=True, editable=False, validators=[plausible_date]
    )
    revoked_at = models.DateTimeField(
        "revocata il", null=True, blank=True, editable=False, validators=[plausible_date]
    )

    class Meta:
        verbose_name = "chiave API"
        verbose_name_plural = "chiavi API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "revocata"
        return "attiva" if self.is_active() else "scaduta"
