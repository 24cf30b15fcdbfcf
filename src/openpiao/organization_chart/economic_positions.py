"""Old economic positions of the CCNL Funzioni Locali categories (A1…A6, B1…B8, C1…C6, D1…D7).

Until 31/3/2023 each category had a ladder of economic positions reached by horizontal
progression (art. 16 CCNL 21/5/2018); the CCNL 16/11/2022 moved the staff into the new areas
and keeps the position held as "ex posizione economica" (Tab. B, art. 78 c. 3). The ladders
are reference data (ccnl_funzioni_locali_posizioni_economiche.yaml): this module only checks
a position against them. A position is the category letter followed by its step; it is valid
when first step <= step <= last step of that category.
"""

import re
from dataclasses import dataclass

_POSITION = re.compile(r"^([A-Z])([0-9]{1,2})$")


@dataclass(frozen=True)
class PositionRange:
    """The ladder of one old category: its first and last step and the entry steps."""

    category: str
    first: int
    last: int
    entries: tuple[int, ...]

    @property
    def first_label(self) -> str:
        return f"{self.category}{self.first}"

    @property
    def last_label(self) -> str:
        return f"{self.category}{self.last}"


def parse_position(label: str) -> tuple[str, int] | None:
    """ "C4" → ("C", 4); anything not shaped as letter + step → None."""
    match = _POSITION.match(label.strip().upper())
    return (match[1], int(match[2])) if match else None


def position_error(position: str, category: str, ranges: dict[str, PositionRange]) -> str | None:
    """The Italian message for a position that does not belong to the category's ladder, else None."""
    parsed = parse_position(position)
    if parsed is None:
        return "Indicare la lettera dell'ex categoria seguita dal numero della posizione, per esempio C4."
    letter, step = parsed
    if letter != category:
        return "La posizione economica deve iniziare con la lettera dell'ex categoria."
    ladder = ranges.get(category)
    if ladder is None:
        return None
    if step < ladder.first:
        return f"La ex categoria {category} parte da {ladder.first_label}."
    if step > ladder.last:
        return f"La ex categoria {category} arriva fino a {ladder.last_label}."
    return None
