"""At each sign-in: remember whether it came through SPID/CIE (and with which codice fiscale),
and what second factor it still owes."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from openpiao.organizations.access import IDENTITY_SESSION_KEY
from openpiao.organizations.models import Identity

from .second_factor import STEP_SESSION_KEY, step_after_sign_in

IDENTITY_BACKEND = "openpiao.accounts.identity.IdentityBackend"


@receiver(user_logged_in, dispatch_uid="openpiao.accounts.sign_in")
def _on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    session.pop(IDENTITY_SESSION_KEY, None)
    if getattr(user, "backend", "") == IDENTITY_BACKEND:
        identity = Identity.objects.filter(user=user).first()
        if identity is not None:
            session[IDENTITY_SESSION_KEY] = identity.tax_code
    step = step_after_sign_in(user)
    if step:
        session[STEP_SESSION_KEY] = step
    else:
        session.pop(STEP_SESSION_KEY, None)
