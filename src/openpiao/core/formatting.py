"""Italian number formatting for messages and documents (1.234,5; € 1.234,50)."""

from decimal import Decimal


def it_number(value, decimals: int | None = None) -> str:
    """1234.5 → "1.234,5"; trailing zeros dropped unless `decimals` is given."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if decimals is None:
        text = format(number.normalize(), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        integer, _, fraction = text.partition(".")
    else:
        integer, _, fraction = f"{number:.{decimals}f}".partition(".")
    sign = "-" if integer.startswith("-") else ""
    digits = integer.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def it_money(value) -> str:
    return "" if value is None else f"€ {it_number(value, 2)}"


def it_percent(value, decimals: int | None = None) -> str:
    return "" if value is None else f"{it_number(value, decimals)}%"
