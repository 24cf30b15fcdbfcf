"""Distribution of a performance fund: never above the fund, threshold, bands, part time."""

from datetime import date
from decimal import Decimal

import pytest

from openpiao.evaluation.bonus import Band, Candidate, band_for, distribute_fund, service_share
from openpiao.organization_chart.models import Employee

D = Decimal
BANDS = [Band("alta", D(90), D(100)), Band("intermedia", D(75), D(80)), Band("base", D(60), D(60))]


FULL = D(100)


def c(key, score, participation=FULL, part_time=FULL, service=FULL):
    return Candidate(key, key, score, participation, part_time, service)


def amounts(distribution) -> dict[str, Decimal]:
    return {s.key: s.amount for s in distribution.shares}


@pytest.mark.parametrize(
    "fund, candidates, threshold, bands, expected, remainder",
    [
        # Equal scores, equal shares.
        (
            D(3000),
            [c("a", D(80)), c("b", D(80)), c("c", D(80))],
            D(60),
            [],
            {"a": D(1000), "b": D(1000), "c": D(1000)},
            D(0),
        ),
        # 1000 / 3 does not divide: each share rounded down, one cent stated as remainder.
        (
            D(1000),
            [c("a", D(80)), c("b", D(80)), c("c", D(80))],
            D(60),
            [],
            {"a": D("333.33"), "b": D("333.33"), "c": D("333.33")},
            D("0.01"),
        ),
        # Proportional to the score.
        (D(1800), [c("a", D(100)), c("b", D(50))], D(0), [], {"a": D(1200), "b": D(600)}, D(0)),
        # Below the threshold: no share, the fund goes to the others.
        (D(1000), [c("a", D(90)), c("b", D("59.99"))], D(60), [], {"a": D(1000), "b": D(0)}, D(0)),
        # Part time 50% halves the points (art. 7 d.lgs. 81/2015).
        (
            D(1500),
            [c("a", D(80)), c("b", D(80), part_time=D(50))],
            D(60),
            [],
            {"a": D(1000), "b": D(500)},
            D(0),
        ),
        # Participation 33% (Casorate: three staff at 33% of one objective) and a year in service half.
        (
            D(1000),
            [c("a", D(80), participation=D(33)), c("b", D(80), participation=D(66))],
            D(60),
            [],
            {"a": D("333.33"), "b": D("666.66")},
            D("0.01"),
        ),
        (
            D(1000),
            [c("a", D(80)), c("b", D(80), service=D(50))],
            D(60),
            [],
            {"a": D("666.66"), "b": D("333.33")},
            D("0.01"),
        ),
        # Merit bands: the band's coefficient replaces the score.
        (
            D(2400),
            [c("a", D(95)), c("b", D(80)), c("c", D(62)), c("d", D(50))],
            D(60),
            BANDS,
            {"a": D(1000), "b": D(800), "c": D(600), "d": D(0)},
            D(0),
        ),
        # Nobody eligible: nothing distributed, the whole fund is the remainder.
        (D(500), [c("a", D(10)), c("b", None)], D(60), [], {"a": D(0), "b": D(0)}, D(500)),
        (D(500), [], D(60), [], {}, D(500)),
        # Not in service during the year (ceased on 31/12 of the year before).
        (D(500), [c("a", D(90), service=D(0)), c("b", D(90))], D(60), [], {"a": D(0), "b": D(500)}, D(0)),
        # A participation of zero earns nothing.
        (
            D(500),
            [c("a", D(90), participation=D(0)), c("b", D(90))],
            D(60),
            [],
            {"a": D(0), "b": D(500)},
            D(0),
        ),
    ],
)
def test_distribution(fund, candidates, threshold, bands, expected, remainder):
    result = distribute_fund(fund, candidates, threshold=threshold, bands=bands)
    assert amounts(result) == expected
    assert result.remainder == remainder
    assert result.distributed + result.remainder == fund
    assert result.distributed <= fund


@pytest.mark.parametrize("fund", [D("1000"), D("999.99"), D("12345.67"), D("0.05"), D("7")])
@pytest.mark.parametrize("count", [1, 3, 7, 13])
def test_total_never_above_the_fund(fund, count):
    candidates = [
        c(f"e{i}", D(60) + D(i * 3), participation=D(100 - i * 5), part_time=D(50 + i * 3))
        for i in range(count)
    ]
    result = distribute_fund(fund, candidates, threshold=D(60))
    assert result.distributed <= fund
    assert D(0) <= result.remainder < D("0.01") * count + D("0.01")
    assert all(share.amount == share.amount.quantize(D("0.01")) for share in result.shares)


def test_threshold_is_respected_and_reasons_are_stated():
    result = distribute_fund(D(1000), [c("a", D(59)), c("b", None), c("c", D(70))], threshold=D(60))
    reasons = {s.key: s.reason for s in result.shares}
    assert "sotto la soglia" in reasons["a"]
    assert "non disponibile" in reasons["b"]
    assert reasons["c"] == ""
    assert amounts(result)["c"] == D(1000)


@pytest.mark.parametrize(
    "score, band",
    [(D(100), "alta"), (D(90), "alta"), (D("89.99"), "intermedia"), (D(60), "base"), (D(59), None)],
)
def test_band_for(score, band):
    found = band_for(score, BANDS)
    assert (found.label if found else None) == band


def test_working_is_shown():
    result = distribute_fund(D(1000), [c("a", D(80), part_time=D(50))], threshold=D(60))
    labels = [step.label for step in result.shares[0].steps]
    assert "tempo parziale" in labels and "quota" in labels
    assert [step.label for step in result.steps][-1] == "resto non distribuito"


@pytest.mark.parametrize(
    "start, end, share",
    [
        (None, None, D(100)),
        (date(2024, 7, 1), None, D("50.27")),  # 184 of 366 days of 2024
        (None, date(2023, 12, 31), D(0)),  # ceased before the year
        (date(2020, 1, 1), date(2024, 12, 31), D(100)),
        (date(2024, 1, 1), date(2024, 1, 1), D("0.27")),
    ],
)
def test_share_of_the_year_in_service(start, end, share):
    assert service_share(Employee(start_date=start, end_date=end), 2024) == share
