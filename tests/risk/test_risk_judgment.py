"""Giudizio sintetico (PNA 2019 All. 1): the rule as a table of cases, and the RPCT override."""

import pytest

from openpiao.risk.judgment import (
    HIGH,
    LOW,
    MEDIAN_UP,
    MEDIUM,
    MODE_WORST,
    WORST,
    JudgmentError,
    apply_override,
    synthetic_judgment,
)

A, M, B = HIGH, MEDIUM, LOW


@pytest.mark.parametrize(
    ("levels", "rule", "expected"),
    [
        # The six PNA 2019 indicators, as municipal PTPCs judge them.
        ([A, A, M, B, M, A], MODE_WORST, A),  # alto 3 times
        ([B, B, B, M, B, B], MODE_WORST, B),
        ([M, M, B, B, A, A], MODE_WORST, A),  # three-way tie → the worst
        ([M, M, B, B, B, M], MODE_WORST, M),  # medio and basso tie → medio
        ([B, B, M, B, A, B], MODE_WORST, B),  # a single alto does not win under the mode
        ([B, B, M, B, A, B], WORST, A),  # … but does under the prudential rule
        ([B, B, B, B, B, B], WORST, B),
        ([B, B, M, B, A, B], MEDIAN_UP, B),  # ordered: B B B B M A → 4th is B
        ([B, M, M, A, A, A], MEDIAN_UP, A),  # B M M A A A → 4th is A
        ([B, M, A], MEDIAN_UP, M),
        ([M], MODE_WORST, M),
        # An ente that adds a seventh indicator.
        ([A, M, M, B, B, A, M], MODE_WORST, M),
    ],
)
def test_synthetic_judgment_rule(levels, rule, expected):
    result = synthetic_judgment(levels, rule)
    assert result.level == expected
    assert result.steps[-1].label == "Giudizio sintetico"


def test_no_indicator_judged_gives_no_level():
    result = synthetic_judgment([], MODE_WORST)
    assert result.level is None
    assert result.label == "Non valutato"


def test_steps_count_each_level():
    steps = synthetic_judgment([A, A, B], MODE_WORST).steps
    counts = {s.label: s.value for s in steps[:3]}
    assert counts == {
        "Indicatori giudicati «Alto»": 2,
        "Indicatori giudicati «Medio»": 0,
        "Indicatori giudicati «Basso»": 1,
    }


@pytest.mark.parametrize(("levels", "rule"), [(["altissimo"], MODE_WORST), ([A], "media")])
def test_unknown_level_or_rule_is_refused(levels, rule):
    with pytest.raises(JudgmentError):
        synthetic_judgment(levels, rule)


def test_override_needs_a_motivation():
    computed = synthetic_judgment([B, B, M], MODE_WORST)
    with pytest.raises(JudgmentError, match="motivazione"):
        apply_override(computed, HIGH, "   ")


def test_override_with_motivation_replaces_the_level_and_shows_why():
    computed = synthetic_judgment([B, B, M], MODE_WORST)
    result = apply_override(computed, HIGH, "Procedimento penale in corso su un affidamento analogo.")
    assert (computed.level, result.level) == (LOW, HIGH)
    assert "Procedimento penale" in result.steps[-1].formula


def test_no_override_keeps_the_computed_level():
    computed = synthetic_judgment([A, A], MODE_WORST)
    assert apply_override(computed, "", "") is computed
