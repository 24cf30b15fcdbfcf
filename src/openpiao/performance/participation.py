"""Personale coinvolto: the shares of an objective cannot exceed the whole of it."""

from collections.abc import Iterable
from decimal import Decimal

from openpiao.core.formatting import it_number

PARTICIPATION_LIMIT = Decimal(100)


def participation_total(percents: Iterable[Decimal | None]) -> Decimal:
    return sum((p for p in percents if p is not None), Decimal(0))


def participation_total_error(percents: Iterable[Decimal | None]) -> str | None:
    """The Italian message to show when the shares add up to more than 100%, else None."""
    total = participation_total(percents)
    if total > PARTICIPATION_LIMIT:
        return (
            f"La somma delle percentuali di partecipazione è {it_number(total)}%: "
            "non può superare il 100% dell'obiettivo."
        )
    return None
