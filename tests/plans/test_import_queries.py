"""The plan's JSON import writes in bulk: its queries do not grow with the rows of the document
(the demo loader, the tests' setup and the browser's preview all run it): 2 objectives, employees
and their indicators, phases and participations cost what 30 do."""

import copy
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpiao.core.exchange import Audience
from openpiao.core.history import ChangeKind
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Indicator, Objective, Phase
from openpiao.plans.json_document import export_plan_json, import_into, import_plan


def _document(plan, size: int) -> dict:
    """Casorate's plan cut to its units and `size` objectives (each with the indicators and
    phases of one of the plan's own) and `size` employees, each taking part in one objective."""
    full = json.loads(export_plan_json(plan, audience=Audience.BACKUP))
    document = {key: full[key] for key in ("format", "format_version", "audience", "organization", "plan")}
    document["units"] = [{**unit, "head": None} for unit in full["units"]]
    person = next(e for e in full["employees"] if e["headcount"] == 1)
    model = min(
        (o for o in full["objectives"] if len(o["indicators"]) > 1 and len(o["phases"]) > 1),
        key=lambda o: len(o["indicators"]) + len(o["phases"]),
    )
    document["employees"] = [{**person, "key": f"prova-{n}"} for n in range(size)]
    document["objectives"] = [
        {
            **copy.deepcopy(model),
            "number": n + 1,
            "strategic_objective": None,
            "participations": [{"employee": f"prova-{n}", "percent": "50"}],
            "resources": [],
        }
        for n in range(size)
    ]
    return document


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_importing_a_larger_plan_costs_the_same_queries(casorate):
    import_plan(_document(casorate, 1), slug="prova-riscaldamento")  # caches (content types …)
    small, large = _document(casorate, 2), _document(casorate, 30)
    few = _queries(lambda: import_plan(small, slug="prova-piccolo"))
    many = _queries(lambda: import_plan(large, slug="prova-grande"))
    assert few == many
    imported = Objective.objects.filter(organization__slug="prova-grande")
    assert imported.count() == 30 and Employee.objects.filter(organization__slug="prova-grande").count() == 30
    per_objective = len(large["objectives"][0]["indicators"])
    assert Indicator.objects.filter(objective__in=imported).count() == 30 * per_objective
    assert Phase.objects.filter(objective__in=imported).count() == 30 * len(large["objectives"][0]["phases"])
    # The registro delle modifiche shows each row the import created (bulk_create skips save()).
    created = Objective.history.filter(organization__slug="prova-grande", history_type=ChangeKind.CREATED)
    assert created.count() == 30


def test_the_preview_of_a_larger_plan_costs_the_same_queries(casorate):
    def preview(size):
        return lambda: import_into(
            _document(casorate, size), organization=casorate.organization, user=None, source="", preview=True
        )

    preview(1)()  # caches
    assert _queries(preview(2)) == _queries(preview(30))


def test_replacing_a_larger_draft_costs_the_same_queries(casorate, make_member):
    """The draft an import replaces is deleted kind by kind, with its deletions in the registro
    delle modifiche written one INSERT per kind (not one per row, as simple-history's signals do)."""
    user = make_member(casorate.organization, "secretary")

    def replace_with(size):
        return lambda: import_into(
            _document(casorate, size), organization=casorate.organization, user=user, source="prova"
        )

    replace_with(2)()  # the draft now holds 2 objectives
    small = _queries(replace_with(30))  # replaces 2 objectives
    large = _queries(replace_with(30))  # replaces 30
    assert small == large
    deleted = Objective.history.filter(
        organization=casorate.organization, history_type=ChangeKind.DELETED, history_user=user
    )
    assert deleted.count() == 26 + 2 + 30  # the demo's draft, then each replaced one
    assert set(deleted.values_list("history_change_reason", flat=True)) == {"plan_imported"}
    assert Objective.objects.filter(plan=casorate).count() == 30
