"""Writes of the ente and of who may enter it: keyword-only, plain values (model field names),
audited, each in one transaction."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from openpiao.core.audit import Action, record, save_audited
from openpiao.core.registry import invitation_grants
from openpiao.core.rows import RowEdit, save_rows, set_values, validate

from .invitations import new_token, token_hash
from .models import (
    INVITATION_VALID_DAYS,
    Identity,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Role,
    YearlyFigures,
    validate_coat_of_arms,
)

LAST_ADMIN = (
    "L'ente resterebbe senza amministratore: nominare prima un altro amministratore, "
    "poi cambiare questo ruolo o revocare questo accesso."
)


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    values: dict[str, Any],
    figures: list[RowEdit],
    expected_version: int,
    user,
) -> Organization:
    """Save the anagrafica and the yearly figures together, or nothing (StaleEdit if someone
    saved the anagrafica since `expected_version`)."""
    set_values(organization, values)
    save_audited(
        organization,
        user=user,
        action=Action.ORGANIZATION_CHANGED,
        expected_version=expected_version,
        fields=values,
        organization=organization,
    )
    save_rows(
        figures,
        queryset=YearlyFigures.objects.filter(organization=organization),
        new=lambda: YearlyFigures(organization=organization),
    )
    return organization


def set_coat_of_arms(*, organization: Organization, file, user) -> Organization:
    """The ente's coat of arms, printed on the cover of its plans: a PNG or JPEG image checked
    by `validate_coat_of_arms` (ValidationError, nothing saved), stored under MEDIA_ROOT and
    replacing the previous one."""
    extension = validate_coat_of_arms(file)
    previous = organization.coat_of_arms.name if organization.coat_of_arms else ""
    storage, name = organization.coat_of_arms.storage, f"stemmi/{organization.slug}.{extension}"
    if storage.exists(name):  # the ente's own file, replaced: the name stays the ente's
        storage.delete(name)
    with transaction.atomic():
        organization.coat_of_arms.save(name.removeprefix("stemmi/"), File(file), save=False)
        save_audited(
            organization,
            user=user,
            action=Action.ORGANIZATION_CHANGED,
            expected_version=organization.version,
            fields=["coat_of_arms"],
            organization=organization,
        )
    if previous and previous != organization.coat_of_arms.name:
        organization.coat_of_arms.storage.delete(previous)
    return organization


def free_slug(*, name: str) -> str:
    """The address of a new ente: its name without «Comune di», made unique with a number."""
    base = slugify(name.removeprefix("Comune di ").removeprefix("Comune ")) or "ente"
    base = base[:70]
    taken = set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organization(
    *, values: dict[str, Any], figures: dict[str, int], admin_email: str, site: str, user
) -> tuple[Organization, Invitation]:
    """A new ente (anagrafica `values`, its `figures` at 31/12: year, inhabitants, employees),
    created by the service operator `user`, and the invitation of its first administrator."""
    organization = Organization(slug=free_slug(name=values.get("name", "")))
    set_values(organization, values)
    save_audited(
        organization,
        user=user,
        action=Action.ORGANIZATION_CREATED,
        organization=organization,
        figures=figures,
    )
    row = YearlyFigures(organization=organization, **figures)
    validate(row)
    row.save()
    invitation = invite(organization=organization, email=admin_email, role=Role.ADMIN, site=site, user=user)
    return organization, invitation


def _send(invitation: Invitation, token: str, site: str) -> None:
    context = {
        "invitation": invitation,
        "link": site.rstrip("/") + reverse("organizations:invitation", args=[token]),
        "days": INVITATION_VALID_DAYS,
    }
    send_mail(
        subject=f"Invito a OpenPIAO: {invitation.organization.name}",
        message=render_to_string("organizations/email/invitation.txt", context),
        from_email=None,  # DEFAULT_FROM_EMAIL
        recipient_list=[invitation.email],
    )


def _stamp(invitation: Invitation) -> str:
    """A new token for `invitation` (the previous link stops working), valid from now."""
    token = new_token()
    invitation.token_hash = token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=INVITATION_VALID_DAYS)
    return token


def _unit_codes(organization: Organization, codes) -> list[str]:
    """`codes` without repeats, each the code of a unit of one of the ente's plans (through the
    plans' `units`: organizations sits below organization_chart), else ValidationError."""
    codes = sorted(set(codes))
    known = set(
        organization.plans.filter(units__code__in=codes).values_list("units__code", flat=True).distinct()
    )
    if unknown := [code for code in codes if code not in known]:
        raise ValidationError({"unit_codes": f"Unità che non appartengono all'ente: {', '.join(unknown)}."})
    return codes


