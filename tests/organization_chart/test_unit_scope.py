"""One way to scope edits by unit: organization_chart.scope.unit_scope, per role."""

import pytest

from openpiao.organization_chart.scope import EditScope, unit_scope
from openpiao.organizations.models import Membership

# role, units it is listed as editor of (codes of Casorate's plan), whether it edits every unit,
# the units it edits
CASES = [
    ("admin", [], True, "all"),
    ("secretary", [], True, "all"),
    ("secretary", ["amministrativo"], True, "all"),
    ("unit_head", ["amministrativo"], False, {"amministrativo"}),
    ("unit_head", ["amministrativo", "territorio"], False, {"amministrativo", "territorio"}),
    ("unit_head", [], False, set()),
    ("evaluator", ["amministrativo"], False, set()),  # the Nucleo judges, it never enters data
    ("reader", ["amministrativo"], False, set()),
]


def _member(casorate, make_member, role, units):
    user = make_member(casorate.organization, role, username=f"scope-{role}-{len(units)}")
    for unit in casorate.units.filter(code__in=units):
        unit.editors.add(user)
    return Membership.objects.get(user=user, organization=casorate.organization)


@pytest.mark.parametrize(("role", "units", "everything", "expected"), CASES)
def test_unit_scope_per_role(casorate, make_member, role, units, everything, expected):
    scope = unit_scope(_member(casorate, make_member, role, units), casorate)
    all_codes = set(casorate.units.values_list("code", flat=True))
    codes = set(scope.units(casorate).values_list("code", flat=True))
    assert scope.everything is everything
    assert codes == (all_codes if expected == "all" else expected)
    assert scope.any is bool(codes)
    for unit in casorate.units.all():
        assert scope.covers(unit.pk) is (unit.code in codes), unit.code


def test_a_unit_head_edits_only_units_of_the_plan_asked(casorate, albizzate, make_member):
    membership = _member(casorate, make_member, "unit_head", ["amministrativo"])
    foreign = albizzate.units.first()
    foreign.editors.add(membership.user)
    scope = unit_scope(membership, casorate)
    assert foreign.pk not in scope.unit_ids
    assert list(scope.units(casorate).values_list("code", flat=True)) == ["amministrativo"]


def test_a_row_of_two_units_is_covered_by_either():
    scope = EditScope(False, frozenset({3}))
    assert scope.covers(None, 3) and scope.covers(7, 3) and not scope.covers(None, 7)
    assert not EditScope(False, frozenset()).covers(None)
    assert EditScope(True, frozenset()).covers(None)


def test_the_scope_costs_one_query_at_most(casorate, make_member, django_assert_num_queries):
    head = _member(casorate, make_member, "unit_head", ["amministrativo"])
    secretary = _member(casorate, make_member, "secretary", [])
    with django_assert_num_queries(1):
        unit_scope(head, casorate)
    with django_assert_num_queries(0):
        unit_scope(secretary, casorate)
