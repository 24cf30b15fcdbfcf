"""The ladders of the old categories, read once from reference data (never literals in the rules)."""

from functools import cache

from openpiao.core.catalogues import Table, read_catalogue

from .economic_positions import PositionRange, parse_position

POSITIONS_FILE = "ccnl_funzioni_locali_posizioni_economiche.yaml"


def read_positions() -> list[dict]:
    """The rows of the catalogue, one per old category (core.catalogues)."""
    return read_catalogue(POSITIONS_FILE, Table("categories", "ex_categoria"))["categories"]


def _step(label: str, category: str) -> int:
    parsed = parse_position(label)
    if parsed is None or parsed[0] != category:
        raise ValueError(f"{POSITIONS_FILE}: posizione «{label}» non valida per la categoria {category}.")
    return parsed[1]


@cache
def position_ranges() -> dict[str, PositionRange]:
    ranges = {}
    for row in read_positions():
        category = row["ex_categoria"]
        ranges[category] = PositionRange(
            category=category,
            first=_step(row["prima_posizione"], category),
            last=_step(row["ultima_posizione"], category),
            entries=tuple(_step(x, category) for x in row["posizioni_di_accesso"].split(",")),
        )
    return ranges
