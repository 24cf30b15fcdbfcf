"""Every row a page looks up by id is fetched inside the plan by a get_<thing>_for helper: the
same 404 for an id that does not exist and for one of another plan (of another ente)."""

from datetime import date

import pytest
from django.http import Http404

from openpiao.documents.models import PlanVersion, frozen_files
from openpiao.documents.selectors import get_version_for
from openpiao.evaluation.models import Review
from openpiao.evaluation.selectors import get_objective_for_review, get_review_for
from openpiao.human_capital.models import Course, SmartWorkingAgreement
from openpiao.human_capital.selectors import get_row_for
from openpiao.organization_chart.selectors import get_employee_for, get_unit_for
from openpiao.performance.selectors import get_objective_for, get_strategic_objective_for
from openpiao.risk.selectors import get_measure_for, get_process_for
from openpiao.transparency.models import AccessRequest
from openpiao.transparency.selectors import get_access_request_for, get_assignment_for

MISSING = 10**9


def _access_request(plan):
    return AccessRequest.objects.create(plan=plan, kind="simple", received_on=date(2024, 3, 1), subject="x")


def _version(plan):
    return PlanVersion.objects.create(
        plan=plan,
        number=1,
        resolution_number="1",
        resolution_date=date(2024, 1, 20),
        **frozen_files(plan, data=b"{}", pdf=b"", docx=b""),
    )


# name, helper, a row of the plan
LOOKUPS = [
    ("unit", get_unit_for, lambda plan: plan.units.first()),
    ("employee", get_employee_for, lambda plan: plan.employees.first()),
    ("objective", get_objective_for, lambda plan: plan.objectives.first()),
    (
        "objective without details",
        lambda plan, pk: get_objective_for(plan, pk, details=False),
        lambda plan: plan.objectives.last(),
    ),
    ("objective to review", get_objective_for_review, lambda plan: plan.objectives.first()),
    ("review", get_review_for, lambda plan: Review.objects.filter(plan=plan).first()),
    ("strategic objective", get_strategic_objective_for, lambda plan: plan.strategic_objectives.first()),
    ("risk process", get_process_for, lambda plan: plan.risk_processes.first()),
    ("risk measure", get_measure_for, lambda plan: plan.risk_measures.first()),
    ("duty assignment", get_assignment_for, lambda plan: plan.duty_assignments.first()),
    ("access request", get_access_request_for, _access_request),
    ("course", lambda plan, pk: get_row_for(plan, Course, pk), lambda plan: plan.courses.first()),
    (
        "smart-working agreement",
        lambda plan, pk: get_row_for(plan, SmartWorkingAgreement, pk),
        lambda plan: plan.smart_working_agreements.first(),
    ),
    ("frozen version", lambda plan, number: get_version_for(plan, number, "data"), _version),
]


@pytest.mark.parametrize(("name", "lookup", "row_of"), LOOKUPS, ids=[case[0] for case in LOOKUPS])
def test_a_row_is_found_only_inside_its_plan(casorate, albizzate, name, lookup, row_of):
    row = row_of(casorate)
    assert row is not None, f"the demo plan has no {name}"
    key = row.number if isinstance(row, PlanVersion) else row.pk
    assert lookup(casorate, key).pk == row.pk
    with pytest.raises(Http404) as foreign:
        lookup(albizzate, key)  # a row of Casorate asked through Albizzate's plan
    with pytest.raises(Http404) as missing:
        lookup(casorate, MISSING)
    assert str(foreign.value) == str(missing.value)
