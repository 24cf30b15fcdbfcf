"""What a locked-out login sees (django-axes, AXES_LOCKOUT_CALLABLE): the login page again,
with the reason and how long to wait, answered 429 Too Many Requests."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Troppi tentativi di accesso non riusciti: l'accesso con questo nome utente è sospeso "
        f"per {minutes} minuti. Riprova più tardi o chiedi all'amministratore di sbloccarlo."
    )


def lockout_response(request, original_response=None, credentials=None):
    # An unbound form: validating it would authenticate, and count, once more.
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "next": request.POST.get("next", ""), "lockout": lockout_message()}
    return render(request, "registration/login.html", context, status=429)
