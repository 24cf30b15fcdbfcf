"""Plausible ranges of the numbers and dates people type, written once.

The validators go on model fields (`validators=`), so a form and the JSON import (which runs
`full_clean()` on each row) refuse the same values with the same Italian message, on SQLite as
on PostgreSQL: SQLite stores any integer and any date, and PostgreSQL's column limits (32767,
year 9999) are not a plausible range either. What depends on a plan's years (a hire within the
triennium, a review within the reference year) is in the models' clean().
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from .formatting import it_number

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def is_plausible(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def plausible_date(value: date) -> None:
    """Any date of the product, before the relation to a plan: 01/01/1900-31/12/2100."""
    if not is_plausible(value):
        raise ValidationError(
            f"Data non plausibile: indicare una data tra il {EARLIEST_DATE:%d/%m/%Y} "
            f"e il {LATEST_DATE:%d/%m/%Y}.",
            code="implausible_date",
        )


def between(low, high, message: str = "") -> list:
    """Min and max validators with one Italian message (no "%": Django formats it)."""
    message = message or f"Indicare un valore tra {it_number(low)} e {it_number(high)}."
    return [MinValueValidator(low, message), MaxValueValidator(high, message)]


YEAR = between(EARLIEST_YEAR, LATEST_YEAR, f"Indicare un anno tra il {EARLIEST_YEAR} e il {LATEST_YEAR}.")
ORDER = between(0, 9999)  # a position in a list
PERCENT = between(0, 100, "Indicare una percentuale tra 0 e 100.")


def day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def window_error(value: date | None, earliest: date, latest: date, why: str) -> str | None:
    """The message for a date outside [earliest, latest], `why` saying where the bounds come from.

    An implausible date is left to `plausible_date`, so the field gets one message, not two."""
    if value is None or earliest <= value <= latest or not is_plausible(value):
        return None
    return f"La data deve cadere tra il {day(earliest)} e il {day(latest)} ({why})."


def future_error(value: date | None, today: date) -> str | None:
    """For what has already happened (a request received, a publication): not after today."""
    if value is None or value <= today or not is_plausible(value):
        return None
    return f"La data non può essere successiva a oggi ({day(today)})."
