"""The ente's own rules (evaluation/smvp.py), each with a table of cases."""

from decimal import Decimal

import pytest

from openpiao.evaluation.smvp import (
    COUNT_AS_ZERO,
    EXACT,
    EXCLUDE,
    LOWER_IS_BETTER,
    PLAIN,
    ROUND,
    TRUNCATE,
    WEIGHTED,
    Band,
    Level,
    Node,
    PhaseProgress,
    Rounding,
    aggregate,
    band_problems,
    band_score,
    format_bands,
    overridden,
    parse_bands,
    ratio_achievement,
    steps_as_text,
    weighted_phases,
)

D = Decimal


def bands(*rows):
    return [Band(None if lo is None else D(lo), None if hi is None else D(hi), D(s)) for lo, hi, s in rows]


# Below 40 nothing, then 50%, 75%, 100%: the steps an ente writes.
STEPS = bands((None, "39.99", 0), ("40", "59.99", 50), ("60", "79.99", 75), ("80", None, 100))
# Lower is better (days to answer): up to 30 days full score, then less.
DAYS = bands((None, "30", 100), ("31", "45", 60), ("46", None, 0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("39.99", 0),
        ("39.995", 0),  # between two written bounds: the lower band
        ("40", 50),
        ("59.99", 50),
        ("60", 75),
        ("79.99", 75),
        ("80", 100),
        ("250", 100),
    ],
)
def test_band_score_by_steps(value, expected):
    assert band_score(D(value), STEPS).value == D(expected)


@pytest.mark.parametrize(("days", "expected"), [("12", 100), ("30", 100), ("31", 60), ("45", 60), ("46", 0)])
def test_band_score_reverse_polarity(days, expected):
    assert band_problems(DAYS, LOWER_IS_BETTER) == []
    assert band_score(D(days), DAYS, polarity=LOWER_IS_BETTER).value == D(expected)


@pytest.mark.parametrize(
    ("rows", "polarity", "message"),
    [
        (
            ((None, "39.99", 0), ("40.5", None, 100)),
            "higher",
            "Fasce non contigue: i valori da 40 a 40,49 non cadono in nessuna fascia.",
        ),
        (
            ((None, "10", 0), ("12", None, 100)),
            "higher",
            "Fasce non contigue: il valore 11 non cade in nessuna fascia.",
        ),
        (
            ((None, "50", 0), ("45", None, 100)),
            "higher",
            "Fasce sovrapposte: i valori da 45 a 50 cadono sia in «fino a 50» sia in «da 45 in su».",
        ),
        (
            ((None, "50", 0), ("50", None, 100)),
            "higher",
            "Fasce sovrapposte: il valore 50 cade sia in «fino a 50» sia in «da 50 in su».",
        ),
        ((("10", None, 100),), "higher", "I valori inferiori a 10 non cadono in nessuna fascia."),
        (((None, "90", 0),), "higher", "I valori superiori a 90 non cadono in nessuna fascia."),
        (
            ((None, "30", 0), ("31", None, 100)),
            LOWER_IS_BETTER,
            "I punteggi devono diminuire al crescere del valore (verso: più basso è meglio).",
        ),
        (
            ((None, "30", 100), ("31", None, 0)),
            "higher",
            "I punteggi devono crescere con il valore (verso: più alto è meglio).",
        ),
        ((("50", "40", 10), (None, None, 0)), "higher", "La fascia «da 50 a 40» ha il limite inferiore"),
        (
            ((None, None, 120),),
            "higher",
            "Il punteggio della fascia «qualsiasi valore» deve essere tra 0 e 100.",
        ),
        ((), "higher", "Indicare almeno una fascia."),
    ],
)
def test_band_problems_name_the_values(rows, polarity, message):
    problems = band_problems(bands(*rows), polarity)
    assert any(p.startswith(message) for p in problems), problems


def test_well_formed_bands_have_no_problem():
    assert band_problems(STEPS) == []


