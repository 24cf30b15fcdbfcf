"""Writes of Sezione 3: each one atomic, version-checked and logged.

`ending` makes the participle of the audit row agree with the label: «cessazione eliminata».
"""

from django.db import transaction

from openpiao.core import audit
from openpiao.core.locking import save_if_unchanged


@transaction.atomic
def save_row(*, form, user, label: str, ending: str = "o"):
    """Create the row, or update it only if nobody saved it since the form was opened (StaleEdit)."""
    instance = form.instance
    if instance.pk:
        fields = [name for name in form._meta.fields if name in form.cleaned_data]
        save_if_unchanged(instance, form.cleaned_data["expected_version"], fields)
        action = f"{label} modificat{ending}"
    else:
        instance = form.save()
        action = f"{label} inserit{ending}"
    if hasattr(form, "save_values"):
        form.save_values()
    audit.record(organization=instance.organization, user=user, action=action, obj=instance)
    return instance


@transaction.atomic
def delete_row(*, instance, user, label: str, ending: str = "o") -> None:
    audit.record(
        organization=instance.organization,
        user=user,
        action=f"{label} eliminat{ending}",
        obj=instance,
        text=str(instance)[:200],
    )
    instance.delete()
