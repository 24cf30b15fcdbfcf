"""SPID and CIE through OpenID Connect: OpenPIAO is a standard client (mozilla-django-oidc) of
an identity proxy such as Developers Italia's iam-proxy-italia, configured only from the
environment (the OIDC_* settings). The person is the codice fiscale the identity carries."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .claims import tax_code_from_claim
from .services import SignInRefused, sign_in_with_identity

# Session keys: the invitation whose link chose SPID/CIE, and why a sign-in was refused.
INVITATION_SESSION_KEY = "identity_invitation"
REFUSAL_SESSION_KEY = "identity_refusal"

METHODS = {"spid": "Entra con SPID", "cie": "Entra con CIE"}

NO_TAX_CODE = (
    "L'identità digitale non ha comunicato un codice fiscale italiano valido: senza, OpenPIAO non "
    "può riconoscere la persona. Riprovi, o entri con un'altra identità SPID o con la CIE."
)


def identity_signin_configured() -> bool:
    """The identity proxy's client and endpoints are all set."""
    names = (
        "OIDC_RP_CLIENT_ID",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    )
    return all(getattr(settings, name, "") for name in names)


def signin_methods() -> list[tuple[str, str]]:
    """(code, button label) of the sign-ins offered beside the password: SPID, CIE."""
    if not identity_signin_configured():
        return []
    return [(code, METHODS[code]) for code in settings.OIDC_SIGNIN_METHODS if code in METHODS]


class IdentityBackend(OIDCAuthenticationBackend):
    """The OIDC code flow of mozilla-django-oidc, where the account is found by the codice
    fiscale of the claim OIDC_TAX_CODE_CLAIM («TINIT-…»), never by e-mail, and created only
    for a person who came through an invitation's link. Idle when not configured."""

    def __init__(self, *args, **kwargs):
        self.enabled = identity_signin_configured()
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return True  # what matters, the codice fiscale, is read by get_or_create_user

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        session = self.request.session
        tax_code = tax_code_from_claim(claims.get(settings.OIDC_TAX_CODE_CLAIM))
        if tax_code is None:
            session[REFUSAL_SESSION_KEY] = NO_TAX_CODE
            return None
        try:
            user, membership = sign_in_with_identity(
                tax_code=tax_code,
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
                invitation_token=session.pop(INVITATION_SESSION_KEY, ""),
            )
        except SignInRefused as refused:
            session[REFUSAL_SESSION_KEY] = str(refused)
            return None
        if membership is not None:
            messages.success(
                self.request,
                f"Benvenuto in OpenPIAO: ora accede a {membership.organization.name} "
                f"come {membership.get_role_display().lower()}.",
            )
        return user
