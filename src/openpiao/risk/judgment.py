"""Giudizio sintetico of a process's exposure to corruption risk (PNA 2019, Allegato 1).

Allegato 1 par. 4.2 asks for a qualitative measurement: each key risk indicator (interesse
esterno, discrezionalità, eventi corruttivi passati, opacità, collaborazione del responsabile,
attuazione delle misure, and any the ente adds) is judged on an ordered scale with a reason,
and the process gets one overall level with a written motivation. ANAC leaves the scale and the
rule to the ente (it warns against an arithmetic mean), so both are settings of the plan. The
scale has 3 to 5 ordered levels named by the ente (alto/medio/basso by default; nullo, molto
basso…molto alto, critico…); every rule reads only the order of the levels:

- ``mode_worst``: the level judged most often (moda); when two levels tie, the worse one wins;
- ``worst``: the highest level any indicator received (prudential);
- ``median_up``: the median of the ordered judgments; with an even count, the upper middle one.

The RPCT may replace the result with another level only with a written motivation
(`apply_override`). No Django import: pages show the returned steps.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from openpiao.core.working import Step

NORM = "PNA 2019 (delib. ANAC 1064/2019), Allegato 1, par. 4.2"

LOW, MEDIUM, HIGH = "basso", "medio", "alto"
LEVELS = (LOW, MEDIUM, HIGH)  # in increasing order of risk
LEVEL_LABELS = {LOW: "Basso", MEDIUM: "Medio", HIGH: "Alto"}
MIN_LEVELS, MAX_LEVELS = 3, 5
LABEL_MAX = 30  # characters of a level's name
KEY_MAX = 30

MODE_WORST, WORST, MEDIAN_UP = "mode_worst", "worst", "median_up"
RULES = {
    MODE_WORST: "Moda dei giudizi; a parità prevale il livello più alto",
    WORST: "Livello più alto tra gli indicatori (criterio prudenziale)",
    MEDIAN_UP: "Mediana dei giudizi ordinati; con un numero pari, il valore superiore",
}


class JudgmentError(ValueError):
    """Input that cannot be judged; the message is Italian and says why."""


def level_key(label: str) -> str:
    """The stored code of a level named `label`: «Molto alto» → ``molto_alto``."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:KEY_MAX]


@dataclass(frozen=True)
class Scale:
    """The ente's ordered levels, from the lowest to the highest risk."""

    labels: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(level_key(label) for label in self.labels)

    def label(self, key: str) -> str:
        return (
            dict(zip(self.keys, self.labels, strict=True)).get(key, "Non valutato") if key else "Non valutato"
        )

    def rank(self, key: str) -> int:
        try:
            return self.keys.index(key)
        except ValueError:
            allowed = ", ".join(label.lower() for label in self.labels)
            raise JudgmentError(
                f"Livello «{key}» non previsto dalla scala dell'ente: usare {allowed}."
            ) from None

    def is_high(self, key: str) -> bool:
        """In the upper half of the scale (alto in 3 levels; the top two of 4 or 5): a process
        there needs its own prevention measures."""
        return (
            bool(key) and key in self.keys and self.rank(key) >= len(self.labels) // 2 + len(self.labels) % 2
        )

    @property
    def descending(self) -> tuple[tuple[str, str], ...]:
        """(key, label) from the highest level down: the columns of the heat-map."""
        return tuple(reversed(tuple(zip(self.keys, self.labels, strict=True))))


def make_scale(labels: Sequence[str]) -> Scale:
    """The ente's scale from its level names (lowest first); refused with the reason when it is
    not 3 to 5 distinct, named levels."""
    names = tuple(" ".join(label.split()) for label in labels)
    if not MIN_LEVELS <= len(names) <= MAX_LEVELS:
        raise JudgmentError(
            f"La scala deve avere da {MIN_LEVELS} a {MAX_LEVELS} livelli (ne ha {len(names)})."
        )
    if not all(level_key(name) for name in names):
        raise JudgmentError("Ogni livello della scala deve avere un nome.")
    if too_long := [name for name in names if len(name) > LABEL_MAX]:
        raise JudgmentError(f"Il nome «{too_long[0]}» supera i {LABEL_MAX} caratteri.")
    keys = [level_key(name) for name in names]
    if len(set(keys)) != len(keys):
        raise JudgmentError("I livelli della scala devono avere nomi diversi.")
    return Scale(names)


DEFAULT_SCALE = Scale(("Basso", "Medio", "Alto"))
# Scales found in comuni's plans, offered as a start (the ente may name its own).
SCALE_PRESETS = {
    "basso_medio_alto": DEFAULT_SCALE.labels,
    "nullo_alto": ("Nullo", "Basso", "Medio", "Alto"),
    "basso_critico": ("Basso", "Medio", "Alto", "Critico"),
    "molto_basso_molto_alto": ("Molto basso", "Basso", "Medio", "Alto", "Molto alto"),
}


@dataclass(frozen=True)
class Judgment:
    level: str | None  # None when no indicator has been judged yet
    steps: tuple[Step, ...]
    scale: Scale = DEFAULT_SCALE

    @property
    def label(self) -> str:
        return self.scale.label(self.level or "")


def _rank(level: str, scale: Scale = DEFAULT_SCALE) -> int:
    return scale.rank(level)


def synthetic_judgment(
    levels: Sequence[str], rule: str = MODE_WORST, scale: Scale = DEFAULT_SCALE
) -> Judgment:
    """The overall level from the indicators' levels under `rule` (see the module docstring)."""
    if rule not in RULES:
        raise JudgmentError(f"Regola di sintesi «{rule}» non prevista.")
    keys = scale.keys
    ranks = sorted(scale.rank(level) for level in levels)
    counts = Counter(keys[r] for r in ranks)
    steps = [
        Step(f"Indicatori giudicati «{label}»", counts.get(key, 0), norm=NORM)
        for key, label in scale.descending
    ]
    steps.append(Step("Regola di sintesi adottata dall'ente", RULES[rule], norm=NORM))
    if not ranks:
        steps.append(Step("Giudizio sintetico", "non calcolabile: nessun indicatore valutato"))
        return Judgment(None, tuple(steps), scale)
    if rule == WORST:
        result = ranks[-1]
        formula = "max(giudizi)"
    elif rule == MEDIAN_UP:
        result = ranks[len(ranks) // 2]
        formula = f"giudizio n. {len(ranks) // 2 + 1} su {len(ranks)} in ordine crescente"
    else:
        top = max(counts.values())
        tied = [level for level in keys if counts.get(level) == top]
        result = scale.rank(tied[-1])
        formula = f"moda ({top} giudizi)" + (" con parità risolta verso l'alto" if len(tied) > 1 else "")
    steps.append(Step("Giudizio sintetico", scale.labels[result], formula=formula, norm=NORM))
    return Judgment(keys[result], tuple(steps), scale)


def apply_override(computed: Judgment, override: str, motivation: str) -> Judgment:
    """The RPCT's level in place of the computed one: refused without a written motivation."""
    if not override:
        return computed
    computed.scale.rank(override)
    if not motivation.strip():
        raise JudgmentError("Per modificare il giudizio sintetico il RPCT deve scrivere la motivazione.")
    steps = (
        *computed.steps,
        Step(
            "Giudizio modificato dal RPCT",
            computed.scale.label(override),
            formula=f"motivazione: {motivation.strip()}",
            norm=NORM,
        ),
    )
    return Judgment(override, steps, computed.scale)
