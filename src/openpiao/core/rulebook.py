"""The rules by year: which edition of every reference catalogue governs a plan.

Every catalogue file says the years it applies to (`valid_from`, `valid_to`: the first years of
the trienni it governs). A catalogue may have several editions, one file each with the same
`key` (the PNA 2022 risk map and the PNA 2025 one); their years never overlap. A plan is governed
by the editions in force for its first year, recorded on the plan (`Plan.rule_versions`) when it
is made and never changed afterwards: an adopted plan keeps them for ever, and the next plan made
by the roll-over takes those in force for its own triennium, with the list of what changed
(`changes`).
"""

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from django.conf import settings

from . import rule_changes
from .catalogues import CatalogueError, read_catalogue


@dataclass(frozen=True)
class Edition:
    key: str
    title: str
    version: str
    valid_from: int
    valid_to: int | None
    file: str
    source: str

    def covers(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    @property
    def years(self) -> str:
        """The years it governs, in Italian («dal 2027», «2022–2026»)."""
        return f"dal {self.valid_from}" if self.valid_to is None else f"{self.valid_from}–{self.valid_to}"


@dataclass(frozen=True)
class CatalogueChange:
    """One catalogue between the editions of two plans, with its rows that changed."""

    key: str
    title: str
    before: str
    after: str
    years: str
    rows: tuple[rule_changes.RowChange, ...] = ()
    note: str = ""


@cache
def _editions(folder: Path) -> tuple[Edition, ...]:
    found = []
    for path in sorted(folder.glob("*.yaml")):
        data = read_catalogue(path.name)
        found.append(
            Edition(
                key=data["key"],
                title=data["title"],
                version=str(data["version"]),
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                file=path.name,
                source=" ".join(data["source"].split()),
            )
        )
    found.sort(key=lambda e: (e.key, e.valid_from))
    for before, after in pairwise(found):
        if before.key != after.key:
            continue
        if before.version == after.version:
            raise CatalogueError(f"{after.file}: versione {after.version} già usata da {before.file}.")
        if before.valid_to is None or before.valid_to >= after.valid_from:
            raise CatalogueError(f"{after.file}: gli anni si sovrappongono a quelli di {before.file}.")
    return tuple(found)


def editions() -> tuple[Edition, ...]:
    """Every edition of every catalogue, by key and then by year."""
    return _editions(Path(settings.REFERENCE_DATA_DIR))


def editions_of(key: str) -> list[Edition]:
    return [e for e in editions() if e.key == key]


def in_force(key: str, year: int) -> Edition | None:
    """The edition of `key` that governs the plans whose triennium starts in `year`."""
    return next((e for e in editions_of(key) if e.covers(year)), None)


def latest(key: str) -> Edition:
    return editions_of(key)[-1]


def versions_for(first_year: int) -> dict[str, str]:
    """Catalogue key → version, of the editions in force for a triennium starting in `first_year`."""
    return {e.key: e.version for e in editions() if e.covers(first_year)}


def edition(key: str, version: str) -> Edition | None:
    return next((e for e in editions_of(key) if e.version == version), None)


def read_edition(key: str, version: str) -> dict | None:
    """The content of one edition (None if that version is no longer among the files)."""
    found = edition(key, version)
    return read_catalogue(found.file) if found else None


def describe(versions: dict[str, str]) -> list[dict[str, str]]:
    """The editions a plan records, in key order: title, version, years and source."""
    rows = []
    for key, version in sorted(versions.items()):
        found = edition(key, version)
        rows.append(
            {"title": found.title, "version": version, "years": found.years, "source": found.source}
            if found
            else {
                "title": key,
                "version": version,
                "years": "",
                "source": "edizione non più tra i dati di riferimento",
            }
        )
    return rows


def changes(before: dict[str, str], after: dict[str, str]) -> list[CatalogueChange]:
    """What changed from the editions `before` (a plan's) to `after` (its successor's)."""
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if new is None:
            gone = edition(key, old)
            found.append(
                CatalogueChange(
                    key,
                    gone.title if gone else key,
                    old,
                    "",
                    "",
                    note="non più in vigore per il nuovo triennio",
                )
            )
            continue
        current = edition(key, new)
        if old is None:
            found.append(CatalogueChange(key, current.title, "", new, current.years, note="nuovo catalogo"))
            continue
        previous = read_edition(key, old)
        rows = tuple(rule_changes.diff(previous, read_catalogue(current.file))) if previous else ()
        note = "" if previous else "la versione precedente non è più tra i dati di riferimento"
        found.append(CatalogueChange(key, current.title, old, new, current.years, rows, note))
    return found
