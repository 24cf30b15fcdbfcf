"""Headcount at 31 December and the staff tables of Sezione 3 and of the positive-actions plan.

Every table is counted from the employees (one `StaffRow` each), never typed in: the dotazione
organica by service, category, qualifica, area and profile; and the gender tables (by contract,
by service, by area full and part time, by economic position, by category, responsabili).
No Django import.
"""

from collections import Counter
from dataclasses import dataclass, field

from openpiao.organization_chart.economic_positions import parse_position

AREAS = ("operatori", "operatori_esperti", "istruttori", "funzionari_eq")
AREA_LABELS = {
    "operatori": "Area degli Operatori",
    "operatori_esperti": "Area degli Operatori esperti",
    "istruttori": "Area degli Istruttori",
    "funzionari_eq": "Area dei Funzionari e dell'Elevata Qualificazione",
}
CATEGORIES = ("A", "B", "C", "D")
UNDECLARED = "N"  # genere non dichiarato ("n.d." in the published tables)
GENDERS = ("M", "F")
GENDER_LABELS = {"M": "Uomini", "F": "Donne", UNDECLARED: "Non dichiarato"}
CONTRACTS = ("permanent", "fixed_term")
CONTRACT_LABELS = {"permanent": "Tempo indeterminato", "fixed_term": "Tempo determinato"}


@dataclass(frozen=True)
class StaffRow:
    key: str
    gender: str  # "M" | "F" | "N" (not declared)
    unit: str  # service name
    unit_order: int
    area: str
    old_category: str = ""
    economic_position: str = ""
    job_title: str = ""
    profile: str = ""
    part_time: bool = False
    contract: str = "permanent"
    is_eq_holder: bool = False


@dataclass
class CountTable:
    """Counts by row and column, with totals: what every table of the seed prints."""

    title: str
    columns: list[str]
    column_labels: list[str]
    rows: list[str]
    row_labels: list[str]
    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.cell(row, c) for c in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.cell(r, column) for r in self.rows)

    @property
    def column_totals(self) -> list[int]:
        return [self.column_total(c) for c in self.columns]

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def grid(self) -> list[dict]:
        """Rows for a template: label, cells in column order, row total."""
        return [
            {
                "key": r,
                "label": label,
                "cells": [self.cell(r, c) for c in self.columns],
                "total": self.row_total(r),
            }
            for r, label in zip(self.rows, self.row_labels, strict=True)
        ]

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "columns": dict(zip(self.columns, self.column_labels, strict=True)),
            "rows": [
                {
                    "key": r,
                    "label": label,
                    **{c: self.cell(r, c) for c in self.columns},
                    "total": self.row_total(r),
                }
                for r, label in zip(self.rows, self.row_labels, strict=True)
            ],
            "total": self.total,
        }


def _table(title, columns, column_labels, rows, row_labels, pairs) -> CountTable:
    return CountTable(
        title, list(columns), list(column_labels), list(rows), list(row_labels), dict(Counter(pairs))
    )


def _genders(staff: list[StaffRow]) -> tuple[str, ...]:
    """Men and women, and «non dichiarato» only when someone's gender is not declared: a table
    never files an unknown gender under one of the two."""
    return GENDERS + ((UNDECLARED,) if any(s.gender == UNDECLARED for s in staff) else ())


def _units(staff: list[StaffRow]) -> list[str]:
    return [name for name, _ in sorted({(s.unit, s.unit_order) for s in staff}, key=lambda u: (u[1], u[0]))]


def gender_by_contract(staff: list[StaffRow]) -> CountTable:
    return _table(
        "Personale a tempo indeterminato e determinato",
        CONTRACTS,
        [CONTRACT_LABELS[c] for c in CONTRACTS],
        _genders(staff),
        [GENDER_LABELS[g] for g in _genders(staff)],
        ((s.gender, s.contract) for s in staff),
    )


def gender_by_unit(staff: list[StaffRow]) -> CountTable:
    units = _units(staff)
    return _table(
        "Personale così suddiviso per ambiti (servizi)",
        units,
        units,
        _genders(staff),
        [GENDER_LABELS[g] for g in _genders(staff)],
        ((s.gender, s.unit) for s in staff),
    )


