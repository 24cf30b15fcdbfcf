"""What the risk register carries into the next plan: processes and risk events, each process's
latest assessment as the starting point of the new year's reassessment, the measures with their
status. Monitoring and the RPCT's report are the year's own."""

from django.db.models import OuterRef, Subquery

from openpiao.plans.rollover import Carry, Choice, Part

from .models import (
    Assessment,
    IndicatorJudgment,
    Measure,
    MonitoringRecord,
    Process,
    RiskEvent,
    RiskSettings,
    RpctReport,
)


def _no_past_due_date(old: RiskSettings, new: RiskSettings, context) -> None:
    new.report_due = None  # the default: 15 December of the new reference year


def _latest(rows, context):
    latest = Assessment._base_manager.filter(process=OuterRef("process")).order_by("-year").values("year")
    return rows.filter(year=Subquery(latest[:1]))


def _reassessment(old: Assessment, new: Assessment, context) -> None:
    new.year = context.first_year


def _deadline_to_come(old: Measure, new: Measure, context) -> None:
    if old.deadline and old.deadline.year < context.first_year:
        new.deadline = None  # a past term is not the new triennium's: the RPCT sets the next


PART = Part(
    choices=(
        Choice(
            "risk",
            "Registro dei rischi e misure di prevenzione",
            help="Processi ed eventi rischiosi; l'ultima valutazione di ogni processo come punto di "
            "partenza della nuova; misure con il loro stato (i termini già scaduti vanno fissati).",
        ),
    ),
    carries=(
        Carry(RiskSettings, "risk", adjust=_no_past_due_date),
        Carry(Process, "risk"),
        Carry(RiskEvent, "risk"),
        Carry(Assessment, "risk", select=_latest, adjust=_reassessment),
        Carry(IndicatorJudgment, "risk"),
        Carry(Measure, "risk", adjust=_deadline_to_come),
    ),
    left_behind={
        MonitoringRecord: "il monitoraggio delle misure è dell'anno in cui si rileva",
        RpctReport: "la relazione del RPCT è dell'anno",
    },
    requires={"risk": "structure"},
)
