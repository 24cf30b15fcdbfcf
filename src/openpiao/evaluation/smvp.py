"""The ente's own rules of measurement, as its SMVP writes them: scoring bands, ratio rules,
rounding or truncation, the Nucleo's overrides and exclusions, weighted phases and the
aggregation of scores at any depth with the rounding done at the level the system says.

Plain typed functions, no Django import, Decimal only. Each returns a `Score` with its steps,
so the Relazione sulla performance can print how every figure was obtained. scoring.py keeps
the product's default chain (value and time shares, cap, floor, deadline reductions); this
module holds the rules that differ from ente to ente.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from itertools import pairwise

from openpiao.core.formatting import it_number
from openpiao.core.working import Step

from .scoring import EXACT, HUNDRED, ROUND, TRUNCATE, ZERO, Rounding, Score

NORM_SMVP = "art. 7 d.lgs. 150/2009; sistema di misurazione e valutazione dell'ente"

HIGHER_IS_BETTER, LOWER_IS_BETTER = "higher", "lower"
EXCLUDE, COUNT_AS_ZERO = "exclude", "zero"
WEIGHTED, PLAIN = "weighted", "plain"


def _n(value: Decimal) -> str:
    return it_number(value)


# --- Scoring bands ----------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A step of a scale: a value from `low` to `high` (both included; None = no bound)
    scores `score` percent."""

    low: Decimal | None
    high: Decimal | None
    score: Decimal

    @property
    def label(self) -> str:
        if self.low is None and self.high is None:
            return "qualsiasi valore"
        if self.low is None:
            return f"fino a {_n(self.high)}"
        if self.high is None:
            return f"da {_n(self.low)} in su"
        if self.low == self.high:
            return f"pari a {_n(self.low)}"
        return f"da {_n(self.low)} a {_n(self.high)}"


def _resolution(bands: Sequence[Band]) -> Decimal:
    """The smallest step the bands are written in (0,01 if a bound has two decimals)."""
    exponents = [
        b.normalize().as_tuple().exponent for band in bands for b in (band.low, band.high) if b is not None
    ]
    smallest = min([0, *(e for e in exponents if isinstance(e, int))])
    return Decimal(1).scaleb(smallest)


def band_problems(bands: Sequence[Band], polarity: str = HIGHER_IS_BETTER) -> list[str]:
    """What is wrong with a scale, in Italian, naming the values: values in no band (a gap,
    or nothing below the first / above the last band), values in two bands (an overlap), a
    band upside down, a score outside 0-100, or scores that grow the wrong way for the
    indicator's polarity. Bands are read at the resolution they are written in (a bound with
    two decimals: steps of 0,01), as the ente reads them."""
    problems: list[str] = []
    if not bands:
        return ["Indicare almeno una fascia."]
    step = _resolution(bands)
    for band in bands:
        if band.low is not None and band.high is not None and band.low > band.high:
            problems.append(f"La fascia «{band.label}» ha il limite inferiore maggiore di quello superiore.")
        if not ZERO <= band.score <= HUNDRED:
            problems.append(f"Il punteggio della fascia «{band.label}» deve essere tra 0 e 100.")
    if problems:
        return problems
    ordered = sorted(bands, key=lambda b: (b.low is not None, b.low if b.low is not None else ZERO))
    first, last = ordered[0], ordered[-1]
    if first.low is not None:
        problems.append(f"I valori inferiori a {_n(first.low)} non cadono in nessuna fascia.")
    for before, after in pairwise(ordered):
        if before.high is None or (after.low is not None and after.low <= before.high):
            top = after.high if before.high is None else min(before.high, after.high or before.high)
            low = after.low if after.low is not None else before.low
            span = f"il valore {_n(low)}" if low == top else f"i valori da {_n(low)} a {_n(top)}"
            problems.append(
                f"Fasce sovrapposte: {span} cad{'e' if low == top else 'ono'} sia in «{before.label}» "
                f"sia in «{after.label}»."
            )
        elif after.low is not None and after.low > before.high + step:
            low, high = before.high + step, after.low - step
            span = f"il valore {_n(low)}" if low == high else f"i valori da {_n(low)} a {_n(high)}"
            verb = "cade" if low == high else "cadono"
            problems.append(f"Fasce non contigue: {span} non {verb} in nessuna fascia.")
    if last.high is not None and not any(b.high is None for b in bands):
        problems.append(f"I valori superiori a {_n(last.high)} non cadono in nessuna fascia.")
    scores = [b.score for b in ordered]
    rising = polarity == HIGHER_IS_BETTER
    if any((a > b) if rising else (a < b) for a, b in pairwise(scores)):
        problems.append(
            "I punteggi devono crescere con il valore (verso: più alto è meglio)."
            if rising
            else "I punteggi devono diminuire al crescere del valore (verso: più basso è meglio)."
        )
    return problems


