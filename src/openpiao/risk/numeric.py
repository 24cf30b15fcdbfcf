"""The numeric method of risk assessment (PNA 2013, Allegato 5), kept for the enti that still
use it, so that their plans can be held and compared year on year.

Each process is scored on six criteria of probability and four of impact; each answer has the
value the Allegato gives it (from the catalogue, `reference_data/pna2013_allegato5_…yaml`):

    probabilità = media aritmetica dei valori degli indici di probabilità (P1…P6)
    impatto     = media aritmetica dei valori degli indici di impatto (I1…I4)
    valutazione complessiva del rischio = probabilità × impatto   (da 0 a 25)

The score becomes a level of the ente's own scale through the ente's bounds: a score up to the
first bound is the lowest level, up to the second the next one, and so on; above the last bound
it is the highest. No Django import: pages show the returned steps.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpiao.core.formatting import it_number
from openpiao.core.working import Step

from .judgment import Scale

QUALITATIVE, NUMERIC = "qualitative", "numeric"
PROBABILITY, IMPACT = "probabilita", "impatto"
MAX_SCORE = Decimal(25)
CENT = Decimal("0.01")


class NumericError(ValueError):
    """Scores or bounds that cannot be used; the message is Italian and says why."""


@dataclass(frozen=True)
class Criterion:
    code: str
    dimension: str  # PROBABILITY | IMPACT
    name: str
    question: str
    answers: tuple[tuple[int, str], ...]  # (value, answer) as the Allegato lists them

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(value for value, _ in self.answers)


@dataclass(frozen=True)
class NumericResult:
    probability: Decimal | None
    impact: Decimal | None
    score: Decimal | None  # None until every criterion is scored
    level: str | None
    steps: tuple[Step, ...]


def _mean(values: Sequence[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(CENT, ROUND_HALF_UP)


def parse_bounds(values: Sequence) -> list[Decimal]:
    try:
        return [Decimal(str(value)) for value in values]
    except (InvalidOperation, TypeError):
        raise NumericError("Le soglie devono essere numeri (es. 4; 8; 12).") from None


def check_bounds(bounds, scale: Scale) -> list[Decimal]:
    """The ente's bounds: one fewer than the levels, increasing, between 0 and 25."""
    if not isinstance(bounds, list):
        raise NumericError("Le soglie sono un elenco di numeri.")
    numbers = parse_bounds(bounds)
    needed = len(scale.labels) - 1
    if len(numbers) != needed:
        raise NumericError(
            f"Con {len(scale.labels)} livelli servono {needed} soglie (il punteggio massimo di ogni "
            f"livello tranne «{scale.labels[-1]}»); ne sono indicate {len(numbers)}."
        )
    if any(not 0 <= n < MAX_SCORE for n in numbers) or numbers != sorted(set(numbers)):
        raise NumericError("Le soglie devono crescere e stare tra 0 e 25 (escluso).")
    return numbers


def level_of(score: Decimal, bounds: Sequence[Decimal], scale: Scale) -> str:
    for key, bound in zip(scale.keys, bounds, strict=False):
        if score <= bound:
            return key
    return scale.keys[-1]


def numeric_assessment(
    scores: Mapping[str, int], criteria: Sequence[Criterion], bounds: Sequence, scale: Scale, norm: str
) -> NumericResult:
    """Probability, impact, their product and the level, with the working."""
    steps: list[Step] = []
    for criterion in criteria:
        value = scores.get(criterion.code)
        if value is not None and value not in criterion.values:
            allowed = ", ".join(str(v) for v in criterion.values)
            raise NumericError(f"«{criterion.name}»: il valore {value} non è previsto (valori: {allowed}).")
    if unknown := sorted(set(scores) - {c.code for c in criteria}):
        raise NumericError(f"Criterio «{unknown[0]}» non previsto dalla tabella del PNA 2013.")
    means, sums = {}, {}
    for dimension, label in ((PROBABILITY, "Probabilità"), (IMPACT, "Impatto")):
        group = [c for c in criteria if c.dimension == dimension]
        for criterion in group:
            value = scores.get(criterion.code)
            steps.append(
                Step(f"{label}: {criterion.name}", "non valutato" if value is None else value, norm=norm)
            )
        values = [scores[c.code] for c in group if scores.get(c.code) is not None]
        if len(values) < len(group):
            means[dimension] = None
            continue
        means[dimension] = _mean(values)
        sums[dimension] = (sum(values), len(values))
        steps.append(
            Step(
                f"Valore della {label.lower()}" if dimension == PROBABILITY else "Valore dell'impatto",
                means[dimension],
                formula=f"media aritmetica dei {len(values)} indici "
                f"({' + '.join(str(v) for v in values)}) ÷ {len(values)}",
                norm=norm,
            )
        )
    probability, impact = means[PROBABILITY], means[IMPACT]
    if probability is None or impact is None:
        steps.append(
            Step("Valutazione complessiva del rischio", "non calcolabile: criteri non tutti valutati")
        )
        return NumericResult(probability, impact, None, None, tuple(steps))
    # From the exact means: rounding them first would shift the product by a cent or more.
    (p_sum, p_n), (i_sum, i_n) = sums[PROBABILITY], sums[IMPACT]
    score = (Decimal(p_sum * i_sum) / Decimal(p_n * i_n)).quantize(CENT, ROUND_HALF_UP)
    steps.append(
        Step(
            "Valutazione complessiva del rischio",
            score,
            formula=f"probabilità {it_number(probability)} × impatto {it_number(impact)}",
            norm=norm,
        )
    )
    numbers = check_bounds(list(bounds), scale)
    level = level_of(score, numbers, scale)
    limits = "; ".join(
        f"{label} fino a {it_number(bound)}" for label, bound in zip(scale.labels, numbers, strict=False)
    )
    steps.append(
        Step(
            "Livello di rischio",
            scale.label(level),
            formula=f"soglie dell'ente: {limits}; oltre, {scale.labels[-1]}",
        )
    )
    return NumericResult(probability, impact, score, level, tuple(steps))
