"""The ente's own risk scale and the numeric method of PNA 2013 Allegato 5: tables of cases for
each rule (scales of 3, 4 and 5 levels; the three judgment rules; means, product and bounds)."""

from decimal import Decimal

import pytest

from openpiao.risk import judgment, numeric
from openpiao.risk.catalogue import numeric_criteria
from openpiao.risk.judgment import JudgmentError, make_scale, synthetic_judgment

NULLO = make_scale(["Nullo", "Basso", "Medio", "Alto"])
CRITICO = make_scale(["Basso", "Medio", "Alto", "Critico"])
FIVE = make_scale(["Molto basso", "Basso", "Medio", "Alto", "Molto alto"])


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["Basso", "Alto"], r"da 3 a 5 livelli \(ne ha 2\)"),
        (["1", "2", "3", "4", "5", "6"], r"da 3 a 5 livelli \(ne ha 6\)"),
        (["Basso", "Medio", "basso"], "nomi diversi"),
        (["Basso", "Medio", "  "], "deve avere un nome"),
        (["Basso", "Medio", "A" * 31], "supera i 30 caratteri"),
    ],
)
def test_a_scale_is_three_to_five_distinct_named_levels(labels, message):
    with pytest.raises(JudgmentError, match=message):
        make_scale(labels)


@pytest.mark.parametrize(
    ("scale", "keys", "high"),
    [
        (judgment.DEFAULT_SCALE, ("basso", "medio", "alto"), {"alto"}),
        (NULLO, ("nullo", "basso", "medio", "alto"), {"medio", "alto"}),
        (CRITICO, ("basso", "medio", "alto", "critico"), {"alto", "critico"}),
        (FIVE, ("molto_basso", "basso", "medio", "alto", "molto_alto"), {"alto", "molto_alto"}),
    ],
)
def test_keys_follow_the_names_and_the_upper_half_needs_measures(scale, keys, high):
    assert scale.keys == keys
    assert {k for k in keys if scale.is_high(k)} == high


@pytest.mark.parametrize(
    ("scale", "levels", "rule", "expected"),
    [
        # the three rules read only the order, on any scale
        (NULLO, ["nullo", "nullo", "basso", "alto"], judgment.MODE_WORST, "nullo"),
        (NULLO, ["nullo", "nullo", "basso", "basso"], judgment.MODE_WORST, "basso"),  # tie: the worse
        (NULLO, ["nullo", "nullo", "basso", "alto"], judgment.WORST, "alto"),
        (NULLO, ["nullo", "nullo", "basso", "alto"], judgment.MEDIAN_UP, "basso"),
        (CRITICO, ["critico", "basso", "basso", "medio", "medio", "alto"], judgment.MODE_WORST, "medio"),
        (CRITICO, ["critico", "basso", "basso", "medio", "medio", "alto"], judgment.WORST, "critico"),
        (CRITICO, ["critico", "basso", "basso", "medio", "medio", "alto"], judgment.MEDIAN_UP, "medio"),
        (FIVE, ["molto_basso", "basso", "molto_alto"], judgment.MEDIAN_UP, "basso"),
        (FIVE, ["molto_basso", "molto_alto"], judgment.MODE_WORST, "molto_alto"),
        (FIVE, ["molto_basso", "molto_basso", "alto", "molto_alto"], judgment.MEDIAN_UP, "alto"),
    ],
)
def test_the_three_rules_on_any_ordered_scale(scale, levels, rule, expected):
    result = synthetic_judgment(levels, rule, scale)
    assert result.level == expected
    assert result.steps[-1].value == scale.label(expected)
    # the working lists every level of the ente's scale, the highest first
    assert [s.label for s in result.steps[: len(scale.labels)]] == [
        f"Indicatori giudicati «{label}»" for label in reversed(scale.labels)
    ]


def test_a_level_outside_the_entes_scale_is_refused_with_the_scale_named():
    with pytest.raises(JudgmentError, match="nullo, basso, medio, alto"):
        synthetic_judgment(["critico"], judgment.WORST, NULLO)
    computed = synthetic_judgment(["basso"], judgment.WORST, CRITICO)
    assert judgment.apply_override(computed, "critico", "Segnalazioni 2024").level == "critico"
    with pytest.raises(JudgmentError):
        judgment.apply_override(computed, "molto_alto", "Motivo")


