"""Small builders for test data inside a plan (real rows, real database)."""

from decimal import Decimal
from itertools import count

from openpiao.organization_chart.models import Employee, OrgUnit
from openpiao.performance.models import (
    Indicator,
    IndicatorTarget,
    Objective,
    Participation,
    Phase,
    Resource,
)

_sequence = count(1)


def unit(plan, code=None, **values) -> OrgUnit:
    code = code or f"unit-{next(_sequence)}"
    return OrgUnit.objects.create(plan=plan, code=code, name=values.pop("name", code), **values)


def employee(plan, unit, key=None, **values) -> Employee:
    values = {"gender": "F", "area": "istruttori", "old_category": "C", **values}
    return Employee.objects.create(plan=plan, unit=unit, key=key or f"emp-{next(_sequence)}", **values)


def objective(plan, unit, *, with_details: bool = True, **values) -> Objective:
    number = values.pop("number", None) or next(_sequence)
    values = {
        "kind": "improvement",
        "title": f"Obiettivo {number}",
        "first_year": plan.reference_year,
        "last_year": plan.reference_year,
        **values,
    }
    item = Objective.objects.create(plan=plan, unit=unit, number=number, **values)
    if with_details:
        for position in (1, 2):
            indicator = Indicator.objects.create(
                objective=item,
                order=position,
                description=f"Indicatore {position}",
                kind="number",
            )
            IndicatorTarget.objects.create(indicator=indicator, year=plan.reference_year, value="10")
        Phase.objects.create(objective=item, order=1, description="Fase", months=[1, 2, 3])
        person = employee(plan, unit, hourly_cost=Decimal("25.50"))
        Participation.objects.create(objective=item, employee=person, percent=50, hours=10)
        Resource.objects.create(objective=item, kind="equipment", description="PC", cost=100)
    return item
