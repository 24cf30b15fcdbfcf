"""Optimistic locking: an edit saves only if nobody saved the row since the form was opened.

Models carry a `version` integer. The form sends back the version it was built from;
`save_if_unchanged` updates the row with a conditional UPDATE … WHERE version = n and bumps
it. If another user saved first, nothing is written and `StaleEdit` is raised, so the view
can show the conflict instead of silently overwriting the other change.
"""

from django.core.exceptions import BadRequest
from django.db import models
from django.db.models import F

from .history import record_versions


class StaleEdit(Exception):
    message = (
        "Qualcun altro ha modificato questi dati mentre lei li stava modificando. "
        "Ricarichi la pagina per vedere la versione aggiornata: le sue modifiche non sono state salvate."
    )


def save_if_unchanged(instance: models.Model, expected_version: int, fields: list[str]) -> None:
    """Save `fields` of `instance` only if its row still has `expected_version`.

    The `auto_now` fields (an "ultima modifica") are stamped too, on the row and on `instance`:
    a queryset update() skips the pre_save() through which save() would set them.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            values[field.attname] = field.pre_save(instance, add=False)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise StaleEdit(StaleEdit.message)
    instance.version = expected_version + 1
    record_versions([instance])  # update() sends no post_save: the version is recorded here


def posted_version(data) -> int:
    """The `expected_version` a page without a versioned form sent back (e.g. a formset).

    The field is hidden: a missing or garbled value is a broken request (400), not an edit
    someone else made, so it must not be reported as a conflict.
    """
    try:
        return int(data["expected_version"])
    except (KeyError, TypeError, ValueError):
        raise BadRequest("Versione dei dati mancante o non valida.") from None