@transaction.atomic
def invite(
    *,
    organization: Organization,
    email: str,
    role: str,
    unit_codes: list[str] = (),
    tax_code: str = "",
    site: str,
    user,
) -> Invitation:
    """Invite `email` into the ente with `role`: the invitation and its e-mail, with a link
    (under `site`, e.g. https://piao.example.it) that works once for INVITATION_VALID_DAYS.
    A responsabile di unità may come with `unit_codes`, codes of units of the ente's plans,
    given on acceptance; another role's are ignored (it sees all units or none). `tax_code`,
    the person's codice fiscale, if given: only her SPID/CIE identity accepts it."""
    email = email.strip().lower()
    tax_code = tax_code.strip().upper()
    unit_codes = _unit_codes(organization, unit_codes) if role == Role.UNIT_HEAD else []
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": "Una persona con questo indirizzo ha già accesso all'ente."})
    open_ones = Invitation.objects.filter(
        organization=organization, email=email, accepted_at=None, cancelled_at=None
    )
    if open_ones.filter(expires_at__gt=timezone.now()).exists():
        raise ValidationError(
            {
                "email": "Questo indirizzo ha già un invito in attesa: "
                "lo si può inviare di nuovo dall'elenco degli inviti."
            }
        )
    for stale in open_ones:  # an expired invitation to the same address gives way to the new one
        _cancel(stale, user=user)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        unit_codes=unit_codes,
        tax_code=tax_code,
        invited_by=user,
    )
    token = _stamp(invitation)
    save_audited(
        invitation, user=user, action=Action.INVITATION_SENT, email=email, role=role, units=unit_codes
    )
    _send(invitation, token, site)
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, site: str, user) -> Invitation:
    """Send the invitation again with a new link (the old one stops working) and a new expiry."""
    if not invitation.is_open:
        raise ValidationError("L'invito è già stato accettato o annullato.")
    token = _stamp(invitation)
    save_audited(
        invitation,
        user=user,
        action=Action.INVITATION_RESENT,
        fields=["token_hash", "sent_at", "expires_at"],
        email=invitation.email,
    )
    _send(invitation, token, site)
    return invitation


def _cancel(invitation: Invitation, *, user) -> Invitation:
    invitation.cancelled_at = timezone.now()
    return save_audited(
        invitation,
        user=user,
        action=Action.INVITATION_CANCELLED,
        fields=["cancelled_at"],
        email=invitation.email,
    )


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, user) -> Invitation:
    if not invitation.is_open:
        raise ValidationError("L'invito è già stato accettato o annullato.")
    return _cancel(invitation, user=user)


class InvitationUnusable(Exception):
    """A link that does not open the ente: the message says why, in Italian."""


UNUSABLE = {
    InvitationStatus.ACCEPTED: "Questo invito è già stato usato: il collegamento vale una sola volta. "
    "Se ha già impostato la password, acceda con il suo nome utente.",
    InvitationStatus.CANCELLED: "Questo invito è stato annullato dall'amministratore dell'ente.",
    InvitationStatus.EXPIRED: "Questo invito è scaduto. "
    "Chieda all'amministratore dell'ente di inviarlo di nuovo.",
}
UNKNOWN = (
    "Il collegamento non corrisponde ad alcun invito: controlli di averlo copiato per intero "
    "dal messaggio ricevuto, o chieda all'amministratore dell'ente un nuovo invito."
)


