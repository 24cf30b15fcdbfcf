"""What Sezione 2.1-2.2 carries into the next plan: the strategic objectives, the objectives that
run on into the new triennium (or all, the concluded ones as drafts for its first year), with
their indicators, the valori attesi of the years both triennia share, phases, staff, resources."""

from openpiao.plans.rollover import Carry, Choice, Part

from .models import (
    Indicator,
    IndicatorTarget,
    Objective,
    Participation,
    Phase,
    Resource,
    StrategicObjective,
)


def _objectives(rows, context):
    if "other_objectives" in context.choices:
        return rows
    return rows.filter(last_year__gte=context.first_year)


def _into_triennium(old: Objective, new: Objective, context) -> None:
    """A multi-year objective keeps its years from the new first one on; a concluded one
    becomes a draft of the new first year."""
    new.first_year = max(old.first_year, context.first_year)
    new.last_year = max(old.last_year, new.first_year)


def _targets(rows, context):
    # The target of the year after the old first becomes the first year's: years are absolute.
    return rows.filter(year__in=list(context.target.years))


PART = Part(
    choices=(
        Choice("strategic", "Obiettivi strategici (valore pubblico)"),
        Choice(
            "objectives",
            "Obiettivi che proseguono nel nuovo triennio",
            help="Gli obiettivi pluriennali, con indicatori, valori attesi degli anni comuni ai due "
            "trienni, fasi, personale coinvolto e risorse.",
        ),
        Choice(
            "other_objectives",
            "Anche gli obiettivi conclusi, come bozze",
            default=False,
            help="Passano al primo anno del nuovo triennio, senza valori attesi: da completare.",
        ),
    ),
    carries=(
        Carry(StrategicObjective, "strategic"),
        Carry(Objective, "objectives", select=_objectives, adjust=_into_triennium),
        Carry(Indicator, "objectives"),
        Carry(IndicatorTarget, "objectives", select=_targets),
        Carry(Phase, "objectives"),
        Carry(Participation, "objectives"),
        Carry(Resource, "objectives"),
    ),
    requires={"objectives": "structure", "other_objectives": "objectives"},
)
