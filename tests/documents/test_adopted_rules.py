"""An adopted plan keeps the editions of the reference catalogues it followed (core.rulebook)."""

from datetime import date

from openpiao.core import rulebook
from openpiao.documents.models import PlanVersion
from openpiao.documents.services import adopt_plan
from openpiao.plans.models import Plan


def test_adoption_keeps_the_editions_with_the_act(clean_plan, own_checks_only, make_member):
    Plan.objects.filter(pk=clean_plan.pk).update(rule_versions={})  # a plan made before they were recorded
    plan = Plan.objects.get(pk=clean_plan.pk)
    assert plan.governing_versions == rulebook.versions_for(2025)
    version = adopt_plan(
        plan=plan,
        resolution_number="7",
        resolution_date=date(2025, 1, 28),
        expected_version=plan.version,
        user=make_member(plan.organization, "secretary"),
    )
    plan.refresh_from_db()
    assert plan.rule_versions == rulebook.versions_for(2025)
    assert PlanVersion.objects.get(pk=version.pk).rule_versions == plan.rule_versions
