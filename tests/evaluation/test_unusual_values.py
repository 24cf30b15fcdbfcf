"""What is possible but unusual is not refused: the readiness check asks to look again
(issue 9, item 14)."""

from decimal import Decimal

import pytest

from openpiao.documents.coherence import StaffJump, staff_jumps
from openpiao.evaluation import readiness
from openpiao.evaluation.scoring import far_above_target

D = Decimal


@pytest.mark.parametrize(
    "employees, jumps",
    [
        ({2023: 28}, []),
        ({2022: 20, 2023: 30}, []),  # +50%: not more than half
        ({2022: 20, 2023: 31}, [StaffJump(2023, 20, 31)]),
        ({2022: 20, 2023: 9}, [StaffJump(2023, 20, 9)]),
        ({2021: 20, 2023: 100}, []),  # not consecutive years
        ({2022: 0, 2023: 5}, []),  # from nobody: no ratio to speak of
        ({2021: 16, 2022: 15, 2023: 40, 2024: 41}, [StaffJump(2023, 15, 40)]),
    ],
)
def test_staff_jumps(employees, jumps):
    assert staff_jumps(employees) == jumps


@pytest.mark.parametrize(
    "achieved, target, far",
    [
        (D(99), D(10), False),
        (D(100), D(10), True),
        (D(5000), D(500), True),
        (D(60), D(5), True),
        (D(1000), D(0), False),  # no ratio against zero
        (D(-5), D(1), False),
    ],
)
def test_far_above_target(achieved, target, far):
    assert far_above_target(achieved, target) is far


def test_a_value_ten_times_its_target_is_a_warning(build):
    unit = build.unit(name="Servizio Tributi")
    objective = build.objective(
        unit, indicators=[("number", "ge", "500"), ("number", "ge", "500"), ("percentage", "ge", "5%")]
    )
    build.review(objective, values=[{"number": D(5000)}, {"number": D(4999)}, {"number": D(60)}])
    items = readiness.readiness_items(build.plan)
    far = [i for i in items if "oltre dieci volte" in i.message]
    assert [i.message.split("«")[2].split("»")[0] for i in far] == ["Indicatore 1", "Indicatore 3"]
    assert all(not i.blocking and i.section == "2.2" for i in far)
    assert "ha valore raggiunto 5.000 contro un valore atteso «500»" in far[0].message


def test_only_the_current_revision_counts(build):
    objective = build.objective(build.unit(), indicators=[("number", "ge", "10")])
    build.review(objective, kind="final", on=None, values=[{"number": D(100)}])
    first = objective.reviews.get()
    build.review(objective, kind="final", revision=2, supersedes=first, values=[{"number": D(11)}])
    assert not [i for i in readiness.readiness_items(build.plan) if "oltre dieci volte" in i.message]
