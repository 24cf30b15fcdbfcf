from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from openpiao.core.forms import InlineFormSet, StyledForm, StyledModelForm, VersionedFormMixin

from .models import SIMPLIFIED_REGIME_EMPLOYEE_LIMIT, Organization, Role, YearlyFigures


class OrganizationForm(VersionedFormMixin, StyledModelForm):
    class Meta:
        model = Organization
        fields = Organization.PROFILE_FIELDS


class YearlyFiguresForm(StyledModelForm):
    class Meta:
        model = YearlyFigures
        fields = YearlyFigures.INPUT_FIELDS


YearlyFiguresFormSet = forms.inlineformset_factory(
    Organization, YearlyFigures, form=YearlyFiguresForm, formset=InlineFormSet, extra=1, can_delete=True
)


class CoatOfArmsForm(StyledForm):
    image = forms.FileField(
        label="Stemma dell'ente",
        help_text="Immagine PNG o JPEG, al massimo 2 MB: stampata sulla copertina del piano.",
    )


class OrganizationCreateForm(StyledModelForm):
    """A new ente, by the service operator: what the ISTAT list prefills (editable), the figures
    at 31/12 (the list's population is the 2011 census), the first administrator's e-mail."""

    year = forms.IntegerField(label="anno dei dati (al 31/12)")
    inhabitants = forms.IntegerField(
        label="abitanti al 31/12",
        help_text="La popolazione dell'elenco ISTAT è quella legale del censimento 2011: "
        "indicare gli abitanti al 31 dicembre dell'anno qui sopra (anagrafe del comune).",
    )
    employees = forms.IntegerField(
        label="dipendenti al 31/12",
        help_text=f"Con meno di {SIMPLIFIED_REGIME_EMPLOYEE_LIMIT} dipendenti l'ente adotta il PIAO "
        "in forma semplificata (art. 6 DM 132/2022).",
    )
    admin_email = forms.EmailField(
        label="e-mail dell'amministratore dell'ente",
        help_text="Riceverà l'invito con il collegamento per entrare e gestire gli accessi dell'ente.",
    )

    class Meta:
        model = Organization
        fields = ["name", "istat_code", "province", "cadastral_code"]
        help_texts = {
            "istat_code": "Vuoto per un ente che non è un comune (per esempio un'Unione di comuni)."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("year", timezone.localdate().year - 1)

    FIGURES = ("year", "inhabitants", "employees")

    def figures(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.FIGURES}


class InvitationForm(StyledForm):
    """`units`: (code, name) of the units of the ente's current plans, offered to a
    responsabile di unità (the page shows them only for that role; another role's are dropped)."""

    email = forms.EmailField(label="e-mail")
    role = forms.ChoiceField(label="ruolo", choices=Role.choices)
    tax_code = forms.CharField(
        label="codice fiscale della persona",
        max_length=16,
        required=False,
        help_text="Facoltativo: se indicato, l'invito si accetta con SPID o CIE solo da chi ha "
        "questo codice fiscale.",
    )
    unit_codes = forms.MultipleChoiceField(
        label="unità di cui inserisce i dati",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Per un responsabile di unità: le riceve quando accetta l'invito, in ogni piano "
        "dell'ente che ha un'unità con lo stesso codice.",
    )

    def __init__(self, *args, units: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if units:
            self.fields["unit_codes"].choices = units
        else:  # no plan yet: the units are given later, from «Persone e accessi»
            del self.fields["unit_codes"]

    def clean_tax_code(self) -> str:
        return self.cleaned_data["tax_code"].replace(" ", "").upper()

    def clean(self):
        data = super().clean()
        if data.get("role") != Role.UNIT_HEAD:
            data["unit_codes"] = []
        return data


class PasswordLoginForm(StyledForm):
    """The service operator's switch of an ente's passwords."""

    password_login = forms.BooleanField(label="accesso con password", required=False)


class RoleForm(StyledForm):
    role = forms.ChoiceField(label="ruolo", choices=Role.choices)


class NewAccountForm(StyledForm):
    """Someone invited who has no account yet: a name and a password (the e-mail is the user name)."""

    first_name = forms.CharField(label="nome", max_length=150)
    last_name = forms.CharField(label="cognome", max_length=150)
    password1 = forms.CharField(
        label="password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Almeno 8 caratteri, non solo cifre, diversa dal nome e dall'e-mail.",
    )
    password2 = forms.CharField(
        label="ripeti la password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Le due password non coincidono.")
        elif first:
            candidate = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
