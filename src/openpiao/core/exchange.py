"""Building blocks of the plan's open-data JSON (see docs/export-format.md).

Rows are written with natural keys (unit codes, employee keys), never database ids, so a
document can be read by anyone and imported into another installation. Decimals travel as
strings ("1329200.48") and dates as ISO strings ("2024-03-31") so nothing is rounded.
"""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError


class Audience(StrEnum):
    """Whom a plan document is written for; every export names one.

    BACKUP: everything entered, to restore or copy a plan (the round-trip tests, the demo
    fixtures); only for the roles that see all of an ente's data (organizations.models.
    SPECIAL_CATEGORY_READERS). PUBLIC: open data and the frozen version of an adopted plan;
    no personal data beyond what the printed plan legally shows (no smart-working agreements,
    no per-person training, no employee's gender, contract or dates of service).
    """

    BACKUP = "backup"
    PUBLIC = "public"


class ImportProblem(Exception):
    """A document that cannot be imported; the message says where and why, in Italian."""


def dec(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def to_dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def values_for(model, row: dict, names) -> dict:
    """The named fields of a document row, typed as `model` stores them: the reverse of
    `fields_of` (decimal strings, ISO dates, null text as "")."""
    from django.db import models

    values = {}
    for name in names:
        if name not in row:
            continue
        value, field = row[name], model._meta.get_field(name)
        if isinstance(field, models.DecimalField):
            value = to_dec(value)
        elif isinstance(field, models.DateField):
            value = to_date(value)
        elif value is None and field.empty_strings_allowed:
            value = ""
        values[name] = value
    return values


def fields_of(instance, names: list[str]) -> dict:
    """Plain fields of a row, converted for JSON."""
    result = {}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, Decimal):
            value = dec(value)
        elif isinstance(value, date):
            value = iso(value)
        result[name] = value
    return result


def save_row(instance, where: str):
    """Validate like a form would, then save; a failure names the row in the document."""
    try:
        instance.full_clean()
    except ValidationError as error:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        raise ImportProblem(f"{where}: {details}") from None
    instance.save()
    return instance


def lookup(mapping: dict, key, where: str, what: str):
    if key in (None, ""):
        return None
    try:
        return mapping[key]
    except KeyError:
        raise ImportProblem(f"{where}: {what} «{key}» non presente nel documento.") from None
