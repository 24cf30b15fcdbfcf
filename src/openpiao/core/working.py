"""How a computed figure was obtained: the steps a page prints under the figure.

Rules return their result together with a list of `Step`s (inputs, intermediate values,
thresholds), each with the formula it applies and the norm behind it, so any figure in the
product can "show its working" with the same include (templates/includes/working.html).
No Django import: rules stay plain functions.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Step:
    label: str  # what this value is, in Italian
    value: Decimal | int | str | None  # the value (formatted by the template)
    formula: str = ""  # e.g. "spesa di personale / entrate correnti nette × 100"
    norm: str = ""  # e.g. "art. 33 c. 2 DL 34/2019; DM 17/3/2020 art. 4"
    unit: str = ""  # "%", "€", "giorni", …
    # A remark for whoever enters the data ("valore da verificare …"): the pages show it,
    # a printed document never does (it is a public act, not a working note).
    note: str = ""
