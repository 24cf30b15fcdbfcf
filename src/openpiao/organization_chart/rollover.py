"""What the org chart carries into the next plan: units (with the users who enter their data)
and the employees still in service at 31 December before the new triennium."""

from openpiao.plans.rollover import Carry, Choice, Part

from .models import Employee, OrgUnit, UnitResource


def _still_in_service(old: Employee, new: Employee, context) -> bool:
    """Who left by the new plan's staff date, or whose cessation the plan foresaw in the year
    that ends before the new triennium, is not staff of the new plan."""
    if old.pk in context.leaving_employees:
        return False
    return old.end_date is None or old.end_date >= context.target.staff_day


PART = Part(
    choices=(
        Choice(
            "structure",
            "Struttura organizzativa e personale",
            help="Unità con i loro responsabili, gli utenti che ne inseriscono i dati e le loro risorse; "
            "dipendenti in servizio al 31/12, tolte le cessazioni previste nell'anno che si chiude.",
        ),
    ),
    carries=(
        Carry(OrgUnit, "structure"),
        Carry(Employee, "structure", adjust=_still_in_service),
        Carry(UnitResource, "structure"),
    ),
)