@pytest.mark.parametrize(
    ("text", "expected", "errors"),
    [
        (
            ";39,99;0\n40;59,99;50\n\n80;;100",
            bands((None, "39.99", 0), ("40", "59.99", 50), ("80", None, 100)),
            [],
        ),
        ("1.000;;100", bands(("1000", None, 100)), []),
        ("40-50;87", [], ["Riga 1: scrivere «da;a;punteggio» (per esempio «40;49,99;87»)."]),
        ("a;b;c", [], ["Riga 1: «a;b;c» contiene un numero non valido."]),
        ("10;20;", [], ["Riga 1: manca il punteggio della fascia."]),
    ],
)
def test_parse_bands(text, expected, errors):
    assert parse_bands(text) == (expected, errors)


def test_format_bands_reads_back():
    assert parse_bands(format_bands(STEPS)) == (STEPS, [])


@pytest.mark.parametrize(
    ("value", "target", "polarity", "cap", "rounding", "expected"),
    [
        ("2", "3", "higher", "100", Rounding(ROUND, 2), "66.67"),
        ("2", "3", "higher", "100", Rounding(TRUNCATE, 2), "66.66"),
        ("2", "3", "higher", "100", Rounding(ROUND, 0), "67"),
        ("2", "3", "higher", "100", Rounding(TRUNCATE, 0), "66"),
        ("2", "3", "higher", "100", Rounding(TRUNCATE, 1), "66.6"),
        ("130", "100", "higher", "100", EXACT, "100.00"),  # capped at 100%
        ("130", "100", "higher", "120", EXACT, "120.00"),
        ("115", "100", "higher", "120", EXACT, "115.00"),
        ("45", "30", LOWER_IS_BETTER, "100", Rounding(ROUND, 2), "66.67"),  # target ÷ value
        ("45", "30", LOWER_IS_BETTER, "100", Rounding(TRUNCATE, 2), "66.66"),
        ("20", "30", LOWER_IS_BETTER, "100", EXACT, "100.00"),
        ("0", "30", LOWER_IS_BETTER, "100", EXACT, "100"),
    ],
)
def test_ratio_rule(value, target, polarity, cap, rounding, expected):
    score = ratio_achievement(
        value=D(value), target=D(target), polarity=polarity, cap=D(cap), rounding=rounding
    )
    assert score.value == D(expected)
    assert str(score.value) == expected


def test_ratio_against_zero_target_is_not_measured():
    assert ratio_achievement(value=D(5), target=D(0)).value is None


def test_override_keeps_the_computed_value_and_the_reason():
    computed = ratio_achievement(value=D(2), target=D(3))
    final = overridden(computed, override=D(100), reason="dato ISTAT pubblicato in ritardo")
    assert final.value == D(100)
    text = steps_as_text(final)
    assert "valore calcolato: 66,67%" in text
    assert (
        "valore attribuito dal Nucleo di valutazione: 100%  [motivo: dato ISTAT pubblicato in ritardo]"
        in text
    )
    assert overridden(computed, override=None, reason="") is computed


@pytest.mark.parametrize(
    ("phases", "missing", "expected"),
    [
        # weights 20/30/50, completion 100/50/0 → (2000 + 1500) / 100
        ((("20", "100"), ("30", "50"), ("50", "0")), EXCLUDE, "35.00"),
        (
            (("20", "100"), ("30", "50"), ("50", None)),
            EXCLUDE,
            "70.00",
        ),  # not reported: out, weights re-based
        ((("20", "100"), ("30", "50"), ("50", None)), COUNT_AS_ZERO, "35.00"),
        ((("1", "100"), ("1", "50"), ("1", "25")), EXCLUDE, "58.33"),
        ((("1", None),), EXCLUDE, None),
    ],
)
def test_weighted_phases(phases, missing, expected):
    rows = [
        PhaseProgress(f"fase {i}", D(w), None if c is None else D(c), "01/03–30/06")
        for i, (w, c) in enumerate(phases)
    ]
    score = weighted_phases(rows, missing=missing)
    assert score.value == (None if expected is None else D(expected))


def _ente():
    """Two areas of the ente, each with its objectives (plain mean of areas, weighted objectives)."""
    return Node(
        "ente",
        children=(
            Node(
                "Area amministrativa",
                children=(Node("ob. 1", D(1), D("84.4")), Node("ob. 2", D(1), D("85.4"))),
            ),
            Node(
                "Area tecnica",
                children=(
                    Node("ob. 3", D(1), D("90.6")),
                    Node("ob. 4", D(1), D("91.6")),
                    Node("ob. 5", D(1), D("70.5")),
                ),
            ),
        ),
    )


