"""What the reference catalogues load, row by row, compared with a stored snapshot.

Every catalogue of src/openpiao/reference_data: the rows upserted into the database (risk areas
and indicators, general measures, the starter map, the transparency sections and duties, the
budget missions and programmes), the versions recorded, and the legal tables the rules read in
memory (economic positions, the DM 17/3/2020 tables, the Sezione 3 thresholds, the Piano tipo,
the SMVP presets). A change of file format must leave all of it identical.

A deliberate change of a catalogue's content updates the snapshot:
    UPDATE_CATALOGUE_SNAPSHOT=1 .venv/bin/python -m pytest tests/core/test_catalogue_snapshot.py
and the diff of tests/data/catalogue_snapshot.json shows what changed.
"""

import dataclasses
import json
import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parents[1] / "data" / "catalogue_snapshot.json"

# model label → (fields, natural ordering); foreign keys by their catalogue code
DATABASE_ROWS = {
    "risk.RiskArea": (
        ["code", "name", "kind", "scope", "previous_name", "mandatory_for_small", "order"],
        "code",
    ),
    "risk.RiskIndicator": (["code", "name", "description", "order"], "code"),
    "risk.GeneralMeasure": (["code", "name", "legal_reference"], "code"),
    "risk.MeasureType": (["code", "name", "order"], "code"),
    "risk.ProcessTemplate": (
        [
            "code",
            "area__code",
            "name",
            "unit_hint",
            "input",
            "activities",
            "output",
            "public_value",
            "events",
            "measures",
            "catalogue_version",
            "order",
        ],
        "code",
    ),
    "transparency.Section": (
        ["code", "name", "parent__code", "legal_references", "applicable_to_municipalities", "order"],
        "code",
    ),
    "transparency.Duty": (
        [
            "key",
            "section__code",
            "vocabulary_id",
            "sub_duties",
            "name",
            "legal_reference",
            "frequency",
            "tabular",
            "applicable_to_municipalities",
            "note",
            "bdncp",
            "legal_due",
            "order",
        ],
        "key",
    ),
    "performance.Mission": (["code", "name"], "code"),
    "performance.Programme": (["code", "name", "mission__code"], "code"),
}

# The versions recorded; a loader may record more, never fewer.
VERSION_ROWS = {
    "risk.RiskCatalogue": ["key", "title", "version", "source", "license"],
    "transparency.DutyCatalogue": ["key", "title", "version", "source", "license", "attribution"],
    "performance.BudgetCatalogue": ["key", "title", "version", "source", "license"],
}


def _plain(value):
    """JSON-friendly and exact: decimals and fractions as their text, dataclasses as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Decimal | Fraction):
        return f"{type(value).__name__}({value})"
    return value


def _database_rows() -> dict:
    from django.apps import apps

    rows = {}
    for label, (fields, order) in DATABASE_ROWS.items():
        queryset = apps.get_model(label).objects.all()
        if label == "risk.RiskIndicator":
            queryset = queryset.filter(organization__isnull=True)
        rows[label] = [_plain(row) for row in queryset.order_by(order).values(*fields)]
    return rows


def _versions() -> dict:
    from django.apps import apps

    return {
        label: {row["key"]: row for row in apps.get_model(label).objects.order_by("key").values(*fields)}
        for label, fields in VERSION_ROWS.items()
    }


def _tables_in_memory() -> dict:
    from openpiao.evaluation.presets import presets
    from openpiao.human_capital import reference
    from openpiao.organization_chart.reference import position_ranges
    from openpiao.organizations.models import SIMPLIFIED_REGIME_EMPLOYEE_LIMIT
    from openpiao.plans import sections
    from openpiao.risk.catalogue import numeric_criteria, rpct_report_due
    from openpiao.transparency.catalogue import access_term
    from openpiao.transparency.oiv_grid import grid_columns

    return _plain(
        {
            "economic positions": position_ranges(),
            "capacity tables": reference.capacity_tables(),
            "flexible work": reference.flexible_work_rules(),
            "smart working": reference.smart_working_rules(),
            "training hours": reference.hours_targets(),
            "training minimum": reference.training_minimum(),
            "gender gap": reference.gender_gap_threshold(),
            "norm 557": reference.norm_557(),
            "simplified regime limit": SIMPLIFIED_REGIME_EMPLOYEE_LIMIT,
            "piano tipo duties": {
                spec.code: [
                    sections.is_required(spec, simplified=True),
                    sections.is_required(spec, simplified=False),
                ]
                for spec in sections.SECTIONS
            },
            "smvp presets": presets(),
            "rpct report due": rpct_report_due(),
            "pna 2013 numeric criteria": numeric_criteria(),
            "access terms": {kind: access_term(kind) for kind in ("simple", "generalised", "documentary")},
            "oiv grid columns": grid_columns(),
        }
    )


def snapshot() -> dict:
    return {"rows": _database_rows(), "versions": _versions(), "tables": _tables_in_memory()}


@pytest.mark.django_db
def test_the_catalogues_load_what_the_snapshot_holds():
    current = snapshot()
    if os.environ.get("UPDATE_CATALOGUE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for label, rows in stored["rows"].items():
        assert len(current["rows"][label]) == len(rows), label
        assert current["rows"][label] == rows, label
    for label, versions in stored["versions"].items():
        for key, row in versions.items():
            assert current["versions"][label].get(key) == row, (label, key)
    for name, value in stored["tables"].items():
        assert current["tables"][name] == value, name


@pytest.mark.django_db
def test_the_snapshot_holds_every_catalogue_with_its_rows():
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    counts = {label: len(rows) for label, rows in stored["rows"].items()}
    assert counts == {
        "risk.RiskArea": 16,
        "risk.RiskIndicator": 6,
        "risk.GeneralMeasure": 16,  # every edition: PNA 2022 and PNA 2025
        "risk.MeasureType": 11,
        "risk.ProcessTemplate": 26,
        "transparency.Section": 90,
        "transparency.Duty": 123,
        "performance.Mission": 23,
        "performance.Programme": 11,
    }
    assert {"rischi-mappa-tipo-comuni"} <= set(stored["versions"]["risk.RiskCatalogue"])
    assert {"amministrazione-trasparente"} <= set(stored["versions"]["transparency.DutyCatalogue"])
