"""The twelve months of the cronoprogramma grid."""

from django.core.exceptions import ValidationError

MONTH_NAMES = (
    "Gennaio",
    "Febbraio",
    "Marzo",
    "Aprile",
    "Maggio",
    "Giugno",
    "Luglio",
    "Agosto",
    "Settembre",
    "Ottobre",
    "Novembre",
    "Dicembre",
)


def normalize_months(months) -> list[int]:
    """Sorted unique month numbers; raises ValueError on anything outside 1-12."""
    result = sorted({int(m) for m in months})
    if any(m < 1 or m > 12 for m in result):
        raise ValueError("I mesi vanno da 1 (gennaio) a 12 (dicembre).")
    return result


def validate_months(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("I mesi devono essere un elenco.")
    try:
        if normalize_months(value) != value:
            raise ValidationError("I mesi devono essere in ordine e senza ripetizioni.")
    except (TypeError, ValueError) as error:
        raise ValidationError(str(error)) from None


def month_grid(months: list[int]) -> list[bool]:
    """Twelve booleans, one per month: the row of the cronoprogramma."""
    chosen = set(months)
    return [m in chosen for m in range(1, 13)]