def band_score(
    value: Decimal, bands: Sequence[Band], *, polarity: str = HIGHER_IS_BETTER, of: str = "valore"
) -> Score:
    """The score of the band `value` falls in. `of` says what the value is (the value
    reached, or the achievement in percent) for the steps."""
    steps = [
        Step(f"{of} rilevato", value, "verso: più basso è meglio" if polarity == LOWER_IS_BETTER else ""),
    ]
    step = _resolution(bands)
    for band in bands:
        low_ok = band.low is None or value >= band.low
        # A value between two written bounds (49,995 with bands at 0,01) belongs to the lower band.
        high_ok = band.high is None or value < band.high + step
        if low_ok and high_ok:
            steps.append(Step("fascia", band.label, "", NORM_SMVP))
            steps.append(
                Step(
                    "punteggio della fascia", band.score, f"{band.label} → {_n(band.score)}%", NORM_SMVP, "%"
                )
            )
            return Score(band.score, steps)
    return Score(None, steps, "valore fuori da tutte le fasce")


def parse_bands(text: str) -> tuple[list[Band], list[str]]:
    """Bands as a user writes them, one a line: «da;a;punteggio» (Italian numbers, an empty
    bound = no bound), e.g. «;39,99;0», «40;49,99;87», «50;;100». Returns the bands and the
    lines it could not read, in Italian."""
    bands, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) != 3:
            errors.append(f"Riga {number}: scrivere «da;a;punteggio» (per esempio «40;49,99;87»).")
            continue
        try:
            low, high, score = (_decimal(c) for c in cells)
        except InvalidOperation:
            errors.append(f"Riga {number}: «{line.strip()}» contiene un numero non valido.")
            continue
        if score is None:
            errors.append(f"Riga {number}: manca il punteggio della fascia.")
            continue
        bands.append(Band(low, high, score))
    return bands, errors


def format_bands(bands: Sequence[Band]) -> str:
    def cell(v: Decimal | None) -> str:
        return "" if v is None else _n(v)

    return "\n".join(f"{cell(b.low)};{cell(b.high)};{cell(b.score)}" for b in bands)


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # «1.250,40», as core.forms reads it


def _decimal(text: str) -> Decimal | None:
    text = text.replace("%", "").replace(" ", "")
    if not text:
        return None
    if _GROUPED.match(text):
        text = text.replace(".", "")
    return Decimal(text.replace(",", ".") if text.count(",") == 1 else text)


def bands_to_data(bands: Sequence[Band]) -> list[dict]:
    """As stored (JSON): strings, never floats."""
    return [
        {
            "low": None if b.low is None else str(b.low),
            "high": None if b.high is None else str(b.high),
            "score": str(b.score),
        }
        for b in bands
    ]


def bands_from_data(data: Sequence[dict]) -> list[Band]:
    def dec(v) -> Decimal | None:
        return None if v in (None, "") else Decimal(str(v))

    return [Band(dec(d.get("low")), dec(d.get("high")), Decimal(str(d["score"]))) for d in data]