WHOLE = Rounding(ROUND, 0)


@pytest.mark.parametrize(
    ("order", "levels", "expected"),
    [
        # 1. nothing rounded until the ente's figure: (84,9 + 84,2333…) / 2
        ("solo alla fine", (Level("ente", PLAIN), Level("area", WEIGHTED)), "84.57"),
        # 2. each area's mean rounded to a whole percent first: (85 + 84) / 2
        ("media di area all'unità", (Level("ente", PLAIN), Level("area", WEIGHTED, WHOLE)), "84.50"),
        # 3. each objective rounded, then each area: (85 + 85) / 2
        (
            "obiettivi e aree all'unità",
            (Level("ente", PLAIN), Level("area", WEIGHTED, WHOLE), Level("obiettivo", WEIGHTED, WHOLE)),
            "85.00",
        ),
    ],
)
def test_rounding_order_gives_three_results(order, levels, expected):
    tree = _ente()
    if order == "obiettivi e aree all'unità":
        # the objectives' own scores are rounded as the level below the areas says
        tree = Node(
            tree.label,
            children=tuple(
                Node(
                    a.label,
                    a.weight,
                    children=tuple(Node(o.label, o.weight, WHOLE.apply(o.score)) for o in a.children),
                )
                for a in tree.children
            ),
        )
    assert aggregate(tree, levels=levels).value == D(expected)


@pytest.mark.parametrize(
    ("excluded", "missing", "expected"),
    [
        ("", EXCLUDE, "75.00"),  # (100 + 50) / 2: ob. c not reported, left out
        ("", COUNT_AS_ZERO, "50.00"),  # (100 + 50 + 0) / 3
        ("obiettivo sospeso per il sisma", EXCLUDE, "50.00"),  # ob. a excluded by the Nucleo
        ("obiettivo sospeso per il sisma", COUNT_AS_ZERO, "25.00"),
    ],
)
def test_exclusions_and_not_reported(excluded, missing, expected):
    tree = Node(
        "unità",
        children=(
            Node("ob. a", D(1), D(100), excluded=excluded),
            Node("ob. b", D(1), D(50)),
            Node("ob. c", D(1), None),
        ),
    )
    score = aggregate(tree, levels=(Level("unità", WEIGHTED),), missing=missing)
    assert score.value == D(expected)
    if excluded:
        assert f"motivo: {excluded}" in steps_as_text(score)


def test_any_depth_with_weights_at_every_level():
    """area → strategic objective → operational objective → indicator, weights everywhere."""
    tree = Node(
        "ente",
        children=(
            Node(
                "Area 1",
                D(60),
                children=(
                    Node(
                        "Strategico 1.1",
                        D(1),
                        children=(
                            Node(
                                "Operativo 1.1.1",
                                D(70),
                                children=(Node("ind. a", D(1), D(100)), Node("ind. b", D(3), D(60))),
                            ),
                            Node("Operativo 1.1.2", D(30), children=(Node("ind. c", None, D(90)),)),
                        ),
                    ),
                ),
            ),
            Node(
                "Area 2",
                D(40),
                children=(Node("Strategico 2.1", D(1), children=(Node("Operativo 2.1.1", D(1), D(80)),)),),
            ),
        ),
    )
    levels = (Level("ente"), Level("area"), Level("strategico"), Level("operativo"))
    # operativo 1.1.1 = (100 + 180) / 4 = 70; strategico 1.1 = (70×70 + 30×90) / 100 = 76
    # ente = (60 × 76 + 40 × 80) / 100 = 77,6
    assert aggregate(tree, levels=levels).value == D("77.60")


def test_final_truncation():
    tree = Node("u", children=(Node("a", None, D(2)), Node("b", None, D(1)), Node("c", None, D(1))))
    assert aggregate(tree, levels=(Level("u", PLAIN),), final=Rounding(TRUNCATE, 1)).value == D("1.3")
    assert aggregate(tree, levels=(Level("u", PLAIN),), final=Rounding(ROUND, 1)).value == D("1.3")
    assert aggregate(tree, levels=(Level("u", PLAIN),), final=Rounding(TRUNCATE, 0)).value == D("1")
