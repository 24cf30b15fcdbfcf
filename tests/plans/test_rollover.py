"""«Nuovo piano dal precedente»: Casorate Primo 2025-2027 made from the demo's 2024-2026."""

import re
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpiao.core.audit import Action
from openpiao.core.exchange import Audience
from openpiao.core.models import AuditEvent, OrganizationOwned
from openpiao.documents.models import SectionText
from openpiao.documents.readiness import collect
from openpiao.human_capital.models import ActivityMapEntry, Cessation, PositiveAction
from openpiao.organization_chart.models import OrgUnit
from openpiao.performance.models import Indicator, IndicatorTarget, StrategicObjective
from openpiao.plans import rollover
from openpiao.plans.json_document import export_plan
from openpiao.plans.models import Plan
from openpiao.risk.models import Assessment, IndicatorJudgment, Measure, Process, RiskEvent
from openpiao.transparency.models import DutyAssignment
from tests import factories

ALL = rollover.default_choices()


def roll(plan, chosen=ALL):
    return rollover.roll_over(source=plan, chosen=chosen, user=None)


def rows(model, plan):
    """The rows of `model` in `plan`, following each row's parent up to the plan."""
    path, owner = [], model
    while True:
        parent = owner._meta.get_field(owner.organization_from)
        path.append(parent.name)
        if parent.related_model is Plan:
            return model.objects.filter(**{"__".join(path): plan})
        owner = parent.related_model


def test_every_row_that_should_carry_does(casorate):
    leaving = set(
        Cessation.objects.filter(plan=casorate, year=2024, employee__isnull=False).values_list(
            "employee__key", flat=True
        )
    )
    assert leaving == {"terr-d-01"}

    plan, counts, notes = roll(casorate)

    assert (plan.first_year, plan.reference_year, plan.status) == (2025, 2025, "draft")
    for model in (OrgUnit, StrategicObjective, Process, RiskEvent, Measure, DutyAssignment, SectionText):
        assert rows(model, plan).count() == rows(model, casorate).count() > 0, model
    for model in (PositiveAction, ActivityMapEntry):
        assert rows(model, plan).count() == rows(model, casorate).count() > 0, model
    keys = set(plan.employees.values_list("key", flat=True))
    assert keys == set(casorate.employees.values_list("key", flat=True)) - leaving
    parents = dict(plan.units.values_list("code", "parent__code"))
    assert parents == dict(casorate.units.values_list("code", "parent__code"))
    # The units keep their heads (the one who left is no longer head) and their editors' rights.
    heads = dict(plan.units.values_list("code", "head__key"))
    assert heads == {
        code: (None if key in leaving else key)
        for code, key in casorate.units.values_list("code", "head__key")
    }
    # Only the objectives that run on into 2025 carry, with the years of the new triennium.
    running = casorate.objectives.filter(last_year__gte=2025)
    assert list(plan.objectives.values_list("unit__code", "number", "first_year", "last_year")) == [
        (o.unit.code, o.number, 2025, o.last_year) for o in running
    ]
    # Each process starts from its latest assessment, now the 2025 one, with its judgments.
    assert rows(Assessment, plan).count() == casorate.risk_processes.filter(assessments__isnull=False).count()
    assert set(rows(Assessment, plan).values_list("year", flat=True)) == {2025}
    assert rows(IndicatorJudgment, plan).count() == rows(IndicatorJudgment, casorate).count()
    # The measures keep their status; the deadlines already past are left for the RPCT to set.
    assert Counter(rows(Measure, plan).values_list("status", flat=True)) == Counter(
        rows(Measure, casorate).values_list("status", flat=True)
    )
    assert not rows(Measure, plan).filter(deadline__year__lt=2025).exists()
    # The people hired in 2024 are named, to be entered with their data.
    assert len(notes) == casorate.planned_hires.filter(year=2024).count() == 5
    assert counts["dipendenti"] == len(keys)
    assert AuditEvent.objects.get(action=Action.PLAN_ROLLED_OVER).details["source_plan"] == "2024-2026"


def test_units_keep_their_editors(casorate, make_member):
    unit = casorate.units.get(code="territorio")
    user = make_member(casorate.organization, "unit_head")
    unit.editors.add(user)
    plan, _, _ = roll(casorate)
    assert list(plan.units.get(code="territorio").editors.all()) == [user]
    assert list(unit.editors.all()) == [user]


def test_targets_move_into_place_and_the_past_year_stays_behind(casorate):
    office = casorate.units.get(code="territorio")
    item = factories.objective(casorate, office, number=90, first_year=2024, last_year=2026)
    indicator = item.indicators.first()
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value="12")
    IndicatorTarget.objects.create(indicator=indicator, year=2026, value="14")
    plan, _, _ = roll(casorate)
    copy = plan.objectives.get(number=90)
    assert (copy.first_year, copy.last_year) == (2025, 2026)
    moved = Indicator.objects.get(objective=copy, order=indicator.order)
    assert dict(moved.targets.values_list("year", "value")) == {2025: "12", 2026: "14"}
    assert moved.target_for(plan.first_year).value == "12"  # the old N+1 target is the first year's
    assert copy.phases.count() == 1 and copy.participations.count() == 1 and copy.resources.count() == 1


