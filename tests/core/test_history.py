"""The versions of the rows (core.history): written by every path a row is saved through."""

from openpiao.core.audit import Action, save_audited
from openpiao.core.history import ChangeKind, bulk_create_tracked, has_history
from openpiao.core.locking import save_if_unchanged
from openpiao.organization_chart.models import OrgUnit
from openpiao.organizations.models import Membership, Organization
from openpiao.plans.models import Plan
from openpiao.risk.models import RiskEvent
from tests import factories


def test_every_row_of_an_ente_keeps_its_versions():
    assert has_history(Organization) and has_history(Plan) and has_history(OrgUnit)
    assert not has_history(Membership)  # who has access is not a row of the plan


def test_a_service_save_names_its_user_and_action_and_only_that_save(casorate, make_member):
    user = make_member(casorate.organization, "secretary")
    unit = factories.unit(casorate, name="Prima")
    unit.name = "Seconda"
    save_audited(unit, user=user, action=Action.UNIT_SAVED, expected_version=unit.version, fields=["name"])
    latest = unit.history.first()
    assert (latest.name, latest.history_type, latest.history_user, latest.history_change_reason) == (
        "Seconda",
        ChangeKind.CHANGED,
        user,
        Action.UNIT_SAVED,
    )
    assert latest.organization_id == casorate.organization_id  # the register reads it by ente
    unit.name = "Terza"
    unit.save()  # a later save of the same object is not credited to the service's user
    assert (unit.history.first().history_user, unit.history.first().history_change_reason) == (None, None)


def test_a_version_checked_update_is_recorded(casorate):
    unit = factories.unit(casorate, name="Prima")
    unit.name = "Dopo il controllo di versione"
    save_if_unchanged(unit, unit.version, ["name"])  # a queryset update(): no post_save signal
    assert [v.name for v in unit.history.all()] == ["Dopo il controllo di versione", "Prima"]


def test_bulk_created_rows_have_their_first_version(casorate, make_member):
    user = make_member(casorate.organization, "secretary")
    process = factories.process(casorate, factories.unit(casorate))
    events = [RiskEvent(process=process, description=f"Evento {n}", order=n) for n in (1, 2)]
    bulk_create_tracked(RiskEvent, events, user=user, reason=Action.STARTER_MAP_ADOPTED)
    versions = RiskEvent.history.filter(process=process).order_by("order")
    assert [(v.description, v.history_type, v.history_user) for v in versions] == [
        ("Evento 1", ChangeKind.CREATED, user),
        ("Evento 2", ChangeKind.CREATED, user),
    ]
    assert {v.organization_id for v in versions} == {casorate.organization_id}