def find_invitation(*, token: str) -> Invitation:
    """The open invitation of `token`, or InvitationUnusable saying why not."""
    invitation = (
        Invitation.objects.select_related("organization").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None:
        raise InvitationUnusable(UNKNOWN)
    status = invitation.status()
    if status != InvitationStatus.PENDING:
        raise InvitationUnusable(UNUSABLE[status])
    return invitation


OTHER_PERSON = (
    "L'invito è per un'altra persona: il codice fiscale dell'identità SPID/CIE non è quello "
    "indicato dall'amministratore dell'ente. Chieda all'amministratore di controllarlo."
)
PASSWORDS_OFF = (
    "Per questo ente l'accesso con password è disattivato: accetti l'invito entrando con SPID o CIE."
)


@transaction.atomic
def accept_invitation(*, token: str, user, tax_code: str = "") -> Membership:
    """`user` enters the ente of the invitation `token` with its role; the link is used up.

    `tax_code`: the codice fiscale of the SPID/CIE identity the person signed in with, bound to
    `user` (and checked against the invitation's own, when it names one). Without it (a
    password), the ente must allow passwords. Locked for the transaction, so the same link
    opened twice at once enters once."""
    invitation = find_invitation(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status() != InvitationStatus.PENDING:  # used meanwhile
        raise InvitationUnusable(UNUSABLE[invitation.status()])
    if tax_code:
        if invitation.tax_code and invitation.tax_code != tax_code:
            raise InvitationUnusable(OTHER_PERSON)
        bind_identity(user=user, tax_code=tax_code)
    elif not invitation.organization.password_login:
        raise InvitationUnusable(PASSWORDS_OFF)
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    save_audited(
        invitation,
        user=user,
        action=Action.INVITATION_ACCEPTED,
        fields=["accepted_at", "accepted_by"],
        email=invitation.email,
        role=membership.role,
        identity="SPID/CIE" if tax_code else "password",
    )
    for grant in invitation_grants:  # the units of a responsabile di unità
        grant(invitation=invitation, membership=membership, user=user)
    return membership


def bind_identity(*, user, tax_code: str) -> Identity:
    """Bind the SPID/CIE codice fiscale `tax_code` to `user`, who then signs in with it.

    InvitationUnusable (saying why) when `user` already has another one, or another account
    has this one."""
    identity = Identity.objects.filter(user=user).first()
    if identity is not None:
        if identity.tax_code != tax_code:
            raise InvitationUnusable(
                "Questo accesso è già collegato a un altro codice fiscale: "
                "entri con l'identità SPID/CIE della persona invitata."
            )
        return identity
    identity = Identity(user=user, tax_code=tax_code)
    try:
        validate(identity)
    except ValidationError as error:
        raise InvitationUnusable(" ".join(error.messages)) from None
    identity.save()
    return identity


@transaction.atomic
def set_password_login(*, organization: Organization, allowed: bool, user) -> Organization:
    """The service operator allows or switches off the ente's passwords (SPID/CIE stay)."""
    organization.password_login = allowed
    return save_audited(
        organization,
        user=user,
        action=Action.ORGANIZATION_CHANGED,
        expected_version=organization.version,
        fields=["password_login"],
        organization=organization,
    )


def create_invited_user(*, email: str, password: str | None, first_name: str = "", last_name: str = ""):
    """The account of someone invited who had none: the e-mail is the user name (no password:
    one who enters with SPID/CIE)."""
    return get_user_model().objects.create_user(
        username=email, email=email, password=password, first_name=first_name, last_name=last_name
    )


def _admins_left(membership: Membership, *, new_role: str | None) -> bool:
    others = (
        Membership.objects.filter(organization=membership.organization_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
    return others or new_role == Role.ADMIN


@transaction.atomic
def change_role(*, membership: Membership, role: str, user) -> Membership:
    """Give the member another role; never the ente's last administrator's away."""
    if membership.role == Role.ADMIN and not _admins_left(membership, new_role=role):
        raise ValidationError({"role": LAST_ADMIN})
    before = membership.role
    membership.role = role
    return save_audited(
        membership, user=user, action=Action.MEMBER_ROLE_CHANGED, fields=["role"], before=before, after=role
    )


@transaction.atomic
def revoke_membership(*, membership: Membership, user) -> None:
    """Take away the member's access to the ente, with the units it edited there; never the
    last administrator's."""
    if membership.role == Role.ADMIN and not _admins_left(membership, new_role=None):
        raise ValidationError(LAST_ADMIN)
    organization = membership.organization
    record(
        organization=organization,
        user=user,
        action=Action.MEMBER_REVOKED,
        obj=membership,
        member=membership.user.get_username(),
        role=membership.role,
    )
    # The units it edited in this ente's plans (OrgUnit.editors, through the user's side of the
    # relation: organizations sits below organization_chart).
    membership.user.edited_units.remove(*membership.user.edited_units.filter(organization=organization))
    membership.delete()
