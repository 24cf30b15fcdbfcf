from django import forms

from openpiao.core.forms import StyledForm
from openpiao.organizations.models import Role

from .tokens import LIFETIMES, roles_for


class TokenForm(StyledForm):
    name = forms.CharField(
        label="Nome della chiave",
        max_length=80,
        help_text="Per riconoscerla, es. «gestionale del personale».",
    )
    role = forms.ChoiceField(label="Ruolo con cui la chiave opera")
    days = forms.TypedChoiceField(
        label="Durata", coerce=int, choices=[(d, f"{d} giorni") for d in LIFETIMES], initial=90
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles_for(membership.role)]
