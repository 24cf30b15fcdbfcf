from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from openpiao.core.forms import StyledForm
from openpiao.organizations.backends import PASSWORDS_OFF_MESSAGE


class LoginForm(AuthenticationForm):
    """User name and password; when they are right but every ente of the person has switched
    passwords off, it says so (and to enter with SPID or CIE) instead of «wrong password»."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "password_login_refused", False):
                raise ValidationError(PASSWORDS_OFF_MESSAGE, code="password_login_off") from None
            raise


class CodeForm(StyledForm):
    code = forms.CharField(
        label="codice",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="Le 6 cifre che l'app di autenticazione mostra ora, o uno dei codici di recupero.",
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").strip()
