"""Who a SPID/CIE identity signs in as: the account its codice fiscale is bound to, or, with an
invitation's link, the invited person's account (created, or the one of the invited e-mail),
bound to it in the same transaction as the acceptance. Nobody else: no account is created
without an invitation."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from openpiao.organizations.models import Membership
from openpiao.organizations.services import (
    InvitationUnusable,
    accept_invitation,
    create_invited_user,
    find_invitation,
)


class SignInRefused(Exception):
    """The identity opens no account: the message says why, in Italian."""


def _not_bound_message(tax_code: str) -> str:
    return (
        f"Nessun accesso a OpenPIAO è collegato all'identità con codice fiscale {tax_code}. "
        "Per entrare la prima volta serve l'invito dell'amministratore del suo ente: apra il "
        "collegamento ricevuto per e-mail e scelga «Entra con SPID» o «Entra con CIE»."
    )


def _invited_account(invitation, *, first_name: str, last_name: str):
    """The account of the invited e-mail that has no identity yet, else a new one (no password:
    it enters with SPID/CIE)."""
    email = invitation.email
    existing = (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(username__iexact=email), identity__isnull=True)
        .first()
    )
    if existing is not None:
        return existing
    if get_user_model().objects.filter(username__iexact=email).exists():
        raise SignInRefused(
            f"L'indirizzo {email} è già di un accesso collegato a un'altra identità SPID/CIE: "
            "l'invito è per un'altra persona. Chieda all'amministratore dell'ente di controllarlo."
        )
    return create_invited_user(email=email, password=None, first_name=first_name, last_name=last_name)


@transaction.atomic
def sign_in_with_identity(
    *, tax_code: str, first_name: str = "", last_name: str = "", invitation_token: str = ""
) -> tuple[object, Membership | None]:
    """The user the identity with `tax_code` signs in as, and the membership it entered when it
    came through the link `invitation_token`; SignInRefused (nothing saved) otherwise."""
    user = get_user_model().objects.filter(identity__tax_code=tax_code).first()
    if not invitation_token:
        if user is None:
            raise SignInRefused(_not_bound_message(tax_code))
        return user, None
    try:
        invitation = find_invitation(token=invitation_token)
        if user is None:
            user = _invited_account(invitation, first_name=first_name, last_name=last_name)
        membership = accept_invitation(token=invitation_token, user=user, tax_code=tax_code)
    except InvitationUnusable as unusable:
        raise SignInRefused(str(unusable)) from None
    return user, membership
