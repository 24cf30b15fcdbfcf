"""What changed between two plans of an ente, from their JSON documents (no Django here).

Rows are matched by their natural keys (unit code and number of an objective, codes, titles),
then compared field by field, lists inside a row matched by their own key (an indicator by its
description, a target by its year). Every field of the document takes part, so a field added to
the export is compared without being named here. The result is what the annex «Aggiornamento
rispetto al piano precedente» prints.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    path: str  # "objectives", or "human_capital.cessations"
    label: str
    key: tuple[str, ...]
    title: Callable[[Row, dict[str, str]], str]  # (row, unit names by code) → how it is named
    # How a row is read before comparing (e.g. a process by its latest assessment).
    prepare: Callable[[Row], Row] | None = None


def _field(name: str) -> Callable[[Row, dict[str, str]], str]:
    return lambda row, units: str(row.get(name) or "")


def _person(row: Row, units: dict[str, str]) -> str:
    return f"{row.get('last_name') or ''} {row.get('first_name') or ''}".strip() or str(row.get("key"))


def _objective(row: Row, units: dict[str, str]) -> str:
    return f"{_objective_ref(row, units)}: {row.get('title')}"


def _objective_ref(row: Row, units: dict[str, str]) -> str:
    """An objective as the printed plan names it: «Servizi per il Territorio, obiettivo n. 3»."""
    unit = units.get(str(row.get("unit")), str(row.get("unit")))
    return f"{unit}, obiettivo n. {row.get('number')}"


def _latest_assessment(row: Row) -> Row:
    """A process is compared by its latest assessment: the level (the RPCT's, else the computed
    one) and the judgments, whatever year each plan assessed it in."""
    assessments = [a for a in row.get("assessments") or [] if isinstance(a, dict)]
    latest = max(assessments, key=lambda a: str(a.get("year")), default={})
    rest = {name: value for name, value in row.items() if name != "assessments"}
    judgments = latest.get("judgments") or {}
    return {
        **rest,
        "risk_level": latest.get("override_level") or latest.get("computed_level") or "",
        "judgments": {
            code: value.get("level") if isinstance(value, dict) else value
            for code, value in judgments.items()
        },
    }


KINDS = [
    Kind("strategic_objectives", "Obiettivi strategici", ("code",), _field("title")),
    Kind("objectives", "Obiettivi di performance", ("unit", "number"), _objective),
    Kind("units", "Unità organizzative", ("code",), _field("name")),
    Kind("employees", "Personale", ("key",), _person),
    Kind("human_capital.cessations", "Cessazioni", ("year", "profile", "unit"), _field("profile")),
    Kind(
        "human_capital.planned_hires",
        "Assunzioni programmate",
        ("year", "profile", "unit"),
        _field("profile"),
    ),
    Kind("risk_processes", "Processi e livelli di rischio", ("code",), _field("name"), _latest_assessment),
    Kind("risk_measures", "Misure di prevenzione", ("title",), _field("title")),
    Kind("transparency_map", "Obblighi di trasparenza", ("duty",), _field("duty")),
]

# The key of the rows of a list inside a row (indicators by description, …), first one present.
# Fields that name a unit by its code: printed with the unit's name.
UNIT_FIELDS = {"unit", "co_units", "parent", "owner_unit", "producing_unit", "publishing_unit"}

NESTED_KEYS = ("year", "date", "code", "employee", "description", "title", "name", "label", "indicator")

LABELS = {
    "title": "descrizione",
    "description": "descrizione",
    "weight": "peso",
    "targets": "valori attesi",
    "indicators": "indicatori",
    "phases": "fasi",
    "months": "mesi",
    "participations": "personale coinvolto",
    "percent": "% partecipazione",
    "hours": "ore",
    "resources": "risorse",
    "cost": "costo",
    "first_year": "dall'anno",
    "last_year": "all'anno",
    "unit": "unità",
    "co_units": "unità corresponsabili",
    "strategic_objective": "obiettivo strategico",
    "kind": "tipo",
    "baseline": "valore di partenza",
    "assessments": "valutazioni",
    "monitoring": "monitoraggio",
    "level": "livello",
    "risk_level": "livello di esposizione al rischio",
    "judgments": "giudizi sugli indicatori",
    "events": "eventi rischiosi",
    "status": "stato",
    "deadline": "termine",
    "owner_unit": "unità responsabile",
    "producing_unit": "unità che elabora",
    "publishing_unit": "unità che pubblica",
    "head": "responsabile",
    "name": "denominazione",
    "year": "anno",
    "annual_cost": "costo annuo",
}


@dataclass(frozen=True)
class FieldChange:
    field: str  # «indicatori › Pratiche evase › valori attesi › 2025»
    before: str
    after: str


@dataclass
class RowChange:
    title: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class KindDiff:
    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_documents(
    old: dict,
    new: dict,
    kinds: list[Kind] = KINDS,
    labels: dict[str, str] | None = None,
    values: dict[tuple[str, str], str] | None = None,
) -> list[KindDiff]:
    """The changes from `old` to `new` (two plan documents), kind by kind, in the order of KINDS.

    A field is named by `labels` (the models' Italian names, given by the caller), else by LABELS,
    else by its key; a coded value by `values` ((field, code) → its Italian label)."""
    units = {str(u.get("code")): str(u.get("name")) for u in [*_rows(old, "units"), *_rows(new, "units")]}
    differ = _Differ({**(labels or {}), **LABELS}, values or {}, units)
    result = []
    for kind in kinds:
        before, after = _rows(old, kind.path), _rows(new, kind.path)
        if kind.prepare:
            before, after = [kind.prepare(r) for r in before], [kind.prepare(r) for r in after]
        old_rows = {_key(row, kind.key): row for row in before}
        new_rows = {_key(row, kind.key): row for row in after}
        diff = KindDiff(kind.label)
        diff.removed = [kind.title(row, units) for key, row in old_rows.items() if key not in new_rows]
        diff.added = [kind.title(row, units) for key, row in new_rows.items() if key not in old_rows]
        for key, row in new_rows.items():
            if key in old_rows:
                changes = differ.compare(old_rows[key], row, skip=set(kind.key))
                if changes:
                    diff.changed.append(RowChange(kind.title(row, units), changes))
        result.append(diff)
    return result


def _rows(document: dict, path: str) -> list[Row]:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return [row for row in value or [] if isinstance(row, dict)]


def _key(row: Row, names: tuple[str, ...]) -> tuple:
    return tuple(str(row.get(name)) for name in names)


@dataclass
class _Differ:
    names: dict[str, str]
    values: dict[tuple[str, str], str]
    units: dict[str, str]

    def compare(self, old: Row, new: Row, skip: set) -> list[FieldChange]:
        out: list[FieldChange] = []
        self._compare([], "", old, new, out, skip)
        return out

    def _compare(self, path: list[str], name: str, old: Any, new: Any, out: list, skip=frozenset()) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            for field_name in dict.fromkeys([*old, *new]):
                if field_name not in skip:
                    label = self.names.get(field_name, field_name)
                    self._compare([*path, label], field_name, old.get(field_name), new.get(field_name), out)
        elif (
            _is_rows(old if old is not None else [])
            and _is_rows(new if new is not None else [])
            and (old or new)
        ):
            old, new = old or [], new or []
            key = next((k for k in NESTED_KEYS if any(k in row for row in [*old, *new])), None)
            if key is None:
                self._scalar(path, name, old, new, out)
                return
            old_rows = {self.text(key, row.get(key)): row for row in old}
            new_rows = {self.text(key, row.get(key)): row for row in new}
            for item in dict.fromkeys([*old_rows, *new_rows]):
                if item not in new_rows:
                    out.append(FieldChange(" › ".join(path), _short(item), ""))
                elif item not in old_rows:
                    out.append(FieldChange(" › ".join(path), "", _short(item)))
                else:
                    self._compare([*path, _short(item)], name, old_rows[item], new_rows[item], out, {key})
        else:
            self._scalar(path, name, old, new, out)

    def _scalar(self, path: list[str], name: str, old: Any, new: Any, out: list) -> None:
        before, after = self.text(name, old), self.text(name, new)
        if before != after:
            out.append(FieldChange(" › ".join(path), before, after))

    def text(self, name: str, value: Any) -> str:
        """A value as the printed plan writes it: coded values by their label, yes/no in words,
        units and objectives by name."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "sì" if value else "no"
        if isinstance(value, list):
            return ", ".join(self.text(name, v) for v in value)
        if isinstance(value, dict):
            if set(value) == {"unit", "number"}:
                return _objective_ref(value, self.units)
            return "; ".join(
                f"{self.names.get(k, k)}: {self.text(k, v)}" for k, v in value.items() if v not in (None, "")
            )
        if name in UNIT_FIELDS:
            return self.units.get(str(value), str(value))
        return self.values.get((name, str(value)), str(value))


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(row, dict) for row in value)


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
