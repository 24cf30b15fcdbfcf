"""The paragraph of sottosezione 3.3 that states the hiring capacity, written from the figures.

The seed prints it by hand ("Il Comune evidenzia un rapporto percentuale tra spesa ed entrate pari
al 24,70% …"); here every number comes from the computation, so text and table cannot disagree.
No Django import.
"""

from openpiao.core.formatting import it_money, it_percent

from .hiring_capacity import POSITION_LABELS, CapacityResult, Position
from .spending_caps import CheckResult


def staffing_paragraph(
    *,
    organization: str,
    year: int,
    capacity: CapacityResult,
    check_557: CheckResult,
    check_flexible: CheckResult,
    spending_year: int | None,
    hires: int,
) -> str:
    if not capacity.complete:
        return ""  # what is missing is a readiness item, never a sentence of the plan
    c = capacity
    subject = organization if organization.lower().startswith("comune") else f"L'ente {organization}"
    parts = [
        f"In applicazione dell'art. 33, comma 2, del d.l. 34/2019 e del d.m. 17 marzo 2020, il {subject}, "
        f"con una spesa di personale {'del rendiconto ' + str(spending_year) if spending_year else ''} di "
        f"{it_money(c.spending)} ed entrate correnti nette di {it_money(c.net_revenues)}, registra un "
        f"rapporto tra spesa ed entrate pari al {it_percent(c.ratio_display)}.",
        f"Per la fascia demografica {c.band.code}) ({c.band.description}) il valore soglia della Tabella 1 è "
        f"pari al {it_percent(c.table1_pct)} e quello di rientro della Tabella 3 al "
        f"{it_percent(c.table3_pct)}: il comune si colloca {POSITION_LABELS[c.position]}.",
    ]
    if c.position is Position.BELOW:
        sentence = (
            f"Dispone per il {year} di un margine per assunzioni a tempo indeterminato di "
            f"{it_money(c.margin)} (art. 4, comma 2, del d.m.), con una spesa di personale massima di "
            f"{it_money(c.max_spending)}"
        )
        if c.max_spending_transitional is not None:
            sentence += (
                f", tenuto conto del limite transitorio della Tabella 2 "
                f"({it_money(c.max_spending_transitional)}"
                + (", applicando i resti assunzionali più favorevoli" if c.unused_capacity_used else "")
                + ")"
            )
        parts.append(sentence + ".")
    elif c.position is Position.BETWEEN:
        parts.append(
            "Non può incrementare il rapporto rispetto a quello dell'ultimo rendiconto (art. 6, "
            "comma 3, del d.m.)."
        )
    else:
        parts.append(
            f"Deve ridurre la spesa di personale di {it_money(c.reduction_needed)} per rientrare nella "
            "soglia della Tabella 3 (art. 6 del d.m.)."
        )
    parts += [v.text for v in c.verdicts[1:]]
    if hires:
        parts.append(f"Le assunzioni programmate per il {year} sono {hires}.")
    if check_557.ok is not None:
        parts.append("Spesa di personale e art. 1, comma 557, L. 296/2006: " + check_557.verdict)
    if check_flexible.ok is not None:
        parts.append("Lavoro flessibile e art. 9, comma 28, d.l. 78/2010: " + check_flexible.verdict)
    return " ".join(parts)
