from django.db import transaction

from openpiao.core import audit
from openpiao.core.locking import save_if_unchanged

from .forms import OrganizationForm, YearlyFiguresFormSet


@transaction.atomic
def update_organization(*, form: OrganizationForm, figures: YearlyFiguresFormSet, user) -> None:
    """Save the anagrafica and the yearly figures together, or nothing."""
    organization = form.instance
    save_if_unchanged(organization, form.cleaned_data["expected_version"], list(form.Meta.fields))
    figures.save()
    audit.record(organization=organization, user=user, action="ente modificato", obj=organization)
