"""Whether a prevention measure is late (PNA 2019 All. 1 par. 6: monitoring of the measures).

A measure is late when its deadline has passed and it is neither carried out nor declared
not carried out after the deadline (the latter counts as a failure, not as late). A measure
without a deadline cannot be late, but the readiness check flags it. No Django import.
"""

from dataclasses import dataclass
from datetime import date

from openpiao.core.working import Step

NORM = "PNA 2019 (delib. ANAC 1064/2019), Allegato 1, par. 6"
DONE, NOT_DONE = "done", "not_done"


@dataclass(frozen=True)
class MeasureState:
    late: bool
    days_late: int
    steps: tuple[Step, ...]


def measure_state(*, deadline: date | None, status: str, today: date) -> MeasureState:
    steps = [Step("Termine di attuazione", deadline.strftime("%d/%m/%Y") if deadline else None, norm=NORM)]
    if deadline is None or status == DONE or today <= deadline:
        return MeasureState(False, 0, tuple(steps))
    days = (today - deadline).days
    steps.append(Step("Giorni oltre il termine", days, formula="oggi − termine", unit="giorni"))
    return MeasureState(status != NOT_DONE, days, tuple(steps))
