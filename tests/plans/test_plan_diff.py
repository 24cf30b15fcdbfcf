"""The diff between two plan documents (plans.plan_diff), with tables of cases from Casorate's rows."""

import pytest

from openpiao.plans.plan_diff import FieldChange, diff_documents

OBJECTIVE = {
    "unit": "territorio",
    "number": 3,
    "title": "Piano di recupero AD2ERP",
    "weight": "20.00",
    "first_year": 2024,
    "last_year": 2026,
    "indicators": [
        {"description": "Pratiche evase", "weight": "1.00", "targets": {"2024": "100", "2025": "110"}},
    ],
    "phases": [{"description": "Istruttoria", "months": [1, 2, 3]}],
    "participations": [{"employee": "terr-d-01", "percent": "50.00"}],
}


def objective(**changes) -> dict:
    return {**OBJECTIVE, **changes}


def indicator(**changes) -> dict:
    return {**OBJECTIVE["indicators"][0], **changes}


def changes_of(old_rows, new_rows, key="objectives"):
    [diff] = [d for d in diff_documents({key: old_rows}, {key: new_rows}) if d.changed or not d.empty]
    return diff


CHANGED = [
    # (what, new row, the field changes)
    ("weight", objective(weight="30.00"), [FieldChange("peso", "20.00", "30.00")]),
    (
        "title",
        objective(title="Piano AD2ERP"),
        [FieldChange("descrizione", "Piano di recupero AD2ERP", "Piano AD2ERP")],
    ),
    (
        "years",
        objective(first_year=2025),
        [FieldChange("dall'anno", "2024", "2025")],
    ),
    (
        "target of one year",
        objective(indicators=[indicator(targets={"2024": "100", "2025": "120"})]),
        [FieldChange("indicatori › Pratiche evase › valori attesi › 2025", "110", "120")],
    ),
    (
        "target of the past year dropped, next added",
        objective(indicators=[indicator(targets={"2025": "110", "2026": "120"})]),
        [
            FieldChange("indicatori › Pratiche evase › valori attesi › 2024", "100", ""),
            FieldChange("indicatori › Pratiche evase › valori attesi › 2026", "", "120"),
        ],
    ),
    (
        "indicator weight",
        objective(indicators=[indicator(weight="2.00")]),
        [FieldChange("indicatori › Pratiche evase › peso", "1.00", "2.00")],
    ),
    (
        "indicator added",
        objective(indicators=[indicator(), {"description": "Tempi medi", "targets": {}}]),
        [FieldChange("indicatori", "", "Tempi medi")],
    ),
    (
        "phase months",
        objective(phases=[{"description": "Istruttoria", "months": [2, 3]}]),
        [FieldChange("fasi › Istruttoria › mesi", "1, 2, 3", "2, 3")],
    ),
    ("staff removed", objective(participations=[]), [FieldChange("personale coinvolto", "terr-d-01", "")]),
    (
        "a field the diff does not name",
        objective(reward_note="Premio"),
        [FieldChange("reward_note", "", "Premio")],
    ),
]


@pytest.mark.parametrize(("what", "new", "expected"), CHANGED, ids=[c[0] for c in CHANGED])
def test_field_by_field(what, new, expected):
    diff = changes_of([OBJECTIVE], [new])
    assert diff.added == diff.removed == []
    assert [row.title for row in diff.changed] == [f"territorio, obiettivo n. 3: {new['title']}"]
    assert diff.changed[0].changes == expected


def test_rows_are_matched_by_their_natural_keys():
    renumbered = objective(number=4)
    diff = changes_of([OBJECTIVE], [renumbered])
    assert diff.removed == ["territorio, obiettivo n. 3: Piano di recupero AD2ERP"]
    assert diff.added == ["territorio, obiettivo n. 4: Piano di recupero AD2ERP"]
    assert diff.changed == []


def test_the_same_plan_has_no_changes():
    document = {
        "objectives": [OBJECTIVE],
        "employees": [{"key": "terr-d-01", "last_name": "Rossi", "first_name": "Anna"}],
        "human_capital": {"cessations": [{"year": 2025, "profile": "Istruttore", "unit": "territorio"}]},
    }
    assert all(diff.empty for diff in diff_documents(document, document))


