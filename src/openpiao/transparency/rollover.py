"""What transparency carries into the next plan: the map of the duties with the responsible
units and the dates of the last publications. The OIV grid and the access register are the
year's own."""

from openpiao.plans.rollover import Carry, Choice, Part

from .models import AccessRequest, AttestationGrid, AttestationRow, DutyAssignment, TransparencySettings

PART = Part(
    choices=(Choice("transparency", "Mappa della trasparenza con le unità responsabili"),),
    carries=(
        Carry(TransparencySettings, "transparency"),
        Carry(DutyAssignment, "transparency"),
    ),
    left_behind={
        AttestationGrid: "la griglia di attestazione dell'OIV è di ciascun anno",
        AttestationRow: "la griglia di attestazione dell'OIV è di ciascun anno",
        AccessRequest: "il registro degli accessi resta nel piano in cui le richieste sono state annotate",
    },
    requires={"transparency": "structure"},
)
