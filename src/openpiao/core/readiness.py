"""Items of the readiness check before adoption (what is missing or wrong in a plan).

Each app contributes a `readiness_items(plan) -> list[ReadinessItem]` in its own
`readiness.py`; the plan's readiness page collects them by section. A blocking item
prevents adoption.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadinessItem:
    section: str  # PIAO section code: "1", "2.2", "2.3", "3.1", "3.2", "3.3", "4"
    message: str  # in Italian, says what is wrong and where
    url: str  # the page where it can be fixed
    blocking: bool = True
