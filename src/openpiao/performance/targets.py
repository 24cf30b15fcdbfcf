"""Read a valore atteso as written in a plan into a typed target.

Plans write targets as people speak: "1100", "< di 5", "100%", "+ 19", "€ 300,00",
"SI", "Entro 31/12/2024", "31.12.2023", "Settembre 2023". `parse_target` keeps the text
and extracts what a computation needs (comparator and number, flag, or deadline), or
raises `TargetError` with an Italian message saying what is expected for that kind.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

NUMBER_KINDS = {"number", "percentage"}

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        start=1,
    )
}

# Longest first, so "<=" wins over "<".
_COMPARATORS = [
    ("<=", "le"),
    ("≤", "le"),
    (">=", "ge"),
    ("≥", "ge"),
    ("<", "lt"),
    (">", "gt"),
    ("=", "eq"),
    ("almeno", "ge"),
    ("non meno di", "ge"),
    ("minimo", "ge"),
    ("non oltre", "le"),
    ("non più di", "le"),
    ("massimo", "le"),
    ("max", "le"),
    ("meno di", "lt"),
    ("più di", "gt"),
]
_NUMBER = re.compile(r"[-+]?\s*\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-+]?\s*\d+(?:[.,]\d+)?")
_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_YES = {"si", "sì", "sí", "yes", "vero", "effettuato", "effettuata", "presente"}
_NO = {"no", "falso", "assente"}


class TargetError(ValueError):
    """A target that cannot be read for its indicator kind; the message is for the user."""


@dataclass(frozen=True)
class Target:
    kind: str
    text: str
    comparator: str | None = None  # lt, le, eq, ge, gt: only when written in the target
    number: Decimal | None = None
    flag: bool | None = None
    deadline: date | None = None


def parse_italian_number(text: str) -> Decimal:
    """ "1.100" → 1100, "300,00" → 300.00, "24.70" → 24.70 (a lone dot with 1-2 decimals)."""
    cleaned = text.replace(" ", "").lstrip("+")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise TargetError(f"«{text}» non è un numero.") from None


def _parse_number_target(kind: str, text: str) -> Target:
    rest = text.strip().lower()
    comparator = None
    for token, name in _COMPARATORS:
        if rest.startswith(token):
            comparator = name
            rest = rest[len(token) :].strip()
            rest = re.sub(r"^(di|a)\s+", "", rest)
            break
    match = _NUMBER.search(rest)
    if not match:
        example = "«100%» o «almeno 80%»" if kind == "percentage" else "«1100» o «< di 5»"
        raise TargetError(f"Il valore atteso deve contenere un numero, per esempio {example}.")
    number = parse_italian_number(match.group())
    if number < 0 and kind == "percentage":
        raise TargetError("Una percentuale attesa non può essere negativa.")
    if number > 100 and kind == "percentage":
        raise TargetError("Una percentuale attesa non può superare 100.")
    return Target(kind=kind, text=text, comparator=comparator, number=number)


def parse_deadline(text: str) -> date | None:
    """The date in "Entro 31/12/2024", "31.12.2023" or the month end of "Settembre 2023"."""
    if match := _DATE.search(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise TargetError(f"«{match.group()}» non è una data valida.") from None
    if match := _MONTH_YEAR.search(text):
        month, year = MONTHS[match.group(1).lower()], int(match.group(2))
        return date(year, month, calendar.monthrange(year, month)[1])
    return None


def parse_target(kind: str, text: str) -> Target:
    text = (text or "").strip()
    if not text:
        raise TargetError("Indicare il valore atteso.")
    if kind in NUMBER_KINDS:
        return _parse_number_target(kind, text)
    if kind == "boolean":
        word = text.lower().rstrip(".")
        if word in _YES:
            return Target(kind=kind, text=text, flag=True)
        if word in _NO:
            return Target(kind=kind, text=text, flag=False)
        raise TargetError("Per un indicatore Sì/No scrivere «SI» oppure «NO».")
    if kind == "deadline":
        deadline = parse_deadline(text)
        if deadline is None:
            raise TargetError(
                "Per un indicatore a scadenza indicare una data, per esempio «Entro 31/12/2024»."
            )
        return Target(kind=kind, text=text, deadline=deadline)
    if kind == "text":
        return Target(kind=kind, text=text)
    raise TargetError(f"Tipo di indicatore sconosciuto: {kind}.")


def check_target(kind: str, text: str, year: int, last_year: int) -> Target:
    """`parse_target`, refusing what the valore atteso of `year` in a triennium ending in
    `last_year` cannot be: a deadline before its year or after the triennium."""
    target = parse_target(kind, text)
    if target.deadline and not date(year, 1, 1) <= target.deadline <= date(last_year, 12, 31):
        raise TargetError(
            f"La scadenza del valore atteso {year} deve cadere tra il 01/01/{year} "
            f"e il 31/12/{last_year}, fine del triennio."
        )
    return target
