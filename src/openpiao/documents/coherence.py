"""Checks across sections that only a plan held as data can make. No Django import.

- staff_outside_units: personale coinvolto in an objective should work in the unit that
  owns it, in a co-responsible unit (obiettivo intersettoriale) or in one of their
  sub-units; anyone else is either a mistake or a co-unit left out.
- headcount_mismatch: the number of employees of Sezione 1 (dipendenti al 31 dicembre) and
  the dotazione organica of Sezione 3.1 (and 3.3, when it states one) describe the same
  staff at the same date, so they must agree (art. 4 c. 1 lett. c DM 132/2022: consistenza
  del personale al 31 dicembre dell'anno precedente).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


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
