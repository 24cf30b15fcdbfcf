"""The measurement-cycle tests build their rows in Casorate's plan (tests.factories.PlanBuilder),
so they never depend on the demo objectives."""

import pytest

from openpiao.evaluation.models import (
    BehaviourAssessment,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
    ReportValidation,
    Review,
)
from tests.factories import PlanBuilder


@pytest.fixture
def build(casorate) -> PlanBuilder:
    """Casorate's plan without the demo's evaluation data (rolled back after each test)."""
    for model in (
        Review,
        BehaviourAssessment,
        BonusFund,
        EvaluationSystem,
        ReportValidation,
        EmployeeAccount,
    ):
        model.objects.filter(plan=casorate).delete()
    return PlanBuilder(casorate)
