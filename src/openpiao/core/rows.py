"""Plain data for the services: a row's values checked by the model's own rules, and the rows of
a table edited as a whole (what a formset posts, what an API sends as a list).

Services take model field names → cleaned values, never a form: the pages, the importers and
an API call the same writes. The rules are the models' (`clean()`, field validators,
constraints), run here by `validate` inside the service's transaction.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .locking import StaleEdit, save_if_unchanged


def validate(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """The model's rules on a row about to be written; ValidationError if it is refused.

    Without `fields`, the whole row (`full_clean`). With `fields` (an update of those), as a
    ModelForm checks what it shows: their field rules, the model's `clean()`, and the
    uniqueness and constraints that involve them with the row's relations (the plan, the parent
    row); fields not written are not judged again.
    """
    if fields is None:
        instance.full_clean()
        return
    written = set(fields)
    exclude = [f.name for f in instance._meta.concrete_fields if f.name not in written and not f.is_relation]
    instance.full_clean(exclude=exclude)


def set_values(instance: models.Model, values: Mapping[str, Any]) -> None:
    """Set the concrete fields of `values` on `instance` (many-to-many ones are the caller's)."""
    for name, value in values.items():
        setattr(instance, name, value)


@dataclass(frozen=True)
class RowEdit:
    """One row of a table edited as a whole.

    `pk` None is a new row; `delete` removes the row `pk`; otherwise `values` (model field name
    → cleaned value) are written into it. `expected_version` is the row's own version, for the
    tables whose rows are version-checked one by one.
    """

    pk: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    delete: bool = False
    expected_version: int | None = None


class RowsInvalid(ValidationError):
    """Rows the model's rules refuse: `rows` maps each one's position in the list to its error."""

    def __init__(self, rows: dict[int, ValidationError]):
        self.rows = rows
        super().__init__([message for error in rows.values() for message in error.messages])


def save_rows(
    rows: Iterable[RowEdit],
    *,
    queryset: models.QuerySet,
    new: Callable[[], models.Model] | None,
    versioned: bool = False,
) -> list[models.Model]:
    """Apply `rows` to the rows of `queryset`, as a formset's save does: each one deleted,
    updated (its `values` only) or added (`new()` makes the row, with its ente and parent;
    `new` None: a table whose rows are only edited, a new one is refused).

    `queryset` is the table's scope: a pk outside it is a row someone else removed (StaleEdit).
    Every row is checked first (RowsInvalid, nothing written). With `versioned`, each row is
    deleted or updated only if it still has its `expected_version`, and a row added meanwhile
    by someone else (a unique constraint) is a StaleEdit too. Call inside the service's
    transaction. Returns the rows written, in order.
    """
    rows = list(rows)
    stored = queryset.in_bulk([r.pk for r in rows if r.pk is not None])
    planned: list[tuple[RowEdit, models.Model]] = []
    errors: dict[int, ValidationError] = {}
    for index, edit in enumerate(rows):
        if edit.delete:
            if edit.pk in stored:
                planned.append((edit, stored[edit.pk]))
            elif versioned:  # removed meanwhile by someone else
                raise StaleEdit(StaleEdit.message)
            continue
        if edit.pk is None:
            if new is None:
                errors[index] = ValidationError("Questa tabella non accetta righe nuove.")
                continue
            instance = new()
        elif edit.pk in stored:
            instance = stored[edit.pk]
        else:
            raise StaleEdit(StaleEdit.message)
        set_values(instance, edit.values)
        try:
            validate(instance, None if edit.pk is None else list(edit.values))
        except ValidationError as error:
            errors[index] = error
        planned.append((edit, instance))
    if errors:
        raise RowsInvalid(errors)
    written = []
    for edit, instance in planned:
        if edit.delete:
            _delete(instance, edit, versioned)
        elif edit.pk is None:
            _insert(instance, versioned)
            written.append(instance)
        else:
            if versioned:
                save_if_unchanged(instance, edit.expected_version or 0, list(edit.values))
            else:
                instance.save()
            written.append(instance)
    return written


def _delete(instance: models.Model, edit: RowEdit, versioned: bool) -> None:
    if not versioned:
        instance.delete()
        return
    deleted, _ = type(instance).objects.filter(pk=instance.pk, version=edit.expected_version).delete()
    if not deleted:
        raise StaleEdit(StaleEdit.message)


def _insert(instance: models.Model, versioned: bool) -> None:
    if not versioned:
        instance.save()
        return
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:  # the same row (a unique constraint) added meanwhile by someone else
        raise StaleEdit(StaleEdit.message) from None
