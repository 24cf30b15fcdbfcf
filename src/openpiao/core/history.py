"""The versions of the rows (django-simple-history), where Django's signals do not see a write.

A row saved or deleted through the ORM gets its historical record from simple-history's signals,
with the user of the request (its middleware) or the one a service names (`save_audited`). A
queryset update() or bulk_create() sends no signal: the writes that use them (the version check
of `core.locking`, the services that create many rows at once) record the versions here.
Outside a request (a background job), `acting_as` names the user the middleware would have.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import models
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.text import format_lazy
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

__all__ = [
    "ChangeKind",
    "History",
    "acting_as",
    "bulk_create_tracked",
    "delete_tracked",
    "has_history",
    "record_versions",
]


class ChangeKind(models.TextChoices):
    """simple-history's `history_type` codes, in Italian."""

    CREATED = "+", "inserimento"
    CHANGED = "~", "modifica"
    DELETED = "-", "eliminazione"


class History(HistoricalRecords):
    """simple-history's versions of a model, named in Italian (the register shows the names).

    `history_change_reason` holds the `core.audit.Action` of the write, when a service names it.
    """

    LABELS = {
        "history_id": "numero della versione",
        "history_date": "data della modifica",
        "history_change_reason": "azione",
        "history_user": "autore",
    }

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        for name, label in self.LABELS.items():
            extra[name].verbose_name = label
        extra["history_type"] = models.CharField("tipo di modifica", max_length=1, choices=ChangeKind.choices)
        return extra

    def post_delete(self, instance, using=None, **kwargs):
        # A bulk delete (`delete_tracked`) wrote this row's record already, with those of its kind.
        if not instance.__dict__.get("_history_recorded"):
            super().post_delete(instance, using=using, **kwargs)

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        meta["verbose_name"] = format_lazy("versione: {}", model._meta.verbose_name)
        meta["verbose_name_plural"] = format_lazy("versioni: {}", model._meta.verbose_name_plural)
        return meta


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Every historical record written inside names `user` as its author, as the request's
    middleware does for the user of the page: for the work a background job does for them.
    What was set before (a request's, in the same thread) is given back after."""
    context = HistoricalRecords.context
    missing = object()
    before = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if before is missing:
            del context.request
        else:
            context.request = before


def has_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def record_versions(instances: Iterable[models.Model], *, changed: bool = True) -> None:
    """Write the historical record of rows written without save() (as they are now in memory)."""
    instances = list(instances)
    if instances and has_history(type(instances[0])):
        get_history_manager_for_model(type(instances[0])).bulk_history_create(instances, update=changed)


def bulk_create_tracked(model: type[models.Model], rows: Iterable[models.Model], *, user=None, reason=""):
    """bulk_create with the rows' first historical records, in the same transaction."""
    rows = list(rows)
    if not has_history(model):
        return model.objects.bulk_create(rows)
    return bulk_create_with_history(
        rows,
        model,
        default_user=user if getattr(user, "is_authenticated", False) else None,
        default_change_reason=str(reason),
    )


def delete_tracked(collector: Collector, *, user=None, reason="") -> None:
    """Delete the rows `collector` gathered (Django's cascade, in one transaction) with their
    historical records of deletion written one INSERT per kind, where simple-history's signals
    write one per row."""
    when = timezone.now()
    user = user if getattr(user, "is_authenticated", False) else None
    for model, instances in collector.data.items():
        if not has_history(model):
            continue
        history = get_history_manager_for_model(model).model
        records = []
        for instance in instances:
            instance._history_recorded = True
            records.append(
                history(
                    history_date=when,
                    history_user=user,
                    history_change_reason=str(reason),
                    history_type=ChangeKind.DELETED,
                    **{field.attname: getattr(instance, field.attname) for field in history.tracked_fields},
                )
            )
        history.objects.bulk_create(records)
    collector.delete()
