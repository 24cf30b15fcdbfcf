"""What the document carries into the next plan: the ente's own texts per section. The adopted
versions stay frozen with the plan they were adopted from."""

from openpiao.plans.models import PlanJob
from openpiao.plans.rollover import Carry, Choice, Part

from .models import PlanVersion, PrintJob, SectionText

PART = Part(
    choices=(Choice("texts", "Testi delle sezioni (premesse, contesto, strategia)"),),
    carries=(Carry(SectionText, "texts"),),
    left_behind={
        PlanVersion: "le versioni adottate restano congelate con il loro piano",
        PrintJob: "le stampe sono del piano da cui sono state fatte",
        PlanJob: "i lavori in background (nuovo piano, adozione) sono del piano su cui sono stati chiesti",
    },
)
