"""Sign-in with a password, as long as one of the person's enti still allows passwords
(`Organization.password_login`, switched by the service operator)."""

from django.contrib.auth.backends import ModelBackend

from .access import password_login_allowed

PASSWORDS_OFF_MESSAGE = "Per i suoi enti l'accesso con password è disattivato: entri con SPID o CIE."


class PasswordBackend(ModelBackend):
    """Django's user name and password, refused when every ente of the person has switched
    passwords off. The refusal is marked on the request, so the login form says why instead of
    «wrong password»; checked only at sign-in (get_user stays one query per request)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not password_login_allowed(user):
            if request is not None:
                request.password_login_refused = True
            return None
        return user
