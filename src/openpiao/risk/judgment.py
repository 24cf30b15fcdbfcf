"""Giudizio sintetico of a process's exposure to corruption risk (PNA 2019, Allegato 1).

Allegato 1 par. 4.2 asks for a qualitative measurement: each key risk indicator (interesse
esterno, discrezionalità, eventi corruttivi passati, opacità, collaborazione del responsabile,
attuazione delle misure, and any the ente adds) is judged alto / medio / basso with a reason,
and the process gets one overall level with a written motivation. ANAC leaves the rule to the
ente (it warns against an arithmetic mean), so the rule is a setting of the plan:

- ``mode_worst``: the level judged most often (moda); when two levels tie, the worse one wins;
- ``worst``: the highest level any indicator received (prudential);
- ``median_up``: the median of the ordered judgments; with an even count, the upper middle one.

The RPCT may replace the result with another level only with a written motivation
(`apply_override`). No Django import: pages show the returned steps.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from openpiao.core.working import Step

NORM = "PNA 2019 (delib. ANAC 1064/2019), Allegato 1, par. 4.2"

LOW, MEDIUM, HIGH = "basso", "medio", "alto"
LEVELS = (LOW, MEDIUM, HIGH)  # in increasing order of risk
LEVEL_LABELS = {LOW: "Basso", MEDIUM: "Medio", HIGH: "Alto"}

MODE_WORST, WORST, MEDIAN_UP = "mode_worst", "worst", "median_up"
RULES = {
    MODE_WORST: "Moda dei giudizi; a parità prevale il livello più alto",
    WORST: "Livello più alto tra gli indicatori (criterio prudenziale)",
    MEDIAN_UP: "Mediana dei giudizi ordinati; con un numero pari, il valore superiore",
}


class JudgmentError(ValueError):
    """Input that cannot be judged; the message is Italian and says why."""


@dataclass(frozen=True)
class Judgment:
    level: str | None  # None when no indicator has been judged yet
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return LEVEL_LABELS.get(self.level, "Non valutato") if self.level else "Non valutato"


def _rank(level: str) -> int:
    try:
        return LEVELS.index(level)
    except ValueError:
        raise JudgmentError(f"Livello «{level}» non previsto: usare basso, medio o alto.") from None


def synthetic_judgment(levels: Sequence[str], rule: str = MODE_WORST) -> Judgment:
    """The overall level from the indicators' levels under `rule` (see the module docstring)."""
    if rule not in RULES:
        raise JudgmentError(f"Regola di sintesi «{rule}» non prevista.")
    ranks = sorted(_rank(level) for level in levels)
    counts = Counter(LEVELS[r] for r in ranks)
    steps = [
        Step(
            f"Indicatori giudicati «{LEVEL_LABELS[level]}»",
            counts.get(level, 0),
            norm=NORM,
        )
        for level in reversed(LEVELS)
    ]
    steps.append(Step("Regola di sintesi adottata dall'ente", RULES[rule], norm=NORM))
    if not ranks:
        steps.append(Step("Giudizio sintetico", "non calcolabile: nessun indicatore valutato"))
        return Judgment(None, tuple(steps))
    if rule == WORST:
        result = ranks[-1]
        formula = "max(giudizi)"
    elif rule == MEDIAN_UP:
        result = ranks[len(ranks) // 2]
        formula = f"giudizio n. {len(ranks) // 2 + 1} su {len(ranks)} in ordine crescente"
    else:
        top = max(counts.values())
        tied = [level for level in LEVELS if counts.get(level) == top]
        result = _rank(tied[-1])
        formula = f"moda ({top} giudizi)" + (" con parità risolta verso l'alto" if len(tied) > 1 else "")
    steps.append(Step("Giudizio sintetico", LEVEL_LABELS[LEVELS[result]], formula=formula, norm=NORM))
    return Judgment(LEVELS[result], tuple(steps))


def apply_override(computed: Judgment, override: str, motivation: str) -> Judgment:
    """The RPCT's level in place of the computed one: refused without a written motivation."""
    if not override:
        return computed
    _rank(override)
    if not motivation.strip():
        raise JudgmentError("Per modificare il giudizio sintetico il RPCT deve scrivere la motivazione.")
    steps = (
        *computed.steps,
        Step(
            "Giudizio modificato dal RPCT",
            LEVEL_LABELS[override],
            formula=f"motivazione: {motivation.strip()}",
            norm=NORM,
        ),
    )
    return Judgment(override, steps)
