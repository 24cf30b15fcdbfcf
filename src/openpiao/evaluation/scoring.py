"""Scores of the performance cycle, by the rules of the ente's evaluation system (SMVP).

Plain typed functions, no Django import. Each returns a `Score`: the value (a percentage,
or None when nothing could be measured) and the `Step`s that produced it, so every page and
the Relazione sulla performance can print how a figure was obtained.

The chain, bottom up (art. 8-9 d.lgs. 150/2009; the SMVP fixes the parameters):

    indicator achievement  → media valore raggiunto  ┐
    phase timeliness       → media rispetto dei tempi ┴→ objective score → unit score → ente score
    objective scores × participation  +  behaviour assessment → individual score

An objective without indicators is measured by its phases: the share of the phases due that
are completed stands for the media valore raggiunto. A pre-requisito objective has no weight:
it is met or not (`prerequisite_met`), stays out of every mean, and when not met voids the
bonus of the people it applies to (bonus.py).

Percentages are Decimals rounded half up to two decimals only when returned.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from openpiao.core.working import Step
from openpiao.performance.targets import Target

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_CENT = Decimal("0.01")

NORM_ORGANISATIONAL = "art. 8 d.lgs. 150/2009; sistema di misurazione e valutazione dell'ente"
NORM_INDIVIDUAL = "art. 9 d.lgs. 150/2009; sistema di misurazione e valutazione dell'ente"


def rounded(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


ROUND, TRUNCATE = "round", "truncate"


@dataclass(frozen=True)
class Rounding:
    """How the ente writes a score: rounded half up or truncated, at `decimals` decimals."""

    mode: str = ROUND
    decimals: int = 2

    def apply(self, value: Decimal) -> Decimal:
        quantum = Decimal(1).scaleb(-self.decimals)
        return value.quantize(quantum, rounding=ROUND_HALF_UP if self.mode == ROUND else ROUND_DOWN)

    @property
    def label(self) -> str:
        how = "arrotondato" if self.mode == ROUND else "troncato"
        if self.decimals == 0:
            return f"{how} all'unità"
        return f"{how} a {self.decimals} decimal{'e' if self.decimals == 1 else 'i'}"


EXACT = Rounding(ROUND, 2)


@dataclass(frozen=True)
class Score:
    value: Decimal | None  # percentage; None = non misurato
    steps: list[Step] = field(default_factory=list)
    note: str = ""  # why there is no value, or what was assumed

    @property
    def measured(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Rules:
    """The SMVP parameters the scores depend on (the defaults are OpenPIAO's, see models)."""

    cap: Decimal = HUNDRED  # highest achievement an indicator can count (e.g. 120%)
    floor: Decimal = ZERO  # an achievement below this counts zero
    deadline_reduction: Decimal = Decimal(10)  # points lost per period of delay
    deadline_period_days: int = 30
    weighted_indicators: bool = True  # media valore raggiunto weighted by indicator weight
    value_share: Decimal = Decimal(80)  # objective score = value_share% media valore raggiunto
    time_share: Decimal = Decimal(20)  # + time_share% media rispetto dei tempi
    # "units": mean of unit scores; "weighted_units": their mean weighted by the system's weight
    # of each unit (areas within the ente); "objectives": mean of all objective scores;
    # "strategic": each strategic objective's weighted mean of its operational objectives, then
    # their mean weighted by the system's weight of each strategic objective
    organization_method: str = "units"
    rounding: Rounding = EXACT  # how the SMVP writes a score (indicator achievement, rounded levels)
    # Where the SMVP's rounding happens besides the ente's figure: "end" (only there),
    # "units" (each unit's or strategic objective's score too), "objectives" (each objective's
    # score and each unit's), "terms" (as "objectives", and every term peso × punteggio ÷ Σ pesi
    # of a weighted mean is rounded before the terms are added up).
    rounding_level: str = "end"
    missing_as_zero: bool = False  # an indicator or objective not reported counts zero, not left out
    phases_weighted: bool = False  # an objective without indicators: Σ(peso × % completamento)/Σ pesi

    def rounds(self, level: str) -> bool:
        order = {"end": 0, "units": 1, "objectives": 2, "terms": 3}
        return order[self.rounding_level] >= order[level]

    def written(self, value: Decimal, level: str) -> tuple[Decimal, str]:
        """A level's result as the SMVP writes it, with the words for the working."""
        if level == "end" or self.rounds(level):
            return self.rounding.apply(value), f", {self.rounding.label}"
        return rounded(value), ""


@dataclass(frozen=True)
class Measurement:
    """What a review says was achieved by an indicator (only the field of its kind is used)."""

    number: Decimal | None = None
    flag: bool | None = None
    done_on: date | None = None
    judgement: Decimal | None = None  # 0-100, given by the evaluator to a text indicator


# --- Indicators -------------------------------------------------------------------------

_SYMBOL = {"le": "≤", "ge": "≥", "eq": "=", "lt": "<", "gt": ">"}


def _bounded(raw: Decimal, rules: Rules, steps: list[Step]) -> Score:
    """Apply the SMVP floor and cap to a raw achievement."""
    raw = max(raw, ZERO)
    if raw < rules.floor:
        steps.append(
            Step(
                "sotto la soglia minima: vale zero",
                rules.floor,
                "se raggiungimento < soglia minima → 0",
                "SMVP dell'ente",
                "%",
            )
        )
        return Score(ZERO, steps)
    if raw > rules.cap:
        steps.append(
            Step("limitato al massimo riconosciuto", rules.cap, "min(raggiungimento, massimo)", "", "%")
        )
        raw = rules.cap
    value = rules.rounding.apply(raw)
    label = "" if rules.rounding == EXACT else rules.rounding.label
    steps.append(Step("grado di raggiungimento dell'indicatore", value, label, NORM_ORGANISATIONAL, "%"))
    return Score(value, steps)


def _number_achievement(direction: str, target: Decimal, achieved: Decimal, rules: Rules) -> Score:
    steps = [
        Step("valore atteso", target, f"verso {_SYMBOL[direction]}"),
        Step("valore raggiunto", achieved),
    ]
    if direction in ("lt", "gt"):
        met = achieved < target if direction == "lt" else achieved > target
        steps.append(
            Step(
                "soglia stretta rispettata" if met else "soglia stretta non rispettata",
                HUNDRED if met else ZERO,
                f"raggiunto {_SYMBOL[direction]} atteso → 100%, altrimenti 0% (la soglia è esclusa)",
                unit="%",
            )
        )
        return Score(HUNDRED if met else ZERO, steps)
    if direction == "eq":
        if target == 0:
            raw = HUNDRED if achieved == 0 else ZERO
            steps.append(Step("atteso zero", raw, "raggiunto = 0 → 100%, altrimenti 0%", unit="%"))
        else:
            raw = HUNDRED - abs(achieved - target) / abs(target) * HUNDRED
            steps.append(
                Step(
                    "scostamento dal valore esatto",
                    rounded(raw),
                    "100 − |raggiunto − atteso| / atteso × 100",
                    unit="%",
                )
            )
        return _bounded(raw, rules, steps)
    if target <= 0:
        # A ratio is meaningless against zero or a negative target: the target is a threshold.
        met = achieved >= target if direction == "ge" else achieved <= target
        raw = HUNDRED if met else ZERO
        steps.append(
            Step(
                "atteso non positivo: soglia",
                raw,
                f"raggiunto {_SYMBOL[direction]} atteso → 100%, altrimenti 0%",
                unit="%",
            )
        )
        return _bounded(raw, rules, steps)
    if direction == "ge":
        raw = achieved / target * HUNDRED
        steps.append(Step("rapporto", rounded(raw), "raggiunto / atteso × 100", unit="%"))
        return _bounded(raw, rules, steps)
    # direction "le": less is better.
    if achieved <= 0:
        steps.append(
            Step(
                "raggiunto zero con verso ≤: risultato migliore possibile",
                rules.cap,
                "raggiunto = 0 → massimo riconosciuto",
                unit="%",
            )
        )
        return _bounded(rules.cap, rules, steps)
    raw = target / achieved * HUNDRED
    steps.append(Step("rapporto", rounded(raw), "atteso / raggiunto × 100", unit="%"))
    return _bounded(raw, rules, steps)


# An achieved value this many times its target is possible but more often a typing error
# (a zero too many): the readiness check asks to look at it again.
FAR_ABOVE = Decimal(10)


def far_above_target(achieved: Decimal, target: Decimal) -> bool:
    return target > 0 and achieved >= FAR_ABOVE * target


def _deadline_achievement(
    deadline: date, done_on: date | None, as_of: date, rules: Rules, start: date | None = None
) -> Score:
    steps = [Step("scadenza", deadline.strftime("%d/%m/%Y"))]
    if start is not None:
        steps.insert(0, Step("periodo previsto", f"dal {start:%d/%m/%Y} al {deadline:%d/%m/%Y}"))
    if done_on is None:
        if as_of <= deadline:
            return Score(None, steps, "non ancora completato, scadenza non ancora raggiunta")
        steps.append(Step("non ancora completato alla data della verifica", as_of.strftime("%d/%m/%Y")))
        done_on = as_of
    else:
        steps.append(Step("completato il", done_on.strftime("%d/%m/%Y")))
    late_days = (done_on - deadline).days
    if late_days <= 0:
        steps.append(Step("scadenza rispettata", HUNDRED, "completato entro la scadenza → 100%", unit="%"))
        return _bounded(HUNDRED, rules, steps)
    periods = -(-late_days // rules.deadline_period_days)  # ceiling division
    raw = HUNDRED - periods * rules.deadline_reduction
    steps.append(Step("giorni di ritardo", late_days, unit="giorni"))
    steps.append(
        Step(
            "periodi di ritardo",
            periods,
            f"ogni {rules.deadline_period_days} giorni o frazione",
        )
    )
    steps.append(
        Step(
            "riduzione per il ritardo",
            rounded(max(raw, ZERO)),
            f"100 − periodi × {rules.deadline_reduction}",
            "SMVP dell'ente",
            "%",
        )
    )
    return _bounded(raw, rules, steps)


def indicator_achievement(
    *,
    kind: str,
    direction: str,
    target: Target | None,
    measured: Measurement | None,
    rules: Rules,
    as_of: date,
) -> Score:
    """Grado di raggiungimento of one indicator, in percent.

    - number / percentage, direction ≥: achieved / target × 100; ≤: target / achieved × 100,
      with achieved 0 counting the cap (the best result possible); =: 100 − |gap| / target × 100.
      A comparator written in the target ("< di 5", "almeno 80%") overrides the direction; a
      strict one (<, >) is a threshold: met → 100, not met → 0. A target of 0 (or negative)
      is a threshold too, since no ratio exists.
    - yes/no: 100 if the achieved answer is the expected one, else 0.
    - deadline (a date, a range of days, a part of the year): 100 if done by the deadline (the
      last day of a range), else 100 − reduction × periods of delay (each
      period started counts); not done and past the deadline at the review date: the delay
      so far.
    - text: the evaluator's judgement (0-100).
    Then: below the SMVP floor → 0; above the cap → cap.
    """
    if target is None:
        return Score(None, [], "valore atteso mancante per l'anno")
    if kind == "deadline":
        if target.deadline is None:
            return Score(None, [], "scadenza non leggibile nel valore atteso")
        return _deadline_achievement(
            target.deadline, measured.done_on if measured else None, as_of, rules, target.start
        )
    if measured is None:
        return Score(None, [], "valore non rilevato")
    if kind in ("number", "percentage"):
        if measured.number is None:
            return Score(None, [], "valore non rilevato")
        if target.number is None:
            return Score(None, [], "valore atteso senza numero")
        # A comparator written in the target (lt, le, eq, ge, gt) overrides the direction.
        return _number_achievement(target.comparator or direction, target.number, measured.number, rules)
    if kind == "boolean":
        if measured.flag is None:
            return Score(None, [], "valore non rilevato")
        expected = "SI" if target.flag else "NO"
        got = "SI" if measured.flag else "NO"
        raw = HUNDRED if measured.flag == target.flag else ZERO
        steps = [
            Step("valore atteso", expected),
            Step("valore raggiunto", got),
            Step("risposta attesa", raw, "uguale all'atteso → 100%, altrimenti 0%", unit="%"),
        ]
        return _bounded(raw, rules, steps)
    if kind == "text":
        if measured.judgement is None:
            return Score(None, [], "in attesa del giudizio del valutatore")
        steps = [Step("giudizio del valutatore", measured.judgement, "da 0 a 100", "SMVP dell'ente", "%")]
        return _bounded(measured.judgement, rules, steps)
    return Score(None, [], f"tipo di indicatore sconosciuto: {kind}")


# --- Averages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One term of a weighted mean: what it is, its score, its weight (None = not weighted)."""

    label: str
    score: Decimal | None
    weight: Decimal | None = None


def _weighted_mean(
    parts: Sequence[Part],
    *,
    weighted: bool,
    label: str,
    formula: str,
    norm: str,
    rules: Rules | None = None,
    level: str = "",
) -> Score:
    steps: list[Step] = []
    if rules is not None and rules.missing_as_zero:
        for p in parts:
            if p.score is None:
                steps.append(
                    Step(
                        f"{p.label}: non rilevato, conta zero",
                        ZERO,
                        "regola del sistema",
                        "SMVP dell'ente",
                        "%",
                    )
                )
        parts = [p if p.score is not None else Part(p.label, ZERO, p.weight) for p in parts]
    measured = [p for p in parts if p.score is not None]
    skipped = len(parts) - len(measured)
    if not measured:
        return Score(None, steps, "nessun valore misurato")
    use_weights = weighted and all(p.weight is not None for p in measured)
    total_weight = sum((p.weight if use_weights else Decimal(1)) for p in measured)
    if use_weights and total_weight == 0:
        use_weights, total_weight = False, Decimal(len(measured))
    for p in measured:
        weight = p.weight if use_weights else Decimal(1)
        steps.append(
            Step(p.label, rounded(p.score), f"peso {weight.normalize():f}" if use_weights else "", unit="%")
        )
    if rules is not None and level and rules.rounds("terms"):
        # Each term peso × punteggio ÷ Σ pesi as the SMVP writes it, then their sum.
        terms = [
            rules.rounding.apply(p.score * (p.weight if use_weights else Decimal(1)) / total_weight)
            for p in measured
        ]
        how = "peso × punteggio ÷ Σ pesi" if use_weights else "punteggio ÷ numero dei valori"
        for p, term in zip(measured, terms, strict=True):
            steps.append(Step(f"{p.label}: contributo", term, f"{how}, {rules.rounding.label}", unit="%"))
        value, written = rules.written(sum(terms), level)
        written = f", somma dei contributi{written}"
    else:
        total = sum(p.score * (p.weight if use_weights else Decimal(1)) for p in measured)
        value, written = (
            rules.written(total / total_weight, level)
            if rules and level
            else (rounded(total / total_weight), "")
        )
    note = ""
    if skipped:
        ending = "o" if skipped == 1 else "i"
        note = f"{skipped} su {len(parts)} non misurat{ending}, esclus{ending} dalla media"
        steps.append(Step("esclusi perché non misurati", skipped))
    if weighted and not use_weights:
        steps.append(Step("pesi incompleti: media semplice", len(measured)))
    steps.append(
        Step(label, value, (formula if use_weights else "Σ valori / numero dei valori") + written, norm, "%")
    )
    return Score(value, steps, note)


def mean_achievement(indicators: Sequence[Part], rules: Rules) -> Score:
    """Media valore raggiunto: Σ(peso × raggiungimento) / Σ pesi over the measured indicators."""
    return _weighted_mean(
        indicators,
        weighted=rules.weighted_indicators,
        label="media valore raggiunto",
        formula="Σ(peso × raggiungimento) / Σ pesi",
        norm=NORM_ORGANISATIONAL,
        rules=rules,
    )


def months_elapsed(reference_year: int, as_of: date) -> int:
    """The month a review looks at: 1-12 within the year, 13 once the year is over."""
    if as_of.year > reference_year:
        return 13
    if as_of.year < reference_year:
        return 0
    return as_of.month


def phase_timeliness(*, planned: Sequence[int], actual: Sequence[int], completed: bool, month: int) -> Score:
    """Rispetto dei tempi of one phase of the cronoprogramma, at `month` (13 = year over).

    - completed: 100 if its last actual month is within the planned months, else 0;
    - not completed and its last planned month is past: 0 (late);
    - in progress: the share of the planned months already past (and the current one, if
      worked) in which the phase actually ran;
    - not yet due by plan: not counted.
    """
    if not planned:
        return Score(None, [], "fase senza mesi previsti")
    planned_set, actual_set = set(planned), set(actual)
    end = max(planned)
    steps = [Step("ultimo mese previsto", end)]
    if completed:
        finished = max(actual_set) if actual_set else min(month, 12)
        steps.append(Step("concluso nel mese", finished))
        on_time = finished <= end
        value = HUNDRED if on_time else ZERO
        steps.append(
            Step(
                "conclusa nei tempi" if on_time else f"conclusa con {finished - end} mesi di ritardo",
                value,
                "conclusa entro l'ultimo mese previsto → 100%, altrimenti 0%",
                unit="%",
            )
        )
        return Score(value, steps)
    if end < month:
        steps.append(Step("non conclusa e scaduta", ZERO, "ultimo mese previsto passato → 0%", unit="%"))
        return Score(ZERO, steps)
    due = {m for m in planned_set if m < month} | ({month} & planned_set & actual_set)
    if not due:
        return Score(None, steps, "fase non ancora iniziata secondo il cronoprogramma")
    worked = due & actual_set
    value = rounded(Decimal(len(worked)) / Decimal(len(due)) * HUNDRED)
    steps.append(Step("mesi previsti fino ad oggi", len(due)))
    steps.append(Step("mesi in cui la fase si è svolta", len(worked)))
    steps.append(
        Step("avanzamento nei tempi", value, "mesi svolti / mesi previsti fino ad oggi × 100", unit="%")
    )
    return Score(value, steps)


def mean_timeliness(phases: Sequence[Part]) -> Score:
    """Media rispetto dei tempi: the simple mean of the phases counted at this review."""
    return _weighted_mean(
        phases,
        weighted=False,
        label="media rispetto dei tempi",
        formula="Σ rispetto dei tempi / numero delle fasi",
        norm=NORM_ORGANISATIONAL,
    )


@dataclass(frozen=True)
class PhaseState:
    """A phase at a review: whether it is completed and whether the plan says it is due."""

    label: str
    completed: bool
    due: bool


def phase_is_due(planned: Sequence[int], month: int) -> bool:
    """Due by `month` (13 = year over): its last planned month is past; a phase without
    months is due only at the end of the year."""
    return month >= 13 or (bool(planned) and max(planned) < month)


def phase_completion(phases: Sequence[PhaseState]) -> Score:
    """Completamento delle fasi, the media valore raggiunto of an objective measured by its
    phases (no indicator): fasi concluse / fasi dovute × 100, where a phase counts once it is
    due by the cronoprogramma or already completed."""
    counted = [p for p in phases if p.due or p.completed]
    steps = [Step("obiettivo senza indicatori: misurato dalle fasi", len(phases), "fasi del cronoprogramma")]
    if not counted:
        return Score(None, steps, "nessuna fase ancora dovuta secondo il cronoprogramma")
    done = sum(p.completed for p in counted)
    value = rounded(Decimal(done) / Decimal(len(counted)) * HUNDRED)
    steps += [
        Step("fasi dovute alla data della verifica (o già concluse)", len(counted)),
        Step("fasi concluse", done),
        Step(
            "completamento delle fasi", value, "fasi concluse / fasi dovute × 100", NORM_ORGANISATIONAL, "%"
        ),
    ]
    return Score(value, steps)


# --- Objective, unit, ente --------------------------------------------------------------


def objective_score(*, value_mean: Decimal | None, time_mean: Decimal | None, rules: Rules) -> Score:
    """Punteggio dell'obiettivo = (quota valore × media valore + quota tempi × media tempi) / 100.

    If one of the two averages cannot be measured, the other counts alone (said in the steps).
    """
    steps = [
        Step("media valore raggiunto", value_mean, f"quota {rules.value_share.normalize():f}%", unit="%"),
        Step("media rispetto dei tempi", time_mean, f"quota {rules.time_share.normalize():f}%", unit="%"),
    ]
    if value_mean is None and time_mean is None:
        return Score(None, steps, "obiettivo non misurato")
    if value_mean is None or time_mean is None or rules.value_share + rules.time_share == 0:
        only = value_mean if value_mean is not None else time_mean
        which = "media valore raggiunto" if value_mean is not None else "media rispetto dei tempi"
        value, written = rules.written(only, "objectives")
        steps.append(
            Step(
                "punteggio dell'obiettivo", value, f"conta solo la {which}{written}", NORM_ORGANISATIONAL, "%"
            )
        )
        return Score(value, steps, f"misurata solo la {which}")
    total = rules.value_share + rules.time_share
    value, written = rules.written(
        (rules.value_share * value_mean + rules.time_share * time_mean) / total, "objectives"
    )
    steps.append(
        Step(
            "punteggio dell'obiettivo",
            value,
            "(quota valore × media valore + quota tempi × media tempi) / (quota valore + quota tempi)"
            + written,
            NORM_ORGANISATIONAL,
            "%",
        )
    )
    return Score(value, steps)


def prerequisite_met(score: Score) -> Score:
    """Pre-requisito: met (100) only when its objective is fully achieved, else not met (0);
    not measured while its objective is not. It has no weight and enters no mean."""
    steps = [*score.steps, Step("punteggio dell'obiettivo pre-requisito", score.value, unit="%")]
    if score.value is None:
        return Score(None, steps, "pre-requisito non ancora verificato")
    met = score.value >= HUNDRED
    steps.append(
        Step(
            "pre-requisito raggiunto" if met else "pre-requisito non raggiunto",
            "sì" if met else "no",
            "raggiunto se il punteggio è 100%; se non raggiunto nessun premio a chi vi è tenuto",
            "SMVP dell'ente",
        )
    )
    return Score(HUNDRED if met else ZERO, steps)


def unit_score(objectives: Sequence[Part], *, weight_mode: str, rules: Rules | None = None) -> Score:
    """Performance organizzativa dell'unità: Σ(peso × punteggio) / Σ pesi of its measured objectives.

    Weights are the ente's (percent or points): the formula is the same, only the unit of the
    weights changes. Objectives not measured are left out and the others' weights re-based;
    if a measured objective has no weight, the mean is simple.
    """
    unit = "punti" if weight_mode == "points" else "%"
    result = _weighted_mean(
        objectives,
        weighted=True,
        label="punteggio dell'unità",
        formula=f"Σ(peso in {unit} × punteggio) / Σ pesi",
        norm=NORM_ORGANISATIONAL,
        rules=rules,
        level="units",
    )
    measured = [p for p in objectives if p.score is not None and p.weight is not None]
    if result.measured and measured:
        used = sum(p.weight for p in measured)
        planned = sum(p.weight for p in objectives if p.weight is not None)
        suffix = " punti" if weight_mode == "points" else "%"
        steps = [
            *result.steps[:-1],
            Step(
                "peso degli obiettivi misurati",
                f"{used.normalize():f}{suffix} su {planned.normalize():f}{suffix}",
            ),
            result.steps[-1],
        ]
        return Score(result.value, steps, result.note)
    return result


def strategic_score(objectives: Sequence[Part], *, rules: Rules) -> Score:
    """Punteggio di un obiettivo strategico: Σ(peso × punteggio) / Σ pesi of the operational
    objectives linked to it (rounded where the system rounds the units' scores)."""
    return _weighted_mean(
        objectives,
        weighted=True,
        label="punteggio dell'obiettivo strategico",
        formula="Σ(peso dell'obiettivo × punteggio) / Σ pesi degli obiettivi misurati",
        norm=NORM_ORGANISATIONAL,
        rules=rules,
        level="units",
    )


@dataclass(frozen=True)
class Tier:
    """A strategic objective in the ente's mean: its weight in the system and its own score."""

    label: str
    weight: Decimal | None
    score: Score


def _missing_weights(parts: Sequence[Part], rules: Rules) -> Score | None:
    """Every term that enters a weighted mean of the ente (one not measured does when it counts
    zero) needs its weight in the system: the score is not measured without it."""
    counted = [p for p in parts if p.score is not None or rules.missing_as_zero]
    if unweighted := [p.label for p in counted if not (p.weight and p.weight > 0)]:
        names = ", ".join(f"«{n}»" for n in unweighted)
        return Score(None, [], f"manca il peso nel sistema di misurazione per: {names}")
    return None


def organization_score(
    *, units: Sequence[Part], objectives: Sequence[Part], rules: Rules, strategic: Sequence[Tier] = ()
) -> Score:
    """Performance organizzativa dell'ente: the mean of the unit scores (each unit counts once),
    their mean weighted by each unit's weight in the system (the units' Parts carry it), the
    simple mean of all objective scores, or the mean of the strategic objectives' scores
    weighted by their weight in the system (area → obiettivo strategico → obiettivo operativo
    → indicatore), as the SMVP says."""
    if rules.organization_method == "strategic":
        parts = [Part(t.label, t.score.value, t.weight) for t in strategic]
        if missing := _missing_weights(parts, rules):
            return missing
        result = _weighted_mean(
            parts,
            weighted=True,
            label="punteggio dell'ente",
            formula=(
                "Σ(peso dell'obiettivo strategico × punteggio) / Σ pesi degli obiettivi strategici misurati"
            ),
            norm=NORM_ORGANISATIONAL,
            rules=rules,
            level="end",
        )
        tiers = [
            replace(step, label=f"obiettivo strategico «{t.label}»: {step.label}")
            for t in strategic
            for step in t.score.steps
        ]
        return Score(result.value, [*tiers, *result.steps], result.note)
    if rules.organization_method == "weighted_units":
        if missing := _missing_weights(units, rules):
            return missing
        return _weighted_mean(
            units,
            weighted=True,
            label="punteggio dell'ente",
            formula="Σ(peso dell'unità × punteggio dell'unità) / Σ pesi delle unità misurate",
            norm=NORM_ORGANISATIONAL,
            rules=rules,
            level="end",
        )
    if rules.organization_method == "objectives":
        return _weighted_mean(
            objectives,
            weighted=False,
            label="punteggio dell'ente",
            formula="Σ punteggi degli obiettivi / numero degli obiettivi misurati",
            norm=NORM_ORGANISATIONAL,
            rules=rules,
            level="end",
        )
    return _weighted_mean(
        units,
        weighted=False,
        label="punteggio dell'ente",
        formula="Σ punteggi delle unità / numero delle unità misurate",
        norm=NORM_ORGANISATIONAL,
        rules=rules,
        level="end",
    )


# --- Individual -------------------------------------------------------------------------


def behaviour_score(criteria: Sequence[Part], *, scale_max: Decimal) -> Score:
    """Comportamenti organizzativi: Σ(peso × voto / voto massimo × 100) / Σ pesi.

    `criteria` carry the vote given on the ente's scale (1…scale_max) as `score`.
    """
    if scale_max <= 0:
        return Score(None, [], "scala dei comportamenti non valida")
    as_percent = [
        Part(
            f"{p.label} (voto {p.score.normalize():f}/{scale_max.normalize():f})"
            if p.score is not None
            else p.label,
            None if p.score is None else p.score / scale_max * HUNDRED,
            p.weight,
        )
        for p in criteria
    ]
    return _weighted_mean(
        as_percent,
        weighted=True,
        label="valutazione dei comportamenti",
        formula="Σ(peso × voto / voto massimo × 100) / Σ pesi",
        norm=NORM_INDIVIDUAL,
    )


def results_score(contributions: Sequence[Part]) -> Score:
    """Risultati individuali: the objectives (or units) an employee answers for, weighted by
    its participation: Σ(partecipazione × punteggio) / Σ partecipazioni."""
    return _weighted_mean(
        contributions,
        weighted=True,
        label="risultati",
        formula="Σ(% partecipazione × punteggio) / Σ % partecipazione",
        norm=NORM_INDIVIDUAL,
    )


def individual_score(
    *, results: Decimal | None, behaviour: Decimal | None, results_share: Decimal, is_eq_holder: bool
) -> Score:
    """Punteggio individuale = quota risultati × risultati + (100 − quota) × comportamenti, / 100.

    The split is the SMVP's, one for titolari di E.Q. (for whom the results of the unit they
    lead weigh most, art. 9 c. 1 d.lgs. 150/2009) and one for the other staff (art. 9 c. 2).
    Both parts are required: a missing one leaves the score not measured.
    """
    who = "titolare di E.Q." if is_eq_holder else "personale non titolare di E.Q."
    behaviour_share = HUNDRED - results_share
    steps = [
        Step("risultati", results, f"quota {results_share.normalize():f}% ({who})", unit="%"),
        Step("comportamenti organizzativi", behaviour, f"quota {behaviour_share.normalize():f}%", unit="%"),
    ]
    if results is None or behaviour is None:
        missing = "risultati" if results is None else "valutazione dei comportamenti"
        return Score(None, steps, f"manca: {missing}")
    value = rounded((results_share * results + behaviour_share * behaviour) / HUNDRED)
    steps.append(
        Step(
            "punteggio individuale",
            value,
            "(quota risultati × risultati + quota comportamenti × comportamenti) / 100",
            NORM_INDIVIDUAL,
            "%",
        )
    )
    return Score(value, steps)