CRITERIA, NORM = numeric_criteria()
# Values a comune's PTPC gave an «affidamento diretto» (P1…P6, I1…I4).
AFFIDAMENTO = {"P1": 2, "P2": 5, "P3": 1, "P4": 5, "P5": 5, "P6": 3, "I1": 1, "I2": 1, "I3": 0, "I4": 3}


def test_the_catalogue_holds_the_six_probability_and_four_impact_criteria_of_allegato_5():
    assert [c.code for c in CRITERIA] == ["P1", "P2", "P3", "P4", "P5", "P6", "I1", "I2", "I3", "I4"]
    values = {c.code: c.values for c in CRITERIA}
    assert values["P2"] == (2, 5) and values["P3"] == (1, 3, 5) and values["I3"] == (0, 1, 2, 3, 4, 5)
    assert "Allegato 5" in NORM


@pytest.mark.parametrize(
    ("scores", "bounds", "scale", "probability", "impact", "score", "level"),
    [
        # (2+5+1+5+5+3)/6 = 3,50; (1+1+0+3)/4 = 1,25; 3,50 × 1,25 = 4,375 → 4,38
        (AFFIDAMENTO, ["4", "8"], judgment.DEFAULT_SCALE, "3.50", "1.25", "4.38", "medio"),
        (AFFIDAMENTO, ["5", "10"], judgment.DEFAULT_SCALE, "3.50", "1.25", "4.38", "basso"),
        # exact product of the means: 17/6 × 5/4 = 3,5417 (3,54), not 2,83 × 1,25 = 3,5375
        ({**AFFIDAMENTO, "P5": 1}, ["3.54", "8"], judgment.DEFAULT_SCALE, "2.83", "1.25", "3.54", "basso"),
        # the bound is the top of its level; above the last bound, the highest level
        ({c.code: max(c.values) for c in CRITERIA}, ["2", "6", "12"], NULLO, "5.00", "5.00", "25.00", "alto"),
        (
            {"P1": 1, "P2": 2, "P3": 1, "P4": 1, "P5": 1, "P6": 1, "I1": 1, "I2": 1, "I3": 0, "I4": 1},
            ["1.5", "4", "9", "16"],
            FIVE,
            "1.17",
            "0.75",
            "0.88",
            "molto_basso",
        ),
    ],
)
def test_probability_times_impact(scores, bounds, scale, probability, impact, score, level):
    result = numeric.numeric_assessment(scores, CRITERIA, bounds, scale, NORM)
    assert (result.probability, result.impact, result.score, result.level) == (
        Decimal(probability),
        Decimal(impact),
        Decimal(score),
        level,
    )
    assert (
        result.steps[-2].formula.startswith("probabilità") and "soglie dell'ente" in result.steps[-1].formula
    )


def test_an_incomplete_assessment_has_no_score_and_says_so():
    partial = {k: v for k, v in AFFIDAMENTO.items() if k != "I4"}
    result = numeric.numeric_assessment(partial, CRITERIA, ["4", "8"], judgment.DEFAULT_SCALE, NORM)
    assert (result.score, result.level) == (None, None)
    assert result.steps[-1].value == "non calcolabile: criteri non tutti valutati"


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({**AFFIDAMENTO, "P2": 3}, r"«Rilevanza esterna»: il valore 3 non è previsto \(valori: 2, 5\)"),
        ({**AFFIDAMENTO, "X9": 1}, "Criterio «X9» non previsto"),
    ],
)
def test_a_value_the_allegato_does_not_foresee_is_refused(scores, message):
    with pytest.raises(numeric.NumericError, match=message):
        numeric.numeric_assessment(scores, CRITERIA, ["4", "8"], judgment.DEFAULT_SCALE, NORM)


@pytest.mark.parametrize(
    ("bounds", "scale", "message"),
    [
        (["4"], judgment.DEFAULT_SCALE, "servono 2 soglie"),
        (["4", "8", "12"], judgment.DEFAULT_SCALE, "servono 2 soglie"),
        (["8", "4"], judgment.DEFAULT_SCALE, "devono crescere"),
        (["4", "25"], judgment.DEFAULT_SCALE, "tra 0 e 25"),
        (["quattro", "8"], judgment.DEFAULT_SCALE, "numeri"),
        (["2", "6"], NULLO, "Con 4 livelli servono 3 soglie"),
    ],
)
def test_the_entes_bounds_fit_its_scale(bounds, scale, message):
    with pytest.raises(numeric.NumericError, match=message):
        numeric.check_bounds(bounds, scale)
