"""The audit log: one row per change (`record`), and the one audited save and delete every
service uses (`save_audited`, `delete_audited`).

The actions are typed (`Action`, stored as English codes, shown with their Italian labels);
what is specific to one change (which row, which table, how many) goes in the row's details.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import IntegrityError, models, transaction

from .caching import bump_stamp
from .history import has_history
from .locking import StaleEdit, save_if_unchanged
from .models import Action, AuditEvent
from .rows import validate

__all__ = ["Action", "delete_audited", "record", "save_audited"]


def record(
    *, organization, user, action: Action, obj: models.Model | None = None, in_history=False, **details
) -> AuditEvent:
    """Write one audit row; call it inside the transaction of the change it describes.

    `in_history`: the change is also one of `obj`'s historical records (field by field), which the
    registro delle modifiche shows in its place.
    """
    if organization is not None:
        bump_stamp(organization.pk)  # the ente's cached results are computed again
    return AuditEvent.objects.create(
        organization=organization,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=Action(action),
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        in_history=in_history,
        details=details,
    )


@contextmanager
def _named_change(instance: models.Model, user, action: Action):
    """Who and why, for the historical record the save or delete writes (simple-history reads
    them from the instance); cleared afterwards, so no later save of the object takes them."""
    if getattr(user, "is_authenticated", False):
        instance._history_user = user
    instance._change_reason = Action(action).value
    try:
        yield
    finally:
        instance.__dict__.pop("_history_user", None)
        instance.__dict__.pop("_change_reason", None)


def save_audited(
    instance: models.Model,
    *,
    user,
    action: Action,
    expected_version: int | None = None,
    fields: Iterable[str] | None = None,
    organization=None,
    **details,
) -> models.Model:
    """Validate `instance`, write it and its audit row, in one transaction.

    A new row (no pk) is checked whole (`full_clean`) and inserted (one inserted meanwhile by
    someone else, against a unique constraint, is a StaleEdit). An existing row is checked
    on the `fields` written (default: all), as a ModelForm checks what it shows; with
    `expected_version` it is written only if nobody saved it since that version
    (`core.locking.save_if_unchanged`: StaleEdit, nothing written). A refused row raises
    the model's ValidationError and nothing is written. The audit row goes to the row's
    ente (`organization`, for the ente's own row).
    """
    fields = list(fields) if fields is not None else None
    with _named_change(instance, user, action), transaction.atomic():
        if instance.pk is None:
            validate(instance)
            try:
                with transaction.atomic():
                    instance.save()
            except IntegrityError:  # checked just now: the same row was inserted meanwhile
                raise StaleEdit(StaleEdit.message) from None
        else:
            validate(instance, fields)
            if expected_version is not None:
                save_if_unchanged(instance, expected_version, fields or _stored_fields(instance))
            else:
                instance.save(update_fields=fields)
        organization = organization or instance.organization
        tracked = has_history(type(instance))
        record(
            organization=organization, user=user, action=action, obj=instance, in_history=tracked, **details
        )
    return instance


def delete_audited(instance: models.Model, *, user, action: Action, **details) -> None:
    """Delete `instance` and write the audit row, in one transaction (the row is recorded first,
    while it still has its pk). The database's rules (PROTECT, RESTRICT) still apply."""
    tracked = has_history(type(instance))
    with _named_change(instance, user, action), transaction.atomic():
        record(
            organization=instance.organization,
            user=user,
            action=action,
            obj=instance,
            in_history=tracked,
            **details,
        )
        instance.delete()


def _stored_fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if not f.primary_key and f.name != "version"]
