"""Checks across sections that only a plan held as data can make. No Django import.

- staff_outside_units: personale coinvolto in an objective should work in the unit that
  owns it, in a co-responsible unit (obiettivo intersettoriale) or in one of their
  sub-units; anyone else is either a mistake or a co-unit left out.
- headcount_mismatch: the number of employees of Sezione 1 (dipendenti al 31 dicembre) and
  the dotazione organica of Sezione 3.1 (and 3.3, when it states one) describe the same
  staff at the same date, so they must agree (art. 4 c. 1 lett. c DM 132/2022: consistenza
  del personale al 31 dicembre dell'anno precedente).
- staff_jumps: employees at 31 December that changed by more than half from one year to the
  next. Possible (a service taken back in house), but more often a typing error, and the
  count decides the simplified regime: worth a second look, not a refusal.
- stated_figures: the ente's own text quoting the DM 17 marzo 2020 (Tabella 1 and Tabella 3
  percentages, the Tabella 1 threshold in euro) with a value other than the one the plan
  computes from the law. The printed figures are the computed ones; the text is the ente's,
  so the difference is reported, for the ente to correct its words.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

STAFF_JUMP = Fraction(1, 2)  # a change larger than this share of the year before is unusual


def units_below(roots: Iterable[int], parent_of: Mapping[int, int | None]) -> set[int]:
    """The given units and every unit under them in the organigramma."""
    children: dict[int | None, list[int]] = {}
    for unit, parent in parent_of.items():
        children.setdefault(parent, []).append(unit)
    result: set[int] = set()
    pending = list(roots)
    while pending:
        unit = pending.pop()
        if unit in result:
            continue
        result.add(unit)
        pending.extend(children.get(unit, []))
    return result


def staff_outside_units(
    staff_units: Mapping[str, int], owner_units: Iterable[int], parent_of: Mapping[int, int | None]
) -> list[str]:
    """Names (keys of `staff_units`) whose unit is not under the objective's units."""
    allowed = units_below(owner_units, parent_of)
    return sorted(name for name, unit in staff_units.items() if unit not in allowed)


@dataclass(frozen=True)
class HeadcountComparison:
    label: str  # where the second figure comes from, e.g. "Sottosezione 3.1 (dotazione organica)"
    figure: int
    declared: int  # Sezione 1, dipendenti al 31 dicembre

    @property
    def agrees(self) -> bool:
        return self.figure == self.declared


def headcount_mismatch(declared: int | None, figures: Mapping[str, int]) -> list[HeadcountComparison]:
    """The figures that disagree with the employees declared in Sezione 1."""
    if declared is None:
        return []
    comparisons = [HeadcountComparison(label, figure, declared) for label, figure in figures.items()]
    return [c for c in comparisons if not c.agrees]


@dataclass(frozen=True)
class StaffJump:
    year: int
    before: int  # employees at 31/12 of year - 1
    after: int  # employees at 31/12 of year


def staff_jumps(employees_by_year: Mapping[int, int]) -> list[StaffJump]:
    """Consecutive years whose employees changed by more than STAFF_JUMP of the year before."""
    return [
        StaffJump(year, employees_by_year[year - 1], employees)
        for year, employees in sorted(employees_by_year.items())
        if year - 1 in employees_by_year
        and employees_by_year[year - 1] > 0
        and abs(employees - employees_by_year[year - 1]) > STAFF_JUMP * employees_by_year[year - 1]
    ]


# "… in Tabella 3 è pari al 25%", "ai sensi della *Tabella 1* del decreto, di Euro 1.379.694,00"
_TABLE_PERCENT = re.compile(
    r"Tabella\W{0,3}([13])\b[^.;%\n]{0,40}?pari al\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*%", re.I
)
_TABLE1_AMOUNT = re.compile(r"Tabella\W{0,3}1\b[^;%\n]{0,60}?(?:Euro|€)\s*(\d{1,3}(?:\.\d{3})+,\d{2})", re.I)


@dataclass(frozen=True)
class StatedFigure:
    what: str  # e.g. "Tabella 3"
    stated: Decimal
    computed: Decimal
    unit: str  # "%" or "€"


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
    except InvalidOperation:
        return None


def stated_figures(
    text: str, *, table1_pct: Decimal | None, table3_pct: Decimal | None, table1_threshold: Decimal | None
) -> list[StatedFigure]:
    """Figures of the DM 17 marzo 2020 the text states differently from the computed ones."""
    computed = {"1": table1_pct, "3": table3_pct}
    found = []
    for table, value in _TABLE_PERCENT.findall(text or ""):
        stated, law = _number(value), computed[table]
        if stated is not None and law is not None and stated != law:
            found.append(StatedFigure(f"Tabella {table}", stated, law, "%"))
    for value in _TABLE1_AMOUNT.findall(text or ""):
        stated = _number(value)
        if stated is not None and table1_threshold is not None and stated != table1_threshold:
            found.append(StatedFigure("soglia di spesa della Tabella 1", stated, table1_threshold, "€"))
    return found
