"""Mappa integrata dei processi (PNA 2025, delibera ANAC n. 19 del 28/1/2026): the parts of the
PIAO, besides sottosezione 2.3, that a mapped process also serves."""

from openpiao.plans.sections import SectionSpec, plan_sections

PNA_2025 = "PNA 2025, delibera ANAC n. 19 del 28/1/2026"
INTEGRATION_FROM_YEAR = 2027  # the first plans written under the PNA 2025

# Not parts a process can serve: the preface, the ente's card, the risk sottosezione itself
# and the grouping headings of sections 2 and 3.
_NOT_LINKABLE = ("premesse", "1", "2.3")
_HEADINGS = {"2", "3"}


def linkable_sections(kind: str = "piao") -> list[SectionSpec]:
    """The sections of a plan of `kind` a risk process can be linked to, in the plan's order."""
    return [
        s
        for s in plan_sections(kind)
        if s.code not in _HEADINGS and not any(s.is_within(code) for code in _NOT_LINKABLE)
    ]


def section_problem(codes, kind: str = "piao") -> str | None:
    """Why `codes` is not a list of distinct linkable sections of the plan's kind; None if it is."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        return "Atteso un elenco di codici di sezione."
    allowed = {s.code for s in linkable_sections(kind)}
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        return f"Sezione del piano non collegabile a un processo: {', '.join(unknown)}."
    if len(set(codes)) != len(codes):
        return "Ogni sezione va indicata una sola volta."
    return None


def integration_advice(first_year: int, processes: int, linked: int) -> str | None:
    """The advisory for a plan whose mapped processes serve no other part of the PIAO."""
    if first_year < INTEGRATION_FROM_YEAR or processes == 0 or linked > 0:
        return None
    return (
        "Nessun processo è collegato ad altre sezioni del PIAO o a obiettivi di performance: "
        f"il {PNA_2025} chiede una mappa integrata dei processi."
    )
