from decimal import Decimal

import pytest

from openpiao.core.formatting import it_money, it_number
from openpiao.performance.costs import objective_costs, participation_cost
from openpiao.performance.months import month_grid, normalize_months
from openpiao.performance.participation import participation_total_error
from openpiao.performance.weights import check_unit_weights

D = Decimal


@pytest.mark.parametrize(
    "weights, mode, points, total, ok, message",
    [
        # Casorate, Servizio Amministrativo: 30 + 30 + 15 + 15 + 10.
        ([D(30), D(30), D(15), D(15), D(10)], "percent", D(100), D(100), True, ""),
        # Casorate, Polizia Locale: 25 + 25 + 20 + 10 + 20, plus the unweighted intersettoriale.
        (
            [D(25), D(25), D(20), D(10), D(20), None],
            "percent",
            D(100),
            D(100),
            False,
            "1 obiettivo senza peso",
        ),
        # Casorate, Servizi per il Territorio: four objectives "MAX 20 PUNTI".
        ([D(20)] * 4, "percent", D(100), D(80), False, "i pesi sommano 80% invece di 100%"),
        # Casorate, Segreteria: 40 + 60.
        ([D(40), D(60)], "percent", D(100), D(100), True, ""),
        ([D(20)] * 4, "points", D(80), D(80), True, ""),
        ([D(50)], "points", D(60), D(50), False, "i pesi sommano 50 punti invece di 60 punti"),
        ([D(100)], "percent", D(100), D(100), True, ""),  # a unit with one objective
        ([None, None], "percent", D(100), D(0), False, "nessun obiettivo dell'unità ha un peso"),
        ([D("33.5"), D("66.5")], "percent", D(100), D(100), True, ""),
    ],
)
def test_unit_weights(weights, mode, points, total, ok, message):
    check = check_unit_weights(weights, mode=mode, points_total=points)
    assert check.total == total
    assert check.ok is ok
    assert message in check.message
    assert (check.message == "") is ok


@pytest.mark.parametrize(
    "percents, error",
    [
        ([D(60), D(20), D(10), D(10)], None),  # Casorate obj. 1 Amministrativo
        ([D(33), D(33), D(33)], None),  # 99%
        ([D(50), D(50)], None),
        ([None, None, None], None),  # "personale presunto", not yet split
        ([D(60), D(50)], "è 110%: non può superare il 100%"),
        ([D("100.01")], "è 100,01%"),
    ],
)
def test_participation_total(percents, error):
    message = participation_total_error(percents)
    if error is None:
        assert message is None
    else:
        assert error in message


def test_participation_cost_and_objective_total():
    assert participation_cost(D(10), D("25.50")) == D("255.00")
    assert participation_cost(None, D("25.50")) is None
    assert participation_cost(D("7.5"), D("21.333")) == D("160.00")
    summary = objective_costs([D("255.00"), None], [D(100), None, D("49.90")])
    assert (summary.internal, summary.additional, summary.total) == (D("255.00"), D("149.90"), D("404.90"))
    assert (summary.missing_internal, summary.missing_additional, summary.complete) == (1, 1, False)
    assert objective_costs([], []).complete


def test_months():
    assert normalize_months([3, 1, 3]) == [1, 3]
    with pytest.raises(ValueError):
        normalize_months([0, 13])
    assert month_grid([1, 12]) == [True] + [False] * 10 + [True]


@pytest.mark.parametrize(
    "value, decimals, text",
    [
        (D("100.00"), None, "100"),
        (1234.5, None, "1.234,5"),
        (D("1329200.48"), 2, "1.329.200,48"),
        (-1234567, None, "-1.234.567"),
        (0, None, "0"),
    ],
)
def test_italian_formatting(value, decimals, text):
    assert it_number(value, decimals) == text


def test_money():
    assert it_money(D("118033")) == "€ 118.033,00"
    assert it_money(None) == ""