# --- Weights of the units within the ente ------------------------------------------------


def parse_unit_weights(text: str) -> tuple[dict[str, Decimal], list[str]]:
    """The weight of each unit in the ente's mean as a user writes it, one a line:
    «codice;peso» (an Italian number), e.g. «ragioneria;40». Returns the weights by unit code
    and the lines it could not read, in Italian."""
    return parse_weights(text, code="codice dell'unità", example="ragioneria;40", thing="l'unità")


def parse_strategic_weights(text: str) -> tuple[dict[str, Decimal], list[str]]:
    """The weight of each strategic objective in the ente's mean, one a line «codice;peso»."""
    return parse_weights(
        text, code="codice dell'obiettivo strategico", example="OS1;60", thing="l'obiettivo strategico"
    )


def parse_weights(text: str, *, code: str, example: str, thing: str) -> tuple[dict[str, Decimal], list[str]]:
    weights: dict[str, Decimal] = {}
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) != 2 or not cells[0]:
            errors.append(f"Riga {number}: scrivere «{code};peso» (per esempio «{example}»).")
            continue
        try:
            weight = _decimal(cells[1])
        except InvalidOperation:
            weight = None
        if weight is None or not weight.is_finite():
            errors.append(f"Riga {number}: «{cells[1]}» non è un peso valido.")
        elif cells[0] in weights:
            errors.append(f"Riga {number}: {thing} «{cells[0]}» ha già un peso.")
        else:
            weights[cells[0]] = weight
    return weights, errors


def format_unit_weights(weights: dict) -> str:
    # By code: PostgreSQL's jsonb does not keep the order the weights were typed in.
    return "\n".join(f"{code};{_n(Decimal(str(w)))}" for code, w in sorted(weights.items()))


def unit_weight_problems(weights: dict[str, Decimal], *, codes: set[str], measured: set[str]) -> list[str]:
    """What is wrong with the weights of the units, in Italian: a unit the plan does not have,
    a weight not positive, a unit with objectives (`measured`) and no weight."""
    problems = [f"L'unità «{c}» non è nell'organigramma del piano." for c in weights if c not in codes]
    problems += [
        f"Il peso dell'unità «{c}» deve essere maggiore di zero." for c, w in weights.items() if w <= 0
    ]
    if missing := sorted(measured - set(weights)):
        problems.append(
            "Manca il peso delle unità con obiettivi: " + ", ".join(f"«{c}»" for c in missing) + "."
        )
    return problems


def strategic_weight_problems(
    weights: dict[str, Decimal], *, codes: set[str], linked: set[str], unlinked: Sequence[str]
) -> list[str]:
    """What is wrong with the weights of the strategic objectives in the ente's mean, in
    Italian: a code the plan does not have, a weight not positive, a strategic objective with
    operational objectives (`linked`) and no weight, operational objectives linked to none."""
    problems = [f"L'obiettivo strategico «{c}» non è nel piano." for c in weights if c not in codes]
    problems += [
        f"Il peso dell'obiettivo strategico «{c}» deve essere maggiore di zero."
        for c, w in weights.items()
        if w <= 0
    ]
    if missing := sorted(linked - set(weights)):
        problems.append(
            "Manca il peso degli obiettivi strategici con obiettivi operativi: "
            + ", ".join(f"«{c}»" for c in missing)
            + "."
        )
    if unlinked:
        problems.append(
            "Obiettivi non collegati a un obiettivo strategico (restano fuori dal punteggio dell'ente): "
            + "; ".join(unlinked)
            + "."
        )
    return problems


# --- Ratio rule -------------------------------------------------------------------------


