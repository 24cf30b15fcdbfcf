"""What the measurement cycle carries into the next plan: the evaluation system (SMVP) with its
behaviours and merit bands, and which user each employee is. The reviews, assessments, funds
and validations are the year's own and stay with it."""

from openpiao.plans.rollover import Carry, Choice, Part

from .models import (
    BehaviourAssessment,
    BehaviourCriterion,
    BehaviourVote,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
    IndicatorScale,
    MeritBand,
    ReportValidation,
    Review,
    ReviewPhase,
    ReviewValue,
)

YEAR_OF_ITS_OWN = "misurazione dell'anno del piano da cui si parte"

PART = Part(
    choices=(
        Choice(
            "evaluation",
            "Sistema di misurazione e valutazione (SMVP)",
            help="Parametri, fasce di punteggio degli indicatori, comportamenti valutati, fasce di merito; "
            "i collegamenti tra dipendenti e utenti («I miei obiettivi»).",
        ),
    ),
    carries=(
        Carry(EvaluationSystem, "evaluation"),
        Carry(BehaviourCriterion, "evaluation"),
        Carry(MeritBand, "evaluation"),
        Carry(IndicatorScale, "evaluation"),
        Carry(EmployeeAccount, "evaluation"),
    ),
    left_behind={
        Review: YEAR_OF_ITS_OWN,
        ReviewValue: YEAR_OF_ITS_OWN,
        ReviewPhase: YEAR_OF_ITS_OWN,
        BehaviourAssessment: YEAR_OF_ITS_OWN,
        BehaviourVote: YEAR_OF_ITS_OWN,
        ReportValidation: YEAR_OF_ITS_OWN,
        BonusFund: "le risorse per i premi si stanziano ogni anno",
    },
    requires={"evaluation": "structure"},
)