KINDS = [
    # (list in the document, old rows, new rows, label, added, removed)
    (
        "employees",
        [{"key": "a", "last_name": "Rossi", "first_name": "Anna"}],
        [],
        "Personale",
        [],
        ["Rossi Anna"],
    ),
    (
        "strategic_objectives",
        [],
        [{"code": "SO1", "title": "Comune digitale"}],
        "Obiettivi strategici",
        ["Comune digitale"],
        [],
    ),
    (
        "risk_measures",
        [{"title": "Rotazione"}],
        [{"title": "Rotazione"}, {"title": "Patti di integrità"}],
        "Misure di prevenzione",
        ["Patti di integrità"],
        [],
    ),
    ("transparency_map", [{"duty": "01.01/010101"}], [], "Obblighi di trasparenza", [], ["01.01/010101"]),
]


@pytest.mark.parametrize(
    ("path", "old", "new", "label", "added", "removed"), KINDS, ids=[k[0] for k in KINDS]
)
def test_added_and_removed_by_kind(path, old, new, label, added, removed):
    [diff] = [d for d in diff_documents({path: old}, {path: new}) if d.label == label]
    assert (diff.added, diff.removed) == (added, removed)


def test_risk_levels_and_nested_sections():
    """A process is compared by its latest assessment, whatever year each plan assessed it in."""
    judged = {
        "I1": {"level": "alto", "reason": "Interessi economici"},
        "I2": {"level": "medio", "reason": ""},
    }
    process = {
        "code": "p-a01",
        "name": "Permesso di costruire",
        "assessments": [{"year": 2024, "computed_level": "medio", "override_level": "", "judgments": judged}],
    }
    same = {**process, "assessments": [{**process["assessments"][0], "year": 2025}]}
    assert all(d.empty for d in diff_documents({"risk_processes": [process]}, {"risk_processes": [same]}))
    lowered = {"I1": {"level": "medio", "reason": ""}, "I2": judged["I2"]}
    reassessed = {
        **process,
        "assessments": [
            {"year": 2025, "computed_level": "medio", "override_level": "basso", "judgments": lowered}
        ],
    }
    [diff] = [
        d
        for d in diff_documents({"risk_processes": [process]}, {"risk_processes": [reassessed]})
        if d.changed
    ]
    assert diff.changed[0].changes == [
        FieldChange("livello di esposizione al rischio", "medio", "basso"),
        FieldChange("giudizi sugli indicatori › I1", "alto", "medio"),
    ]
    hire = {"year": 2025, "profile": "Istruttore", "unit": "territorio", "annual_cost": "33000.00"}
    old = {"human_capital": {"planned_hires": [hire]}}
    new = {"human_capital": {"planned_hires": [{**hire, "annual_cost": "35000.00"}]}}
    [diff] = [d for d in diff_documents(old, new) if d.changed]
    assert diff.label == "Assunzioni programmate"
    assert diff.changed[0].changes == [FieldChange("costo annuo", "33000.00", "35000.00")]


def test_fields_are_named_by_the_labels_given():
    diff = changes_of([OBJECTIVE], [objective(reward_note="Premio")])
    assert diff.changed[0].changes == [FieldChange("reward_note", "", "Premio")]
    [diff] = [
        d
        for d in diff_documents(
            {"objectives": [OBJECTIVE]},
            {"objectives": [objective(reward_note="Premio")]},
            labels={"reward_note": "sistema premiante"},
        )
        if d.changed
    ]
    assert diff.changed[0].changes == [FieldChange("sistema premiante", "", "Premio")]


def test_coded_values_and_references_read_as_printed():
    measure = {
        "title": "Rotazione",
        "status": "in_progress",
        "objective": {"unit": "amministrativo", "number": 4},
    }
    done = {**measure, "status": "done", "objective": None}
    [diff] = [
        d
        for d in diff_documents(
            {
                "risk_measures": [measure],
                "units": [{"code": "amministrativo", "name": "Servizio Amministrativo"}],
            },
            {"risk_measures": [done]},
            labels={"status": "stato", "objective": "obiettivo di performance collegato"},
            values={("status", "in_progress"): "In corso", ("status", "done"): "Attuata"},
        )
        if d.changed
    ]
    assert diff.changed[0].changes == [
        FieldChange("stato", "In corso", "Attuata"),
        FieldChange("obiettivo di performance collegato", "Servizio Amministrativo, obiettivo n. 4", ""),
    ]


def test_monitoring_rows_are_matched_by_their_date():
    measure = {"title": "Rotazione", "monitoring": [{"date": "2024-07-15", "status": "in_progress"}]}
    [diff] = [
        d
        for d in diff_documents({"risk_measures": [measure]}, {"risk_measures": [{"title": "Rotazione"}]})
        if d.changed
    ]
    assert diff.changed[0].changes == [FieldChange("monitoraggio", "2024-07-15", "")]