def ratio_achievement(
    *,
    value: Decimal,
    target: Decimal,
    polarity: str = HIGHER_IS_BETTER,
    cap: Decimal = HUNDRED,
    rounding: Rounding = EXACT,
) -> Score:
    """Achievement = value ÷ target × 100 (lower is better: target ÷ value × 100), capped at
    `cap`, then rounded or truncated as the ente writes it."""
    steps = [Step("valore atteso", target), Step("valore raggiunto", value)]
    if polarity == LOWER_IS_BETTER:
        if value <= 0:
            steps.append(
                Step(
                    "raggiunto zero, verso più basso è meglio", cap, "risultato migliore possibile", unit="%"
                )
            )
            return Score(cap, steps)
        raw, formula = target / value * HUNDRED, "atteso ÷ raggiunto × 100"
    else:
        if target <= 0:
            return Score(None, steps, "valore atteso non positivo: il rapporto non esiste")
        raw, formula = value / target * HUNDRED, "raggiunto ÷ atteso × 100"
    steps.append(Step("rapporto", raw.quantize(Decimal("0.0001"), rounding=ROUND_DOWN), formula, unit="%"))
    if raw > cap:
        steps.append(Step("limitato al massimo", cap, f"min(rapporto, {_n(cap)})", NORM_SMVP, "%"))
        raw = cap
    value_out = rounding.apply(max(raw, ZERO))
    steps.append(Step("grado di raggiungimento", value_out, rounding.label, NORM_SMVP, "%"))
    return Score(value_out, steps)


# --- The Nucleo's override --------------------------------------------------------------


def overridden(computed: Score, *, override: Decimal | None, reason: str) -> Score:
    """The Nucleo's figure replaces the computed one; both stay in the working, with the reason."""
    if override is None:
        return computed
    steps = [
        *computed.steps,
        Step("valore calcolato", computed.value, "", "", "%"),
        Step("valore attribuito dal Nucleo di valutazione", override, f"motivo: {reason}", NORM_SMVP, "%"),
    ]
    return Score(override, steps, "valore attribuito dal Nucleo di valutazione")


# --- Weighted phases --------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseProgress:
    label: str
    weight: Decimal
    completion: Decimal | None  # percent done at the review; None = not reported
    planned: str = ""  # the planned dates, as text for the working


def weighted_phases(
    phases: Sequence[PhaseProgress], *, missing: str = EXCLUDE, rounding: Rounding = EXACT
) -> Score:
    """An objective measured by its phases: Σ(peso × % completamento) / Σ pesi."""
    parts = [Node(p.label + (f" ({p.planned})" if p.planned else ""), p.weight, p.completion) for p in phases]
    return aggregate(
        Node("avanzamento ponderato delle fasi", children=tuple(parts)),
        levels=(Level("obiettivo", WEIGHTED, rounding),),
        missing=missing,
    )


# --- Aggregation at any depth ------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A row of the tree (ente, area, objective, indicator…): its own score (leaves) or its
    children's mean; a weight in its parent's mean; excluded by the Nucleo with a reason."""

    label: str
    weight: Decimal | None = None
    score: Decimal | None = None
    children: tuple["Node", ...] = ()
    excluded: str = ""  # the Nucleo's reason; non-empty = left out of every mean


@dataclass(frozen=True)
class Level:
    """How the scores of one depth are computed from their children: a weighted or plain
    mean, and whether (and how) the result is rounded before it is used above."""

    name: str
    mean: str = WEIGHTED
    rounding: Rounding | None = None


@dataclass
class _Work:
    steps: list[Step] = field(default_factory=list)


def aggregate(
    root: Node, *, levels: Sequence[Level], missing: str = EXCLUDE, final: Rounding = EXACT
) -> Score:
    """The score of `root` from its leaves. `levels[d]` says how a node at depth d (0 = root)
    averages its children; a level with `rounding` rounds its results before the level above
    uses them, so the order of rounding is the system's. Children not reported are left out
    (their weights re-based) or count zero (`missing`); excluded ones are always left out.
    The root's result is finally written as `final` says."""
    work = _Work()
    value = _node_score(root, 0, levels, missing, work)
    if value is None:
        return Score(None, work.steps, "nessun valore misurato")
    out = final.apply(value)
    work.steps.append(Step(f"{root.label}: risultato", out, final.label, NORM_SMVP, "%"))
    return Score(out, work.steps)