def test_concluded_objectives_come_as_drafts_of_the_first_year_when_asked(casorate):
    plan, counts, _ = roll(casorate, ALL | {"other_objectives"})
    assert plan.objectives.count() == casorate.objectives.count() == counts["obiettivi"]
    assert set(plan.objectives.values_list("first_year", flat=True)) == {2025}
    assert rows(Indicator, plan).count() == rows(Indicator, casorate).count()


def test_the_source_plan_does_not_change(casorate):
    before = export_plan(casorate, audience=Audience.BACKUP)
    roll(casorate, ALL | {"other_objectives"})
    casorate.refresh_from_db()
    assert export_plan(casorate, audience=Audience.BACKUP) == before


def test_every_copied_row_is_valid_in_the_new_plan(casorate):
    plan, counts, _ = roll(casorate, ALL | {"other_objectives"})
    checked = 0
    for part in rollover.parts():
        for carry in part.carries:
            for row in rows(carry.model, plan):
                row.full_clean()  # the forms' own checks, in the new triennium
                checked += 1
    assert checked == sum(counts.values()) > 0  # every copied row, not an empty loop


def test_every_kind_of_row_is_carried_or_left_to_its_year():
    """A model added to a plan must say whether it carries: here is where it is decided."""
    decided = {c.model for p in rollover.parts() for c in p.carries}
    decided |= {m for p in rollover.parts() for m in p.left_behind}
    owned = {m for m in apps.get_models() if issubclass(m, OrganizationOwned)}
    assert owned - decided == set()


def test_preview_counts_what_the_roll_over_writes(casorate):
    chosen = ALL | {"other_objectives"}
    expected, notes = rollover.preview(casorate, chosen)
    assert not Plan.objects.filter(first_year=2025, organization=casorate.organization).exists()
    _, counts, done_notes = roll(casorate, chosen)
    assert counts == expected and done_notes == notes


def test_choices_leave_parts_out(casorate):
    plan, counts, _ = roll(casorate, {"structure", "texts"})
    assert plan.units.exists() and not plan.objectives.exists() and not rows(Process, plan).exists()
    assert set(counts) == {"unità organizzative", "dipendenti", "risorse delle unità", "testi delle sezioni"}


def test_refusals(casorate):
    with pytest.raises(rollover.RolloverRefused, match="richiede anche «Struttura organizzativa"):
        roll(casorate, {"objectives"})
    roll(casorate)
    with pytest.raises(rollover.RolloverRefused, match="già un piano per il triennio 2025-2027"):
        roll(casorate)


def test_a_failure_midway_leaves_nothing(casorate, monkeypatch):
    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rollover, "_link_later", broken)  # after every bulk_create
    units = OrgUnit.objects.count()
    with pytest.raises(RuntimeError):
        roll(casorate)
    assert not Plan.objects.filter(organization=casorate.organization, first_year=2025).exists()
    assert OrgUnit.objects.count() == units
    assert not AuditEvent.objects.filter(action=Action.PLAN_ROLLED_OVER).exists()


def _queries(plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        new, _, _ = roll(plan, ALL | {"other_objectives"})
    new.delete()
    return len(queries)


def _grow(plan, numbers) -> None:
    office = plan.units.get(code="territorio")
    for number in numbers:
        factories.objective(plan, office, number=number, first_year=2024, last_year=2026)
        factories.process(plan, office)
        factories.unit(plan, parent=office)


def test_queries_do_not_grow_with_the_rows(casorate):
    """One read and one write per kind of row: the same count for 1 or 16 more of each (a kind
    with no rows at all writes nothing, so the first count already has one of each)."""
    _grow(casorate, [100])
    first = _queries(casorate)
    _grow(casorate, range(101, 116))
    assert _queries(casorate) == first


YEAR_ITEMS = [
    # What the new year needs: its figures, its targets and weights, the risk assessment of the
    # process never assessed, the terms of the measures whose term passed, the rendiconto's
    # figures and the training budget (left behind as the year's own).
    r"Gli ultimi dati annuali sono al 31/12/2024|richiede quelli al 31/12/2024",
    r"non ha il valore atteso per il 2025",
    r"^Pesi degli obiettivi",
    r"senza valutazione del rischio 2025",
    r"senza termine\.$",
    r"Capacità assunzionale non calcolabile: mancano abitanti al 31/12/2024",
    r"Verifica non eseguibile: mancano .*2025",
    r"Formazione: manca stanziamento di bilancio per la formazione 2025",
    # The training directive of 14 January 2025 applies from the 2025 plans.
    r"non ha un obiettivo di promozione della formazione",
]


def test_the_new_plan_asks_only_for_the_new_year(casorate):
    plan, _, _ = roll(casorate)
    old = {item.message.replace("2024", "2025") for item in collect(casorate).items}
    old |= {item.message for item in collect(casorate).items}
    fresh = [item.message for item in collect(plan).items if item.message not in old]
    unexplained = [m for m in fresh if not any(re.search(p, m) for p in YEAR_ITEMS)]
    assert unexplained == []
    assert len(fresh) > 0


def test_an_adopted_plan_rolls_over_and_stays_as_adopted(casorate):
    Plan.objects.filter(pk=casorate.pk).update(status="adopted", resolution_number="12")
    casorate.refresh_from_db()
    plan, _, _ = roll(casorate)
    assert plan.status == "draft" and not plan.resolution_number
    casorate.refresh_from_db()
    assert casorate.status == "adopted"
