"""Plausible ranges of numbers and dates (issue 9, items 13-15): the reusable validators of
core.ranges, every model field bounded, the relations to the plan's years in the models'
clean(), and the JSON import refusing what the forms refuse."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from openpiao.core.exchange import Audience, ImportProblem
from openpiao.core.ranges import future_error, plausible_date, window_error
from openpiao.evaluation.models import BehaviourAssessment, Review, ReviewValue
from openpiao.human_capital.models import Cessation, Enrolment, PlannedHire, SmartWorkingAgreement
from openpiao.organization_chart.models import Employee
from openpiao.organizations.models import YearlyFigures
from openpiao.performance.models import IndicatorTarget, Objective
from openpiao.plans.json_document import export_plan, import_plan
from openpiao.plans.models import Plan
from openpiao.risk.models import Assessment, Measure, MonitoringRecord, RiskSettings, RpctReport
from openpiao.transparency.models import AccessRequest, AttestationGrid, DutyAssignment

D = date


def _project_fields(kind):
    for model in apps.get_models():
        if not model.__module__.startswith("openpiao.") or hasattr(model, "instance_type"):
            continue  # a historical record (simple-history) copies its model's fields, checked there
        for field in model._meta.concrete_fields:
            if isinstance(field, kind) and not isinstance(field, models.AutoField) and not field.is_relation:
                yield model, field


def _is_lock_counter(field) -> bool:
    """The optimistic-locking `version`: written by core.locking, never typed by anyone."""
    return field.name == "version" and not field.editable


INTEGER_FIELDS = [(m, f) for m, f in _project_fields(models.IntegerField) if not _is_lock_counter(f)]
DATE_FIELDS = [(m, f) for m, f in _project_fields(models.DateField) if not (f.auto_now or f.auto_now_add)]
DECIMAL_FIELDS = list(_project_fields(models.DecimalField))


def _label(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


# --- every field of every model ---------------------------------------------------------------


def test_the_walk_finds_the_fields():
    names = {_label(m, f) for m, f in INTEGER_FIELDS + DATE_FIELDS + DECIMAL_FIELDS}
    assert {"performance.Objective.number", "transparency.AccessRequest.received_on"} <= names
    assert "plans.Plan.version" not in names and "plans.Plan.created_at" not in names


@pytest.mark.parametrize("model, field", INTEGER_FIELDS, ids=[_label(*pair) for pair in INTEGER_FIELDS])
def test_every_integer_field_declares_its_bounds(model, field):
    """Declared on the field (not the backend's limits, which SQLite does not have), so a new
    integer field cannot forget them."""
    declared = field._validators
    assert any(isinstance(v, MaxValueValidator) for v in declared), f"{_label(model, field)}: nessun massimo"
    assert any(isinstance(v, MinValueValidator) for v in declared), f"{_label(model, field)}: nessun minimo"


@pytest.mark.parametrize("model, field", INTEGER_FIELDS, ids=[_label(*pair) for pair in INTEGER_FIELDS])
def test_every_integer_field_refuses_99_999_999_999(db, model, field):
    _assert_refused(model, field, 99_999_999_999)


@pytest.mark.parametrize("model, field", DATE_FIELDS, ids=[_label(*pair) for pair in DATE_FIELDS])
def test_every_date_field_has_the_plausible_window(model, field):
    assert plausible_date in field.validators, f"{_label(model, field)}: nessun intervallo plausibile"


@pytest.mark.parametrize("model, field", DATE_FIELDS, ids=[_label(*pair) for pair in DATE_FIELDS])
@pytest.mark.parametrize("far", [D(1, 1, 1), D(9999, 12, 31)])
def test_every_date_field_refuses_year_1_and_9999(db, model, field, far):
    if isinstance(field, models.DateTimeField):
        far = datetime(far.year, far.month, far.day, tzinfo=UTC)
    _assert_refused(model, field, far)


@pytest.mark.parametrize("model, field", DECIMAL_FIELDS, ids=[_label(*pair) for pair in DECIMAL_FIELDS])
def test_every_decimal_field_refuses_more_digits_than_it_holds(db, model, field):
    """SQLite stores any decimal; Django's DecimalValidator (max_digits) refuses in full_clean."""
    too_many = Decimal(10) ** (field.max_digits - field.decimal_places)
    message = _assert_refused(model, field, too_many)
    assert "cifre" in message or "valore" in message  # Italian


def _assert_refused(model, field, value) -> str:
    instance = model()
    setattr(instance, field.attname, value)
    others = [f.name for f in model._meta.fields if f.name != field.name]
    with pytest.raises(ValidationError) as refused:
        instance.clean_fields(exclude=others)
    messages = refused.value.message_dict.get(field.name)
    assert messages, f"{_label(model, field)}: {value} non rifiutato"
    return " ".join(messages)


# --- core.ranges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, ok",
    [
        (D(1, 1, 1), False),
        (D(1899, 12, 31), False),
        (D(1900, 1, 1), True),
        (D(2024, 2, 29), True),
        (D(2100, 12, 31), True),
        (D(2101, 1, 1), False),
        (D(9999, 12, 31), False),
        (datetime(2024, 5, 1, 10, 30), True),
        (datetime(9999, 12, 31, 23, 59), False),
    ],
)
def test_plausible_date(value, ok):
    if ok:
        plausible_date(value)
    else:
        with pytest.raises(ValidationError, match="tra il 01/01/1900 e il 31/12/2100"):
            plausible_date(value)