def _node_score(node: Node, depth: int, levels: Sequence[Level], missing: str, work: _Work) -> Decimal | None:
    if not node.children:
        return node.score
    level = levels[min(depth, len(levels) - 1)]
    terms: list[tuple[Node, Decimal]] = []
    for child in node.children:
        if child.excluded:
            work.steps.append(
                Step(
                    f"{child.label}: escluso dal Nucleo di valutazione",
                    "escluso",
                    f"motivo: {child.excluded}",
                )
            )
            continue
        score = _node_score(child, depth + 1, levels, missing, work)
        if score is None:
            if missing == COUNT_AS_ZERO:
                work.steps.append(
                    Step(
                        f"{child.label}: non rilevato, conta zero", ZERO, "regola del sistema", NORM_SMVP, "%"
                    )
                )
                score = ZERO
            else:
                work.steps.append(
                    Step(f"{child.label}: non rilevato, escluso dalla media", "escluso", "regola del sistema")
                )
                continue
        if not child.children:
            shown = f"peso {_n(child.weight)}" if level.mean == WEIGHTED and child.weight is not None else ""
            work.steps.append(Step(child.label, score, shown, "", "%"))
        terms.append((child, score))
    if not terms:
        return None
    weighted = level.mean == WEIGHTED and all(c.weight is not None for c, _ in terms)
    weights = [c.weight if weighted else Decimal(1) for c, _ in terms]
    total = sum(weights, ZERO)
    if total == 0:
        weighted, weights, total = False, [Decimal(1)] * len(terms), Decimal(len(terms))
    value = sum((w * s for w, (_, s) in zip(weights, terms, strict=True)), ZERO) / total
    formula = "Σ(peso × punteggio) / Σ pesi" if weighted else "Σ punteggi / numero"
    detail = " + ".join(
        f"{_n(w)} × {_n(s)}" if weighted else _n(s) for w, (_, s) in zip(weights, terms, strict=True)
    )
    denominator = _n(total) if weighted else str(len(terms))
    formula = f"{formula} = ({detail}) / {denominator}"
    if level.rounding is not None:
        value = level.rounding.apply(value)
        formula += f", {level.rounding.label}"
    work.steps.append(
        Step(
            f"{node.label} ({level.name})",
            value if level.rounding else EXACT.apply(value),
            formula,
            NORM_SMVP,
            "%",
        )
    )
    return value


def steps_as_text(score: Score) -> str:
    """The working as plain lines (for the closing note, a log, a test)."""
    lines = []
    for s in score.steps:
        value = _n(s.value) if isinstance(s.value, Decimal) else ("—" if s.value is None else str(s.value))
        line = f"{s.label}: {value}{s.unit if s.unit == '%' else (' ' + s.unit if s.unit else '')}"
        if s.formula:
            line += f"  [{s.formula}]"
        lines.append(line)
    return "\n".join(lines)


__all__ = [
    "COUNT_AS_ZERO",
    "EXACT",
    "EXCLUDE",
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "PLAIN",
    "ROUND",
    "TRUNCATE",
    "WEIGHTED",
    "Band",
    "Level",
    "Node",
    "PhaseProgress",
    "Rounding",
    "aggregate",
    "band_problems",
    "band_score",
    "bands_from_data",
    "bands_to_data",
    "format_bands",
    "format_unit_weights",
    "overridden",
    "parse_bands",
    "parse_strategic_weights",
    "parse_unit_weights",
    "ratio_achievement",
    "steps_as_text",
    "strategic_weight_problems",
    "unit_weight_problems",
    "weighted_phases",
]
