"""How a stored value of a row reads in the register: choices by their label, yes/no, Italian
numbers and dates, a linked row by its name (fetched with the other rows of the page)."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from openpiao.core.formatting import it_number

EMPTY = "—"
# The fields a row is known by, in order of preference (read from the row, no query).
NAME_FIELDS = ("title", "name", "description", "profile", "activity", "label", "code", "year")
# Bookkeeping that says nothing to a reader: the ente and plan (the page is of one ente, the
# plan is the object's), the locking counter, the time stamps (the register has its own).
HIDDEN = {"id", "organization", "plan", "version", "created_at", "updated_at"}


def name_of(row) -> str:
    for name in NAME_FIELDS:
        value = getattr(row, name, None)
        if value not in (None, ""):
            text = str(value)
            return text if len(text) <= 80 else text[:79] + "…"
    return f"n. {row.pk}"


def shown_fields(model) -> list[models.Field]:
    """The fields of a model the register compares (the historical model has the same names)."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def readable(field: models.Field, value, names: dict) -> str:
    """`value` of `field` as the register prints it; `names`: (model, pk) → name of linked rows."""
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        return names.get((field.related_model, value), f"n. {value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal | float):
        return it_number(value)
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)