@pytest.mark.parametrize(
    "value, message",
    [
        (None, None),
        (D(2023, 1, 1), None),
        (D(2027, 12, 31), None),
        (D(2022, 12, 31), "La data deve cadere tra il 01/01/2023 e il 31/12/2027 (perché)."),
        (D(2028, 1, 1), "La data deve cadere tra il 01/01/2023 e il 31/12/2027 (perché)."),
        (D(1, 1, 1), None),  # implausible: plausible_date says it, once
    ],
)
def test_window_error(value, message):
    assert window_error(value, D(2023, 1, 1), D(2027, 12, 31), "perché") == message


@pytest.mark.parametrize(
    "value, message",
    [
        (None, None),
        (D(2026, 11, 29), None),
        (D(2026, 11, 30), None),
        (D(2026, 12, 1), "La data non può essere successiva a oggi (30/11/2026)."),
        (D(9999, 12, 31), None),  # implausible: plausible_date says it, once
    ],
)
def test_future_error(value, message):
    assert future_error(value, D(2026, 11, 30)) == message


# --- the relations to the plan's years, row by row (Casorate, PIAO 2024-2026) --------------------


def _of_plan(model, path="plan"):
    return lambda plan: model.objects.filter(**{path: plan}).order_by("pk").first()


def _the_plan(plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def _final_review(plan) -> Review:
    review = Review.objects.filter(plan=plan).order_by("pk").first()
    review.kind = "final"
    return review


TODAY = timezone.localdate()
TOMORROW = D.fromordinal(TODAY.toordinal() + 1)
IN_WINDOW_FUTURE = TOMORROW if TOMORROW.year <= 2027 else None  # after today, before 31/12/2027

CASES = [
    # (row of the plan, field, value, the message's words, or None when the value is accepted)
    (_the_plan, "resolution_date", D(2023, 1, 1), None),
    (_the_plan, "resolution_date", D(2022, 12, 31), "tra il 01/01/2023 e il 31/12/2027"),
    (_the_plan, "reference_year", 3000, "tra il 1990 e il 2100"),
    (_of_plan(YearlyFigures, "organization__plans"), "year", 3000, "tra il 1990 e il 2100"),
    (_of_plan(YearlyFigures, "organization__plans"), "year", TODAY.year, None),
    (_of_plan(YearlyFigures, "organization__plans"), "year", TODAY.year + 1, "non sono ancora noti"),
    (_of_plan(YearlyFigures, "organization__plans"), "inhabitants", 0, "da 1 a 3.000.000"),
    (_of_plan(YearlyFigures, "organization__plans"), "inhabitants", 3_000_001, "da 1 a 3.000.000"),
    (_of_plan(YearlyFigures, "organization__plans"), "employees", 50_001, "da 0 a 50.000"),
    (_of_plan(YearlyFigures, "organization__plans"), "employees", 9_129, "più degli abitanti"),
    (_of_plan(YearlyFigures, "organization__plans"), "employees", 49, None),
    (_of_plan(Employee), "start_date", D(1974, 1, 1), None),
    (_of_plan(Employee), "start_date", D(1973, 12, 31), "tra il 01/01/1974 e il 31/12/2026"),
    (_of_plan(Employee), "start_date", D(2026, 12, 31), None),
    (_of_plan(Employee), "start_date", D(2027, 1, 1), "tra il 01/01/1974 e il 31/12/2026"),
    (_of_plan(Employee), "start_date", D(1850, 1, 1), "Data non plausibile"),
    (_of_plan(Employee), "end_date", D(2022, 12, 31), "tra il 01/01/2023 e il 31/12/2100"),
    (_of_plan(Employee), "end_date", D(2040, 6, 30), None),  # a planned retirement
    (_of_plan(Employee), "end_date", D(9999, 12, 31), "Data non plausibile"),
    (_of_plan(Objective), "number", 0, "va da 1 a 9.999"),
    (_of_plan(Objective), "number", 10_000, "va da 1 a 9.999"),
    (_of_plan(Objective), "number", 9_999, None),
    (_of_plan(IndicatorTarget, "indicator__objective__plan"), "year", 1850, "tra il 1990 e il 2100"),
    (_of_plan(Cessation), "date", D(2030, 1, 1), "nell'anno indicato"),
    (_of_plan(PlannedHire), "year", 1850, "tra il 1990 e il 2100"),
    (_of_plan(PlannedHire), "year", 2090, "triennio 2024-2026"),
    (_of_plan(PlannedHire), "hours", 100_001, "tra 0 e 100.000"),
    (_of_plan(SmartWorkingAgreement), "start_date", D(1, 1, 1), "Data non plausibile"),
    (_of_plan(SmartWorkingAgreement), "start_date", D(2022, 12, 31), "tra il 01/01/2023 e il 31/12/2027"),
    (_of_plan(SmartWorkingAgreement), "end_date", D(2028, 1, 31), "tra il 01/01/2023 e il 31/12/2027"),
    (_of_plan(SmartWorkingAgreement), "requested_on", D(2023, 12, 1), None),
    (_of_plan(Enrolment), "completed_on", D(1990, 5, 15), "tra il 01/01/2023 e il 31/12/2027"),
    (_of_plan(AccessRequest), "received_on", D(9999, 12, 31), "Data non plausibile"),
    (_of_plan(AccessRequest), "received_on", D(2022, 12, 31), "tra il 01/01/2023 e il 31/12/2027"),
    (_of_plan(AccessRequest), "received_on", IN_WINDOW_FUTURE, "successiva a oggi"),
    (_of_plan(DutyAssignment), "last_published", D(1, 1, 1), "Data non plausibile"),
    (_of_plan(DutyAssignment), "last_published", D(2015, 3, 1), None),  # an old publication
    (_of_plan(DutyAssignment), "last_published", TOMORROW, "successiva a oggi"),
    (_of_plan(DutyAssignment), "last_change", TOMORROW, "successiva a oggi"),
    (_of_plan(AttestationGrid), "year", 2030, "triennio 2024-2026"),
    (_of_plan(AttestationGrid), "survey_date", D(2020, 6, 10), "tra il 01/01/2023 e il 31/12/2027"),
    (_of_plan(Measure), "deadline", D(2027, 1, 1), "triennio 2024-2026"),
    (_of_plan(Measure), "deadline", D(2026, 12, 31), None),
    (
        _of_plan(MonitoringRecord, "measure__plan"),
        "date",
        D(1990, 7, 15),
        "tra il 01/01/2023 e il 31/12/2027",
    ),
    (_of_plan(MonitoringRecord, "measure__plan"), "date", TOMORROW, "successiva a oggi"),
    (_of_plan(Assessment, "process__plan"), "year", 2023, "triennio 2024-2026"),
    (_final_review, "reference_date", D(2025, 12, 31), None),
    (_final_review, "reference_date", D(2026, 1, 1), "entro il 31/12/2025"),
    (_final_review, "reference_date", D(1, 1, 1), "Data non plausibile"),
    (_of_plan(Review), "reference_date", D(2025, 1, 10), "cade nell'anno 2024"),
    (_of_plan(BehaviourAssessment), "assessed_on", D(1, 1, 1), "Data non plausibile"),
    (_of_plan(BehaviourAssessment), "assessed_on", D(2022, 12, 31), "tra il 01/01/2023 e il 31/12/2027"),
]


def _case_id(case) -> str:
    return f"{case[1]}={case[2]}"


@pytest.mark.parametrize("row, field, value, message", CASES, ids=[_case_id(c) for c in CASES])
def test_a_plan_row_refuses_what_cannot_be_true(casorate, row, field, value, message):
    if value is None:
        pytest.skip("oggi è già dopo il 2027: il caso non si può costruire")
    instance = row(casorate)
    assert instance is not None, "il demo non ha righe di questo tipo"
    setattr(instance, field, value)
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
        errors = {}
    except ValidationError as error:
        errors = error.message_dict
    if message is None:
        assert field not in errors, errors.get(field)
    else:
        assert message in " ".join(errors.get(field, [])), errors


def test_risk_settings_and_rpct_report_stay_in_the_plan(casorate):
    settings = RiskSettings(plan=casorate, report_due=D(2030, 1, 31))
    report = RpctReport(plan=casorate, year=2030)
    for row, field in ((settings, "report_due"), (report, "year")):
        with pytest.raises(ValidationError) as refused:
            row.full_clean(validate_unique=False)
        assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "kind, number, done_on, field",
    [
        ("percentage", Decimal(-50), None, "number"),
        ("percentage", Decimal("100.01"), None, "number"),
        ("percentage", Decimal(100), None, None),
        ("percentage", Decimal(0), None, None),
        ("number", Decimal(-50), None, None),  # a number may be negative (a balance)
        ("deadline", None, D(1990, 5, 10), "done_on"),
        ("deadline", None, D(2023, 1, 1), None),
        ("deadline", None, D(2024, 5, 10), None),
        ("deadline", None, D(2024, 8, 1), "done_on"),  # after the review's date
    ],
)
def test_review_values(casorate, kind, number, done_on, field):
    review = Review.objects.get(plan=casorate, pk=Review.objects.filter(plan=casorate).order_by("pk")[0].pk)
    assert review.reference_date == D(2024, 7, 31)
    indicator = review.objective.indicators.first()
    indicator.kind = kind
    value = ReviewValue(review=review, indicator=indicator, number=number, done_on=done_on)
    try:
        value.clean()
        errors = {}
    except ValidationError as error:
        errors = error.message_dict
    assert list(errors) == ([field] if field else [])


