"""What Sezione 3 and the positive actions carry into the next plan: the cessations and hires of
the years both triennia share, the smart-working map and POLA indicators, the training areas and
the courses still to come, the positive actions. The cessations foreseen in the year that ends
before the new triennium are applied to the staff (`prepare`); the rendiconto's figures, the
training budget and the individual agreements are the year's own."""

from openpiao.plans.rollover import Carry, Choice, Part

from .models import (
    ActivityMapEntry,
    Cessation,
    Course,
    Enrolment,
    PlannedHire,
    PolaIndicator,
    PolaValue,
    PositiveAction,
    PositiveActionArea,
    SmartWorkingAgreement,
    StaffingInputs,
    TrainingArea,
    TrainingPlan,
)


def _apply_past_year(context) -> None:
    """Who the plan said would leave before the new triennium leaves the staff; whom it said
    would be hired is named in the notes, to be entered with the person's data."""
    past = {"plan": context.source, "year__lt": context.first_year}
    context.leaving_employees |= set(
        Cessation.objects.filter(employee__isnull=False, **past).values_list("employee_id", flat=True)
    )
    for hire in PlannedHire.objects.filter(**past).select_related("unit").order_by("year", "pk"):
        context.notes.append(
            f"Assunzione programmata nel {hire.year}: {hire.profile} ({hire.unit.name}). "
            "Se avvenuta, inserire la persona tra i dipendenti."
        )


def _coming_years(rows, context):
    return rows.filter(year__gte=context.first_year)


def _values_to_come(rows, context):
    return rows.filter(year__in=list(context.target.years))


def _target_only(old: PolaValue, new: PolaValue, context) -> None:
    new.achieved = ""  # what was achieved is measured in its year, not planned


PART = Part(
    choices=(
        Choice(
            "staffing",
            "Cessazioni e assunzioni programmate negli anni del nuovo triennio",
        ),
        Choice("smart_working", "Mappa delle attività in lavoro agile e indicatori del POLA"),
        Choice("training", "Aree della formazione e corsi programmati negli anni del nuovo triennio"),
        Choice("positive_actions", "Piano delle azioni positive"),
    ),
    carries=(
        Carry(Cessation, "staffing", select=_coming_years),
        Carry(PlannedHire, "staffing", select=_coming_years),
        Carry(PolaIndicator, "smart_working"),
        Carry(PolaValue, "smart_working", select=_values_to_come, adjust=_target_only),
        Carry(ActivityMapEntry, "smart_working"),
        Carry(TrainingArea, "training"),
        Carry(Course, "training", select=_coming_years),
        Carry(Enrolment, "training"),
        Carry(PositiveActionArea, "positive_actions"),
        Carry(PositiveAction, "positive_actions"),
    ),
    left_behind={
        StaffingInputs: "i dati dei rendiconti sono quelli dell'anno: si inseriscono i nuovi",
        TrainingPlan: "stanziamento e monte salari sono quelli dell'anno",
        SmartWorkingAgreement: "gli accordi individuali sono della persona e della loro durata",
    },
    prepare=_apply_past_year,
    requires={"staffing": "structure", "smart_working": "structure", "training": "structure"},
)
