"""Sign-in pages: the password form with the SPID/CIE buttons, the OIDC round trip to the
identity proxy, the page of a refused identity, and the second factor (TOTP)."""

from base64 import b32encode
from urllib.parse import parse_qsl, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from openpiao.organizations.services import InvitationUnusable, find_invitation

from .forms import CodeForm, LoginForm
from .identity import INVITATION_SESSION_KEY, METHODS, REFUSAL_SESSION_KEY, identity_signin_configured
from .second_factor import (
    STEP_SESSION_KEY,
    has_second_factor,
    is_mandatory_for,
    may_use_second_factor,
    new_recovery_codes,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm


class _Configured:
    """The OIDC pages exist only when the identity proxy is configured (404 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not identity_signin_configured():
            raise Http404("Accesso con SPID e CIE non configurato.")
        return super().dispatch(request, *args, **kwargs)


class IdentitySignIn(_Configured, OIDCAuthenticationRequestView):
    """To the identity proxy: `?con=spid` or `?con=cie` adds that method's own parameters
    (OIDC_SPID_AUTH_PARAMS, OIDC_CIE_AUTH_PARAMS), e.g. the proxy's choice of provider."""

    def __init__(self, *args, **kwargs):
        if identity_signin_configured():
            super().__init__(*args, **kwargs)

    def get(self, request):
        # A sign-in from the login page accepts no invitation a forgotten round trip left behind.
        if request.GET.get("invito") != "1":
            request.session.pop(INVITATION_SESSION_KEY, None)
        return super().get(request)

    def get_extra_params(self, request):
        method = request.GET.get("con", "")
        extra = settings.OIDC_AUTH_PARAMS.get(method, "") if method in METHODS else ""
        return {**super().get_extra_params(request), **dict(parse_qsl(extra))}


class IdentityCallback(_Configured, OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return reverse("accounts:identity_refused")


def identity_refused(request):
    """Why the identity opened nothing (403): no account bound to it, an invitation for
    another person, no codice fiscale, or the sign-in abandoned at the provider."""
    message = request.session.pop(REFUSAL_SESSION_KEY, "") or (
        "L'accesso con SPID o CIE non è stato completato: riprovi dalla pagina di accesso."
    )
    return render(request, "accounts/identity_refused.html", {"message": message}, status=403)


def invitation_signin(request, token: str):
    """«Entra con SPID/CIE» on an invitation's page: the identity accepts the invitation (and
    is bound to the account) when it comes back; then the ente opens."""
    if not identity_signin_configured():
        raise Http404("Accesso con SPID e CIE non configurato.")
    try:
        invitation = find_invitation(token=token)
    except InvitationUnusable as unusable:
        return render(
            request, "organizations/invitation_unusable.html", {"message": str(unusable)}, status=410
        )
    request.session[INVITATION_SESSION_KEY] = token
    home = reverse("organizations:home", args=[invitation.organization.slug])
    query = {"next": home, "con": request.GET.get("con", ""), "invito": "1"}
    return redirect(f"{reverse('accounts:identity_signin')}?{urlencode(query)}")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request):
    """The second step of a sign-in: a code of the person's app, or a recovery code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.pop(STEP_SESSION_KEY, None)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"Ha usato un codice di recupero: ne restano {left}.")
            return redirect(_next(request))
        form.add_error("code", "Codice non valido o scaduto: inserisca il codice che l'app mostra ora.")
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return image.to_string(encoding="unicode")


def _enrolment(device) -> dict:
    """The QR code the app scans, and the same key to type by hand, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return {
        "qr": _qr_svg(device.config_url),
        "secret": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }


@login_required
def second_factor(request):
    """Enable the second factor (QR for the app, then a code to confirm it, then the recovery
    codes, shown once), see it, renew the recovery codes, or switch it off when not mandatory."""
    user = request.user
    if not may_use_second_factor(user):
        raise PermissionDenied(
            "Il secondo fattore è previsto per l'operatore del servizio e per gli amministratori degli enti."
        )
    mandatory = is_mandatory_for(user)
    context = {"mandatory": mandatory, "next": _next(request)}
    if has_second_factor(user):
        action = request.POST.get("azione") if request.method == "POST" else None
        if action == "codici":
            return render(request, "accounts/recovery_codes.html", {"codes": new_recovery_codes(user)})
        if action == "disattiva" and not mandatory:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            messages.success(
                request, "Secondo fattore disattivato: l'accesso chiede solo la password o SPID/CIE."
            )
            return redirect("accounts:second_factor")
        static = StaticDevice.objects.filter(user=user).first()
        context["codes_left"] = static.token_set.count() if static else 0
        return render(request, "accounts/second_factor.html", {**context, "enabled": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="App di autenticazione", confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(STEP_SESSION_KEY, None)
            codes = new_recovery_codes(user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error(
            "code",
            "Codice non valido: controlli l'ora del telefono e inserisca il codice che l'app mostra ora.",
        )
    return render(request, "accounts/second_factor.html", {**context, "form": form, **_enrolment(device)})
