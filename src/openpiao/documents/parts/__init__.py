"""The content of each section of the printed PIAO, one module per part of the plan.

Each function takes a builder.PrintContext and returns blocks; PARTS names the one of each
section of plans.sections (a section not listed prints its heading and the ente's text
only). Parts read through the owning app's selectors, never a query per row.
"""

from collections.abc import Callable

from openpiao.plans.sections import SectionSpec

from . import anagrafica, anticorruption, human_capital, intro, performance, structure, value

PARTS: dict[str, Callable[..., list]] = {
    "premesse": intro.premises,
    "1": anagrafica.section,
    "2.1": value.section,
    "2.2": performance.section,
    "2.2.2": human_capital.positive_actions,
    "2.3": anticorruption.section,
    "3.1": structure.section,
    "3.2": human_capital.smart_working,
    "3.3": human_capital.staffing,
    "3.3.4": human_capital.training,
}


def section_content(spec: SectionSpec, context) -> list:
    """The blocks the data give the section (without its heading and the ente's text)."""
    part = PARTS.get(spec.code)
    return part(context) if part else []
