"""Training as a performance objective of every responsabile (direttiva del Ministro per la PA
14 gennaio 2025): which responsabili have no objective of promotion of training.

An objective counts when it carries the flag «promozione della formazione del personale» (set in
the objective's form, shown on its scheda). A responsabile is the head of one or more units (a
unit without its own head answers to the head of the unit above); the objectives of all the units
they head, as main or co-responsible unit, count for them.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitObjectives:
    responsabile: str  # the name or role of the unit's head ("" when nobody heads it)
    unit: str
    training_objectives: int  # objectives of the unit flagged as promotion of training


@dataclass(frozen=True)
class Missing:
    responsabile: str
    units: tuple[str, ...]


def without_training(rows: Iterable[UnitObjectives]) -> list[Missing]:
    """The responsabili none of whose units has an objective of promotion of training."""
    heads: dict[str, list[UnitObjectives]] = {}
    for row in rows:
        if row.responsabile:
            heads.setdefault(row.responsabile, []).append(row)
    return [
        Missing(name, tuple(u.unit for u in units))
        for name, units in heads.items()
        if not sum(u.training_objectives for u in units)
    ]
