"""Writes of the organisation chart: atomic, version-checked, logged."""

from django.db import transaction

from openpiao.core import audit
from openpiao.core.locking import save_form


@transaction.atomic
def save_row(*, form, user, saved: str):
    """Create a unit or an employee, or update it only if nobody saved it since the form was
    opened (StaleEdit: nothing is written). `saved` is the Italian for what happened
    («unità salvata», «dipendente salvato»)."""
    item, _ = save_form(form)
    audit.record(organization=item.organization, user=user, action=saved, obj=item)
    return item