# --- the JSON import applies the same rules --------------------------------------------------


def _document(plan) -> dict:
    return json.loads(json.dumps(export_plan(plan, audience=Audience.BACKUP)))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["organization"]["figures"][0].update(year=3000), "tra il 1990 e il 2100"),
        (lambda d: d["organization"]["figures"][0].update(employees=100_000), "da 0 a 50.000"),
        (lambda d: d["employees"][0].update(start_date="1850-01-01"), "Data non plausibile"),
        (lambda d: d["objectives"][0].update(number=99_999_999_999), "va da 1 a 9.999"),
        (lambda d: d["access_requests"][0].update(received_on="9999-12-31"), "Data non plausibile"),
    ],
)
def test_the_import_refuses_what_the_forms_refuse(casorate, change, message):
    document = _document(casorate)
    change(document)
    with pytest.raises(ImportProblem, match=message):
        import_plan(document, slug="copia-fuori-misura")


@pytest.mark.parametrize(
    "row, field, value, only",
    [
        (
            _of_plan(YearlyFigures, "organization__plans"),
            "year",
            3000,
            "Indicare un anno tra il 1990 e il 2100.",
        ),
        (_of_plan(Employee), "start_date", D(1850, 1, 1), "Data non plausibile"),
        (_of_plan(AccessRequest), "received_on", D(9999, 12, 31), "Data non plausibile"),
        (_final_review, "reference_date", D(1, 1, 1), "Data non plausibile"),
    ],
)
def test_an_implausible_value_gets_one_message_not_two(casorate, row, field, value, only):
    instance = row(casorate)
    setattr(instance, field, value)
    with pytest.raises(ValidationError) as refused:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    messages = refused.value.message_dict[field]
    assert len(messages) == 1 and messages[0].startswith(only), messages
