"""The ladders of the old categories, read once from reference data (never literals in the rules)."""

import csv
from functools import cache

from django.conf import settings

from .economic_positions import PositionRange, parse_position

POSITIONS_FILE = "ccnl_funzioni_locali_posizioni_economiche.csv"


def _step(label: str, category: str) -> int:
    parsed = parse_position(label)
    if parsed is None or parsed[0] != category:
        raise ValueError(f"{POSITIONS_FILE}: posizione «{label}» non valida per la categoria {category}.")
    return parsed[1]


@cache
def position_ranges() -> dict[str, PositionRange]:
    with open(settings.REFERENCE_DATA_DIR / POSITIONS_FILE, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ranges = {}
    for row in rows:
        category = row["ex_categoria"]
        ranges[category] = PositionRange(
            category=category,
            first=_step(row["prima_posizione"], category),
            last=_step(row["ultima_posizione"], category),
            entries=tuple(_step(x, category) for x in row["posizioni_di_accesso"].split(",")),
        )
    return ranges
