"""Creating and revoking personal API tokens (audited)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openpiao.core.audit import Action, record

from .models import ApiToken
from .tokens import LIFETIMES, PREFIX_LENGTH, digest, new_secret, roles_for


@transaction.atomic
def create_token(*, membership, name: str, role: str, days: int, user) -> tuple[ApiToken, str]:
    """A new token of `user` for the ente of `membership`; returns it with its secret, which
    is never stored and cannot be shown again."""
    errors = {}
    if role not in roles_for(membership.role):
        errors["role"] = "Il ruolo della chiave non può superare il suo ruolo nell'ente."
    if days not in LIFETIMES:
        errors["days"] = "Durata non prevista."
    if errors:
        raise ValidationError(errors)
    secret = new_secret()
    token = ApiToken(
        user=user,
        organization=membership.organization,
        role=role,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    record(
        organization=membership.organization,
        user=user,
        action=Action.API_TOKEN_CREATED,
        obj=token,
        name=name,
        role=role,
        expires_at=token.expires_at.date().isoformat(),
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, user) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        organization=token.organization,
        user=user,
        action=Action.API_TOKEN_REVOKED,
        obj=token,
        name=token.name,
    )
