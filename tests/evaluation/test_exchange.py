"""The measurement cycle in the plan's JSON: round trip, computed scores, personal data kept out."""

import json
from datetime import date
from decimal import Decimal

import pytest

from openpiao.core.exchange import Audience, ImportProblem
from openpiao.evaluation import services
from openpiao.evaluation.models import BehaviourAssessment, BonusFund, Review
from openpiao.plans.json_document import export_plan, import_plan

D = Decimal


@pytest.fixture
def reviewed(build, casorate, make_member):
    services.apply_preset(plan=casorate, key="fasce-di-merito", user=None)
    unit = build.unit(code="rt-eval", name="Unità di prova")
    person = build.employee(unit, key="rt-eval-emp")
    objective = build.objective(
        unit,
        number=7,
        weight=D(100),
        indicators=[("number", "ge", "1100"), ("text", "ge", "Relazione"), ("deadline", "ge", "15/05/2024")],
        phases=[[1, 2, 3], [4, 5, 6]],
    )
    build.participate(objective, person, D(40))
    build.review(
        objective,
        values=[{"number": D("640.5"), "note": "dato ANPR"}, None, {"done_on": date(2024, 5, 20)}],
        phases=[([1, 2, 3], True)],
        causes="Cause",
        effects="Effetti",
        actions_taken="Intrapresi",
        actions_planned="Da attivare",
        is_demo=True,
    )
    final = build.review(
        objective,
        kind="final",
        on=date(2025, 1, 31),
        values=[
            {"number": D(1100)},
            {"text": "Trasmessa", "judgement": D(90)},
            {"done_on": date(2024, 5, 10)},
        ],
        phases=[([1, 2, 3], True), ([4, 5, 6], True)],
    )
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-rt")
    services.validate_review(review=final, user=nucleo, expected_version=final.version)
    services.open_revision(review=final, user=nucleo, reason="Correzione del dato")
    BonusFund.objects.create(plan=casorate, unit=unit, amount=D("1234.56"))
    return objective


def test_round_trip_keeps_the_evaluation(casorate, reviewed):
    first = export_plan(casorate, audience=Audience.BACKUP)
    section = first["evaluation"]
    assert section["system"]["use_merit_bands"] is True and len(section["system"]["bands"]) == 3
    ours = [r for r in section["reviews"] if r["unit"] == "rt-eval"]
    assert [(r["kind"], r["revision"]) for r in ours] == [("final", 1), ("final", 2), ("intermediate", 1)]
    assert ours[0]["validated_by"] and ours[0]["validated_at"] and not ours[1]["validated_at"]
    assert ours[2]["values"][0] == {
        "indicator": 1,
        "number": "640.5",
        "flag": None,
        "done_on": None,
        "text": "",
        "judgement": None,
        "note": "dato ANPR",
        "override_score": None,
        "override_reason": "",
        "excluded_reason": "",
    }
    copy = import_plan(json.loads(json.dumps(first)), slug="copia-valutazione")
    second = export_plan(copy, audience=Audience.BACKUP)
    for review in second["evaluation"]["reviews"]:
        review["entered_by"] = ""  # users are not carried, only their names
    for review in section["reviews"]:
        review["entered_by"] = ""
    assert second["evaluation"] == section
    assert Review.objects.get(plan=copy, kind="final", revision=2).supersedes.revision == 1


def test_scores_are_exported_for_an_outside_reader(casorate, reviewed):
    scores = export_plan(casorate, audience=Audience.BACKUP)["evaluation"]["scores"]
    row = next(o for o in scores["objectives"] if o["unit"] == "rt-eval")
    # Final review, revision 2 (a copy of the validated one): 1100/1100, judged 90, deadline met.
    assert row == {
        "unit": "rt-eval",
        "objective": 7,
        "review": "final",
        "value_mean": "96.67",
        "time_mean": "100",
        "score": "97.67",
    }
    assert next(u for u in scores["units"] if u["unit"] == "rt-eval")["score"] == "97.67"
    assert scores["organization"]["method"] == "units"


def test_behaviour_assessments_are_imported_but_never_exported(casorate, reviewed):
    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.BACKUP)))
    criterion = document["evaluation"]["system"]["criteria"][4]["name"]  # a criterion for the staff
    document["evaluation"]["behaviour_assessments"] = [
        {
            "employee": "rt-eval-emp",
            "assessed_on": "2025-02-01",
            "assessed_by": "Responsabile",
            "demo": True,
            "votes": {criterion: 4},
        }
    ]
    copy = import_plan(document, slug="copia-comportamenti")
    assessment = BehaviourAssessment.objects.get(plan=copy)
    assert assessment.votes.get().value == 4 and assessment.is_demo
    assert "behaviour_assessments" not in export_plan(copy, audience=Audience.BACKUP)["evaluation"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r.update(objective=99), "obiettivo non presente"),
        (lambda r: r["values"].append({"indicator": 9, "number": "1"}), "la scheda ne ha 3"),
        (
            lambda r: r.update(kind="intermediate", revision=5, validated_at="2025-02-01T10:00:00"),
            "solo la verifica finale",
        ),
        (lambda r: r["phases"].append({"phase": 2, "actual_months": [13]}), "I mesi vanno da 1"),
    ],
)
def test_a_bad_review_imports_nothing(casorate, reviewed, change, message):
    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.BACKUP)))
    row = next(
        r for r in document["evaluation"]["reviews"] if r["unit"] == "rt-eval" and r["kind"] == "intermediate"
    )
    change(row)
    with pytest.raises(ImportProblem, match=message):
        import_plan(document, slug="copia-errata")
    assert not Review.objects.filter(plan__organization__slug="copia-errata").exists()
