"""Who calls the API: a personal token (Authorization: Bearer …), read again at every call.

The caller acts as the token's user with the token's role in the token's ente, and only while
the user still belongs to that ente: its membership is read with the token (one query), and a
token whose role is no longer within the member's role stops working.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from openpiao.organizations.models import Membership

from .models import ApiToken
from .tokens import TOKEN_MARK, digest, roles_for


@dataclass
class Caller:
    token: ApiToken
    membership: Membership  # the member's row, with the token's role

    @property
    def user(self):
        return self.membership.user

    @property
    def organization(self):
        return self.membership.organization

    def __str__(self) -> str:  # the throttle's key: one budget per token
        return f"token-{self.token.pk}"


class TokenAuth(HttpBearer):
    openapi_description = "Chiave API personale, creata dall'utente nella pagina «Chiavi API» del suo ente."

    def authenticate(self, request, token: str) -> Caller | None:
        if not token.startswith(TOKEN_MARK):
            return None
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user", "organization")
            .filter(digest=digest(token), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        membership = (
            Membership.objects.select_related("user", "organization")
            .filter(user=found.user, organization=found.organization)
            .first()
        )
        if membership is None or found.role not in roles_for(membership.role):
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        membership.role = found.role  # acts with the token's role, never saved
        request.user = found.user  # the history records name the token's user
        return Caller(token=found, membership=membership)


class SettingsRateThrottle(AuthRateThrottle):
    """Requests per token (per address without one), at the rate the settings give at the time
    of the call (`API_RATE_LIMIT`, e.g. "120/min")."""

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