def gender_by_area(staff: list[StaffRow], *, part_time: bool, contract: str = "permanent") -> CountTable:
    kind = "parziale" if part_time else "pieno"
    duration = CONTRACT_LABELS[contract].split()[-1]
    joined = "ed" if duration[0] in "aeiou" else "e"
    title = f"Dipendenti a tempo {kind} {joined} {duration}, suddivisi per categorie (aree)"
    return _table(
        title,
        AREAS,
        [AREA_LABELS[a] for a in AREAS],
        _genders(staff),
        [GENDER_LABELS[g] for g in _genders(staff)],
        ((s.gender, s.area) for s in staff if s.part_time == part_time and s.contract == contract),
    )


def economic_positions(staff: list[StaffRow]) -> list[str]:
    """Positions from the highest to the lowest present within each category (D6 … D1, C5 … C1 …)."""
    present: dict[str, set[int]] = {}
    for s in staff:
        parsed = parse_position(s.economic_position)
        if parsed and parsed[0] in CATEGORIES:
            present.setdefault(parsed[0], set()).add(parsed[1])
    result = []
    for category in reversed(CATEGORIES):
        if category in present:
            steps = present[category]
            result += [f"{category}{n}" for n in range(max(steps), min(steps) - 1, -1)]
    return result


def gender_by_economic_position(staff: list[StaffRow]) -> CountTable:
    positions = economic_positions(staff)
    return _table(
        "Posizioni economiche",
        _genders(staff),
        [GENDER_LABELS[g] for g in _genders(staff)],
        positions,
        [f"ex {p}" for p in positions],
        ((s.economic_position.upper(), s.gender) for s in staff if s.economic_position),
    )


def category_gender_time(staff: list[StaffRow]) -> CountTable:
    """The «dotazione organica del personale» grid: category × gender, full and part time rows."""
    short = {"M": "U", "F": "D", UNDECLARED: "n.d."}
    columns = [f"{c}{g}" for c in CATEGORIES for g in _genders(staff)]
    labels = [f"{c} {short[g]}" for c in CATEGORIES for g in _genders(staff)]
    return _table(
        "Dotazione organica del personale per categoria e genere",
        columns,
        labels,
        ("full", "part"),
        ("Posti a tempo pieno", "Posti a tempo parziale"),
        (("part" if s.part_time else "full", f"{s.old_category}{s.gender}") for s in staff if s.old_category),
    )


def responsabili_by_gender(staff: list[StaffRow]) -> CountTable:
    return _table(
        "Responsabili di area (titolari di E.Q., art. 107 d.lgs. 267/2000)",
        _genders(staff),
        [GENDER_LABELS[g] for g in _genders(staff)],
        ["eq"],
        ["Titolari di incarico di E.Q."],
        (("eq", s.gender) for s in staff if s.is_eq_holder),
    )


@dataclass(frozen=True)
class StaffingLine:
    unit: str
    old_category: str
    job_title: str
    count: int
    area: str
    profile: str

    @property
    def area_label(self) -> str:
        return AREA_LABELS.get(self.area, self.area)


def dotazione_organica(staff: list[StaffRow]) -> list[tuple[str, list[StaffingLine]]]:
    """Headcount by service, then category (D first), qualifica, area and profile: the 3.3 table."""
    counts = Counter((s.unit, s.old_category, s.job_title, s.area, s.profile) for s in staff)
    by_unit: dict[str, list[StaffingLine]] = {u: [] for u in _units(staff)}
    for (unit, category, title, area, profile), count in counts.items():
        by_unit[unit].append(StaffingLine(unit, category, title, count, area, profile))
    rank = {c: i for i, c in enumerate(reversed(CATEGORIES))}
    return [
        (unit, sorted(lines, key=lambda x: (rank.get(x.old_category, 9), x.job_title, x.profile)))
        for unit, lines in by_unit.items()
    ]


def gender_tables(staff: list[StaffRow]) -> dict[str, CountTable]:
    return {
        "by_contract": gender_by_contract(staff),
        "by_unit": gender_by_unit(staff),
        "full_time_by_area": gender_by_area(staff, part_time=False),
        "part_time_by_area": gender_by_area(staff, part_time=True),
        "by_economic_position": gender_by_economic_position(staff),
        "by_category": category_gender_time(staff),
        "responsabili": responsabili_by_gender(staff),
    }
