"""Read a valore atteso as written in a plan into a typed target.

Plans write targets as people speak: "1100", "< di 5", "100%", "+ 19", "€ 300,00",
"SI", "SI/NO", "Entro 31/12/2024", "31.12.2023", "Settembre 2023", and, under the column of
their year, dates without the year: "entro il 30 settembre", "14-16 giugno", "entro il primo
semestre", "Approvazione del regolamento entro il 30/09". `parse_target` keeps the text and
extracts what a computation needs (comparator and number, flag, or deadline and the start of
a date range), or raises `TargetError` with an Italian message saying what is expected for
that kind. `check_target` also refuses a deadline outside the year the target is written
for: a target is never silently filed under another year.
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
_MONTH_NAMES = "|".join(MONTHS)
# "14-16 giugno [2024]", "dal 14 al 16 giugno": a range of days within one month.
_DAY_RANGE = re.compile(
    r"\b(?:dal\s+)?(\d{1,2})\s*(?:-|–|al)\s*(\d{1,2})\s+(" + _MONTH_NAMES + r")(?:\s+(\d{4}))?\b",
    re.IGNORECASE,
)
# "30 settembre [2024]", "1° luglio".
_DAY_MONTH = re.compile(r"\b(\d{1,2})°?\s+(" + _MONTH_NAMES + r")(?:\s+(\d{4}))?\b", re.IGNORECASE)
# "30/09", "30.09" without the year (not followed by another number).
_DAY_MONTH_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})\b(?![/.\-]?\d)")
_MONTH_ALONE = re.compile(r"\b(" + _MONTH_NAMES + r")\b", re.IGNORECASE)
# Parts of the year: the last day of the period.
_PERIODS = [
    (re.compile(r"\b(primo|1°|i)\s+semestre\b", re.IGNORECASE), (6, 30)),
    (re.compile(r"\b(secondo|2°|ii)\s+semestre\b", re.IGNORECASE), (12, 31)),
    (re.compile(r"\b(primo|1°|i)\s+trimestre\b", re.IGNORECASE), (3, 31)),
    (re.compile(r"\b(secondo|2°|ii)\s+trimestre\b", re.IGNORECASE), (6, 30)),
    (re.compile(r"\b(terzo|3°|iii)\s+trimestre\b", re.IGNORECASE), (9, 30)),
    (re.compile(r"\b(quarto|4°|iv)\s+trimestre\b", re.IGNORECASE), (12, 31)),
    (re.compile(r"\bfine\s+(?:dell')?anno\b", re.IGNORECASE), (12, 31)),
]
_YES = {"si", "sì", "sí", "yes", "vero", "effettuato", "effettuata", "presente", "si/no", "sì/no"}
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
    start: date | None = None  # first day of a date range ("14-16 giugno"), else None


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


def _date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise TargetError(f"«{text}» non è una data valida.") from None


def _without_year(text: str) -> TargetError:
    return TargetError(f"«{text}»: manca l'anno; scriverlo (es. «entro il 30/09/2024»).")


def parse_dates(text: str, year: int | None = None) -> tuple[date | None, date | None]:
    """(start, deadline) written in the text: the start only for a range of days.

    A date without its year ("30 settembre", "primo semestre") takes `year`, the year the
    target is written for; without it such a date is refused.
    """
    if match := _DATE.search(text):
        day, month, full_year = (int(g) for g in match.groups())
        return None, _date(full_year, month, day, match.group())
    if match := _DAY_RANGE.search(text):
        first, last, month_name, written = match.groups()
        if written is None and year is None:
            raise _without_year(match.group())
        in_year, month = int(written) if written else year, MONTHS[month_name.lower()]
        start, end = (
            _date(in_year, month, int(first), match.group()),
            _date(in_year, month, int(last), match.group()),
        )
        if end < start:
            raise TargetError(f"«{match.group()}»: il primo giorno viene dopo l'ultimo.")
        return start, end
    if match := _DAY_MONTH.search(text):
        day, month_name, written = match.groups()
        if written is None and year is None:
            raise _without_year(match.group())
        return None, _date(
            int(written) if written else year, MONTHS[month_name.lower()], int(day), match.group()
        )
    if match := _MONTH_YEAR.search(text):
        month, in_year = MONTHS[match.group(1).lower()], int(match.group(2))
        return None, date(in_year, month, calendar.monthrange(in_year, month)[1])
    found = [(pattern.search(text), end) for pattern, end in _PERIODS]
    found += [(_DAY_MONTH_NUMERIC.search(text), None), (_MONTH_ALONE.search(text), None)]
    for match, end in found:
        if not match:
            continue
        if year is None:
            raise _without_year(match.group())
        if end is not None:
            return None, date(year, *end)
        if match.re is _DAY_MONTH_NUMERIC:
            day, month = (int(g) for g in match.groups())
            return None, _date(year, month, day, match.group())
        month = MONTHS[match.group(1).lower()]
        return None, date(year, month, calendar.monthrange(year, month)[1])
    return None, None


def parse_target(kind: str, text: str, year: int | None = None) -> Target:
    """The target `text` of an indicator of `kind`, written for `year` (which dates without
    their year take)."""
    text = (text or "").strip()
    if not text:
        raise TargetError("Indicare il valore atteso.")
    if kind in NUMBER_KINDS:
        return _parse_number_target(kind, text)
    if kind == "boolean":
        word = text.lower().rstrip(".").replace(" ", "")
        if word in _YES:
            return Target(kind=kind, text=text, flag=True)
        if word in _NO:
            return Target(kind=kind, text=text, flag=False)
        raise TargetError("Per un indicatore Sì/No scrivere «SI» oppure «NO».")
    if kind == "deadline":
        start, deadline = parse_dates(text, year)
        if deadline is None:
            raise TargetError(
                "Per un indicatore a scadenza indicare una data, per esempio «Entro 31/12/2024», "
                "«entro il 30 settembre», «14-16 giugno» o «entro il primo semestre»."
            )
        return Target(kind=kind, text=text, deadline=deadline, start=start)
    if kind == "text":
        return Target(kind=kind, text=text)
    raise TargetError(f"Tipo di indicatore sconosciuto: {kind}.")


def check_target(kind: str, text: str, year: int) -> Target:
    """`parse_target`, refusing a deadline outside `year`, the year the target is written
    for: a deadline of another year goes under that year, never silently under this one."""
    target = parse_target(kind, text, year)
    dates = [d for d in (target.start, target.deadline) if d]
    if any(d.year != year for d in dates):
        raise TargetError(
            f"La scadenza del valore atteso {year} deve cadere nel {year} "
            f"(dal 01/01/{year} al 31/12/{year}): una scadenza di un altro anno va scritta "
            "sotto quell'anno."
        )
    return target
