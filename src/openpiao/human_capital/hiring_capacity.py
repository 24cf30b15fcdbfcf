"""Hiring capacity of a comune: art. 33 c. 2 DL 34/2019 and DM 17 marzo 2020.

    rapporto        = spesa di personale (ultimo rendiconto)
                      / (media entrate correnti degli ultimi tre rendiconti − FCDE) × 100
    fascia          = fascia demografica degli abitanti (DM art. 3)
    posizione       = sotto la Tabella 1 (art. 4 c. 2) | tra Tabella 1 e Tabella 3 (art. 6 c. 3)
                      | sopra la Tabella 3 (art. 6 c. 1-2)
    spesa massima   = Tabella 1 × entrate nette (solo sotto soglia); fino al 2024 anche non oltre
                      spesa 2018 × (1 + Tabella 2), o spesa 2018 + resti assunzionali se più favorevoli
                      (art. 5 c. 1-2; nota RGS 12454/2020)
    margine         = max(0, spesa massima − spesa di personale)

A ratio equal to the Tabella 1 value counts as "sotto soglia" with zero margin (the margin is the
same either way); a ratio equal to the Tabella 3 value is still in the intermediate band (art. 6
applies to a spending "superiore" to it). Thresholds come from reference data (`CapacityTables`),
never from this module. No Django import: the pages and the tests call it directly.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from openpiao.core.formatting import it_money
from openpiao.core.working import Step

NORM = "art. 33 c. 2 DL 34/2019; DM 17/3/2020"
CENT = Decimal("0.01")
UNVERIFIED = "valore da verificare sul testo G.U."


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    code: str
    minimum: int
    maximum: int | None
    description: str

    def contains(self, inhabitants: int) -> bool:
        return inhabitants >= self.minimum and (self.maximum is None or inhabitants <= self.maximum)


@dataclass(frozen=True)
class CapacityTables:
    """The tables of the DM, as read from reference data."""

    bands: tuple[Band, ...]
    table1: dict[str, Decimal]
    table3: dict[str, Decimal]
    table2_years: tuple[int, ...]
    table2: dict[str, tuple[Decimal, ...]]
    table2_base_year: int
    table2_last_year: int
    table1_verified: bool = True
    table2_verified_rows: frozenset[str] = frozenset()
    table3_verified: bool = False

    def band_for(self, inhabitants: int) -> Band:
        for band in self.bands:
            if band.contains(inhabitants):
                return band
        raise ValueError(f"Nessuna fascia demografica per {inhabitants} abitanti.")

    def table2_pct(self, band: str, year: int) -> Decimal | None:
        if year not in self.table2_years:
            return None
        return self.table2[band][self.table2_years.index(year)]


class Position(StrEnum):
    BELOW = "below_table1"
    BETWEEN = "between"
    ABOVE = "above_table3"

    @property
    def label(self) -> str:
        return POSITION_LABELS[self]


POSITION_LABELS = {
    Position.BELOW: "entro il valore soglia della Tabella 1 (comune virtuoso)",
    Position.BETWEEN: "tra il valore soglia della Tabella 1 e quello di rientro della Tabella 3",
    Position.ABOVE: "oltre il valore soglia di rientro della Tabella 3",
}


@dataclass(frozen=True)
class CapacityInputs:
    year: int  # year the capacity is used for (first of the triennium)
    inhabitants: int | None
    spending: Decimal | None  # spesa di personale dell'ultimo rendiconto
    spending_year: int | None
    revenues: tuple[Decimal, ...] = ()  # entrate correnti of the last three rendiconti
    revenue_years: tuple[int, ...] = ()
    fcde: Decimal | None = None
    net_revenues: Decimal | None = None  # denominator entered directly (media − FCDE)
    spending_2018: Decimal | None = None
    unused_past_capacity: Decimal | None = None  # resti assunzionali dei cinque anni prima del 2020
    planned_spending: Decimal | None = None  # spesa di personale previsionale dell'anno
    hires_cost: Decimal = Decimal(0)  # annual cost of the permanent hires of the year
    cessations_saving: Decimal = Decimal(0)  # annual cost of the cessations of the year


@dataclass(frozen=True)
class Verdict:
    label: str
    ok: bool
    text: str


@dataclass
class CapacityResult:
    steps: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    band: Band | None = None
    spending: Decimal | None = None
    net_revenues: Decimal | None = None
    ratio: Decimal | None = None
    table1_pct: Decimal | None = None
    table3_pct: Decimal | None = None
    position: Position | None = None
    max_spending_table1: Decimal | None = None
    transitional_applies: bool = False
    table2_pct: Decimal | None = None
    max_spending_transitional: Decimal | None = None
    unused_capacity_used: bool = False
    max_spending: Decimal | None = None
    margin: Decimal | None = None
    reduction_needed: Decimal | None = None
    net_increase: Decimal | None = None
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.margin is not None

    @property
    def provisional(self) -> bool:
        """Computed, but an input the law needs (e.g. the 2018 spending) is missing."""
        return self.complete and bool(self.missing)

    @property
    def ratio_display(self) -> Decimal | None:
        return None if self.ratio is None else self.ratio.quantize(Decimal("0.001"), ROUND_HALF_UP)

    def as_dict(self) -> dict:
        def text(value):
            return None if value is None else format(value, "f")

        return {
            "fascia": self.band.code if self.band else None,
            "fascia_descrizione": self.band.description if self.band else None,
            "spending": text(self.spending),
            "net_revenues": text(self.net_revenues),
            "ratio_pct": text(self.ratio_display),
            "table1_pct": text(self.table1_pct),
            "table3_pct": text(self.table3_pct),
            "position": self.position.value if self.position else None,
            "position_label": POSITION_LABELS[self.position] if self.position else None,
            "max_spending_table1": text(self.max_spending_table1),
            "transitional_applies": self.transitional_applies,
            "table2_pct": text(self.table2_pct),
            "max_spending_transitional": text(self.max_spending_transitional),
            "unused_capacity_used": self.unused_capacity_used,
            "max_spending": text(self.max_spending),
            "margin": text(self.margin),
            "reduction_needed": text(self.reduction_needed),
            "net_increase_planned": text(self.net_increase),
            "missing_inputs": list(self.missing),
            "verdicts": [{"label": v.label, "ok": v.ok, "text": v.text} for v in self.verdicts],
            "steps": [
                {
                    "label": s.label,
                    "value": s.value if isinstance(s.value, str | int | None) else text(s.value),
                    "unit": s.unit,
                    "formula": s.formula,
                    "norm": s.norm,
                }
                for s in self.steps
            ],
        }


def _revenues(inputs: CapacityInputs, result: CapacityResult) -> Decimal | None:
    steps = result.steps
    if len(inputs.revenues) == 3:
        for year, amount in zip(inputs.revenue_years, inputs.revenues, strict=True):
            steps.append(
                Step(
                    f"Entrate correnti accertate, rendiconto {year}",
                    amount,
                    unit="€",
                    norm="DM 17/3/2020 art. 2 c. 1 lett. b",
                )
            )
        average = sum(inputs.revenues, Decimal(0)) / 3
        steps.append(
            Step(
                "Media delle entrate correnti dei tre rendiconti",
                money(average),
                unit="€",
                formula="(E1 + E2 + E3) ÷ 3",
                norm="DM 17/3/2020 art. 2 c. 1 lett. b",
            )
        )
        if inputs.fcde is None:
            result.missing.append(
                "FCDE stanziato nel bilancio di previsione dell'ultima annualità considerata"
            )
            return None
        last = inputs.revenue_years[-1] if inputs.revenue_years else ""
        steps.append(
            Step(
                f"FCDE stanziato nel bilancio di previsione assestato {last}",
                inputs.fcde,
                unit="€",
                norm="DM 17/3/2020 art. 2 c. 1 lett. b",
            )
        )
        net = money(average - inputs.fcde)
        steps.append(
            Step(
                "Entrate correnti nette (denominatore)",
                net,
                unit="€",
                formula="media − FCDE",
                norm="DM 17/3/2020 art. 2 c. 1 lett. b",
            )
        )
        return net
    if inputs.net_revenues is not None:
        steps.append(
            Step(
                "Entrate correnti nette (media dei tre rendiconti al netto del FCDE, inserita come totale)",
                inputs.net_revenues,
                unit="€",
                formula="media − FCDE",
                norm="DM 17/3/2020 art. 2 c. 1 lett. b",
                note="calcolata fuori da OpenPIAO",
            )
        )
        return inputs.net_revenues
    result.missing.append(
        "entrate correnti degli ultimi tre rendiconti (o il loro valore medio al netto del FCDE)"
    )
    return None


def compute_hiring_capacity(inputs: CapacityInputs, tables: CapacityTables) -> CapacityResult:
    result = CapacityResult(spending=inputs.spending)
    steps = result.steps
    if inputs.inhabitants is None:
        result.missing.append(f"abitanti al 31/12/{inputs.year - 1}")
    else:
        band = tables.band_for(inputs.inhabitants)
        result.band = band
        steps.append(
            Step(f"Abitanti al 31/12/{inputs.year - 1}", inputs.inhabitants, norm="DM 17/3/2020 art. 3")
        )
        steps.append(
            Step(
                "Fascia demografica",
                f"{band.code}) {band.description}",
                formula="fascia che contiene il numero di abitanti",
                norm="DM 17/3/2020 art. 3 c. 1",
            )
        )
    net = _revenues(inputs, result)
    result.net_revenues = net
    if inputs.spending is None:
        result.missing.append("spesa di personale dell'ultimo rendiconto approvato")
    else:
        steps.append(
            Step(
                f"Spesa di personale, rendiconto {inputs.spending_year or ''}".strip(),
                inputs.spending,
                unit="€",
                norm="DM 17/3/2020 art. 2 c. 1 lett. a",
            )
        )
    if result.band is None or net is None or inputs.spending is None:
        return result
    if net <= 0:
        result.missing.append("entrate correnti nette maggiori di zero")
        return result

    code = result.band.code
    spending = inputs.spending
    ratio = spending / net * 100
    result.ratio = ratio
    steps.append(
        Step(
            "Rapporto spesa di personale / entrate correnti nette",
            result.ratio_display,
            unit="%",
            formula="spesa di personale ÷ entrate correnti nette × 100",
            norm=NORM + " art. 2",
        )
    )
    result.table1_pct = tables.table1[code]
    result.table3_pct = tables.table3[code]
    steps.append(
        Step(
            f"Valore soglia Tabella 1 (fascia {code})",
            result.table1_pct,
            unit="%",
            norm="DM 17/3/2020 art. 4 c. 1, Tabella 1",
            note="" if tables.table1_verified else UNVERIFIED,
        )
    )
    steps.append(
        Step(
            f"Valore soglia di rientro Tabella 3 (fascia {code})",
            result.table3_pct,
            unit="%",
            norm="DM 17/3/2020 art. 6 c. 1, Tabella 3",
            note="" if tables.table3_verified else UNVERIFIED,
        )
    )
    if ratio <= result.table1_pct:
        result.position = Position.BELOW
        norm = "DM 17/3/2020 art. 4 c. 2"
    elif ratio <= result.table3_pct:
        result.position = Position.BETWEEN
        norm = "DM 17/3/2020 art. 6 c. 3"
    else:
        result.position = Position.ABOVE
        norm = "DM 17/3/2020 art. 6 c. 1-2"
    steps.append(
        Step(
            "Collocazione del comune",
            POSITION_LABELS[result.position],
            formula="rapporto confrontato con Tabella 1 e Tabella 3",
            norm=norm,
        )
    )

    if result.position is Position.BELOW:
        _below(inputs, tables, result, net)
    elif result.position is Position.BETWEEN:
        result.max_spending = spending
        result.margin = Decimal(0)
        steps.append(
            Step(
                "Spesa massima: il rapporto non può crescere rispetto all'ultimo rendiconto",
                spending,
                unit="€",
                formula="rapporto dell'ultimo rendiconto × entrate correnti nette",
                norm="DM 17/3/2020 art. 6 c. 3",
            )
        )
    else:
        target = money(result.table3_pct / 100 * net)
        result.max_spending = spending
        result.margin = Decimal(0)
        result.reduction_needed = money(spending - target)
        steps.append(
            Step(
                "Spesa corrispondente alla soglia di rientro",
                target,
                unit="€",
                formula="Tabella 3 × entrate correnti nette",
                norm="DM 17/3/2020 art. 6 c. 1",
            )
        )
        steps.append(
            Step(
                "Riduzione della spesa necessaria per rientrare",
                result.reduction_needed,
                unit="€",
                formula="spesa di personale − spesa alla soglia di rientro",
                norm="DM 17/3/2020 art. 6 c. 1-2 (rientro entro il 2025, poi turn-over al 30%)",
            )
        )
    steps.append(
        Step(
            "Margine per assunzioni a tempo indeterminato",
            result.margin,
            unit="€",
            formula="max(0, spesa massima − spesa di personale)",
            norm=NORM,
        )
    )
    _planned(inputs, result)
    return result


def _below(inputs: CapacityInputs, tables: CapacityTables, result: CapacityResult, net: Decimal) -> None:
    steps = result.steps
    code = result.band.code
    spending = inputs.spending
    result.max_spending_table1 = money(result.table1_pct / 100 * net)
    steps.append(
        Step(
            "Spesa massima ai sensi della Tabella 1",
            result.max_spending_table1,
            unit="€",
            formula="valore soglia Tabella 1 × entrate correnti nette",
            norm="DM 17/3/2020 art. 4 c. 2",
        )
    )
    maximum = result.max_spending_table1
    if inputs.year <= tables.table2_last_year:
        result.transitional_applies = True
        result.table2_pct = tables.table2_pct(code, inputs.year)
        verified = code in tables.table2_verified_rows
        if inputs.spending_2018 is None or result.table2_pct is None:
            result.missing.append(
                f"spesa di personale {tables.table2_base_year} (per il limite transitorio della Tabella 2, "
                f"che si applica fino al {tables.table2_last_year})"
            )
            steps.append(
                Step(
                    "Limite transitorio Tabella 2",
                    None,
                    norm="DM 17/3/2020 art. 5 c. 1",
                    note=f"non calcolato: manca la spesa {tables.table2_base_year}",
                )
            )
        else:
            s2018 = inputs.spending_2018
            increase = money(s2018 * result.table2_pct / 100)
            steps.append(
                Step(
                    f"Spesa di personale {tables.table2_base_year}",
                    s2018,
                    unit="€",
                    norm="DM 17/3/2020 art. 5 c. 1",
                )
            )
            steps.append(
                Step(
                    f"Percentuale Tabella 2 (fascia {code}, anno {inputs.year})",
                    result.table2_pct,
                    unit="%",
                    norm="DM 17/3/2020 art. 5 c. 1, Tabella 2",
                    note="" if verified else UNVERIFIED,
                )
            )
            steps.append(
                Step(
                    "Incremento consentito dalla Tabella 2",
                    increase,
                    unit="€",
                    formula=f"spesa {tables.table2_base_year} × percentuale Tabella 2",
                    norm="DM 17/3/2020 art. 5 c. 1",
                )
            )
            if inputs.unused_past_capacity is not None:
                steps.append(
                    Step(
                        "Resti assunzionali dei cinque anni antecedenti al 2020",
                        inputs.unused_past_capacity,
                        unit="€",
                        norm="DM 17/3/2020 art. 5 c. 2; nota RGS prot. 12454/2020",
                    )
                )
                if inputs.unused_past_capacity > increase:
                    increase = inputs.unused_past_capacity
                    result.unused_capacity_used = True
                steps.append(
                    Step(
                        "Incremento applicato (il più favorevole, in alternativa)",
                        increase,
                        unit="€",
                        formula="max(incremento Tabella 2, resti assunzionali)",
                        norm="DM 17/3/2020 art. 5 c. 2; nota RGS prot. 12454/2020",
                    )
                )
            result.max_spending_transitional = money(s2018 + increase)
            steps.append(
                Step(
                    "Spesa massima nel regime transitorio",
                    result.max_spending_transitional,
                    unit="€",
                    formula=f"spesa {tables.table2_base_year} + incremento",
                    norm="DM 17/3/2020 art. 5 c. 1",
                )
            )
            maximum = min(maximum, result.max_spending_transitional)
    else:
        steps.append(
            Step(
                f"Tabella 2: non si applica dopo il {tables.table2_last_year}",
                None,
                norm="DM 17/3/2020 art. 5 c. 1 (regime transitorio)",
            )
        )
    result.max_spending = maximum
    steps.append(
        Step(
            "Spesa di personale massima (soglia dell'anno)",
            maximum,
            unit="€",
            formula="minore tra limite della Tabella 1 e limite transitorio",
            norm="DM 17/3/2020 artt. 4 c. 2 e 5 c. 1",
        )
    )
    result.margin = max(Decimal(0), money(maximum - spending))


def _planned(inputs: CapacityInputs, result: CapacityResult) -> None:
    steps, verdicts = result.steps, result.verdicts
    verdicts.append(
        Verdict(
            "Collocazione",
            result.position is not Position.ABOVE,
            f"Il comune si colloca {POSITION_LABELS[result.position]}: margine {it_money(result.margin)}.",
        )
    )
    net = money(inputs.hires_cost - inputs.cessations_saving)
    result.net_increase = net
    steps.append(
        Step(
            "Costo annuo delle assunzioni a tempo indeterminato programmate",
            inputs.hires_cost,
            unit="€",
            norm="art. 6 d.lgs. 165/2001 (piano dei fabbisogni)",
        )
    )
    steps.append(Step("Costo annuo delle cessazioni dell'anno", inputs.cessations_saving, unit="€"))
    steps.append(
        Step(
            "Incremento netto di spesa programmato",
            net,
            unit="€",
            formula="assunzioni − cessazioni",
            norm=NORM,
        )
    )
    within = net <= result.margin
    verdicts.append(
        Verdict(
            "Assunzioni programmate",
            within,
            f"L'incremento netto programmato ({it_money(net)}) "
            + ("rientra nel" if within else "supera il")
            + f" margine di {it_money(result.margin)}.",
        )
    )
    if inputs.planned_spending is not None:
        steps.append(
            Step(
                f"Spesa di personale previsionale {inputs.year}", inputs.planned_spending, unit="€", norm=NORM
            )
        )
        within = inputs.planned_spending <= result.max_spending
        verdicts.append(
            Verdict(
                "Spesa previsionale",
                within,
                f"La spesa previsionale {inputs.year} ({it_money(inputs.planned_spending)}) "
                + ("è entro" if within else "supera")
                + f" il limite di {it_money(result.max_spending)}.",
            )
        )
