"""The shapes the API reads and writes. Decimals travel as strings ("1250.40"), dates as
AAAA-MM-GG, rows of the plan refer to each other by the codes of the JSON document (unit
`code`, employee `key`), never by another ente's ids."""

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# --- objectives -------------------------------------------------------------------------------


class IndicatorOut(Schema):
    id: int
    order: int
    description: str
    kind: str
    direction: str
    measure_unit: str
    baseline: str
    weight: Decimal | None
    targets: dict[int, str]


class PhaseOut(Schema):
    id: int
    order: int
    description: str
    months: list[int]
    schedule_note: str


class ParticipationOut(Schema):
    id: int
    employee: str
    headcount: int | None
    percent: Decimal | None
    hours: Decimal | None
    hourly_cost: Decimal | None


class ObjectiveOut(Schema):
    id: int
    version: int
    unit: str
    office: str | None
    co_units: list[str]
    number: int
    kind: str
    kind_label: str
    is_prerequisite: bool
    title: str
    list_title: str
    description: str
    strategic_objective: str | None
    weight: Decimal | None
    first_year: int
    last_year: int
    cost_centre: str
    budget_chapter: str
    budget_amount: Decimal | None
    simplification: bool
    digitalisation: bool
    accessibility: bool
    equal_opportunity: bool
    remote_workable: bool
    reward_note: str
    indicators: list[IndicatorOut]
    phases: list[PhaseOut]
    participations: list[ParticipationOut]


class ObjectiveFields(Strict):
    """The fields of the objective's form; relations by code."""

    unit: str | None = None
    office: str | None = None  # the code of an office within the unit
    co_units: list[str] | None = None
    number: int | None = None
    kind: str | None = None
    kind_label: str | None = None
    is_prerequisite: bool | None = None
    title: str | None = None
    list_title: str | None = None
    description: str | None = None
    strategic_objective: str | None = None
    weight: Decimal | None = None
    first_year: int | None = None
    last_year: int | None = None
    cost_centre: str | None = None
    budget_chapter: str | None = None
    budget_amount: Decimal | None = None
    simplification: bool | None = None
    digitalisation: bool | None = None
    accessibility: bool | None = None
    equal_opportunity: bool | None = None
    remote_workable: bool | None = None
    reward_note: str | None = None


class ObjectiveChange(ObjectiveFields):
    expected_version: int


class IndicatorRowIn(Strict):
    id: int | None = None
    delete: bool = False
    order: int | None = None
    description: str | None = None
    kind: str | None = None
    direction: str | None = None
    measure_unit: str | None = None
    baseline: str | None = None
    weight: Decimal | None = None
    targets: dict[int, str] = {}


class PhaseRowIn(Strict):
    id: int | None = None
    delete: bool = False
    order: int | None = None
    description: str | None = None
    months: list[int] | None = None
    schedule_note: str | None = None


class ParticipationRowIn(Strict):
    id: int | None = None
    delete: bool = False
    employee: str | None = None
    headcount: int | None = None
    percent: Decimal | None = None
    hours: Decimal | None = None
    hourly_cost: Decimal | None = None


class IndicatorsIn(Strict):
    expected_version: int
    rows: list[IndicatorRowIn]


class PhasesIn(Strict):
    expected_version: int
    rows: list[PhaseRowIn]


class ParticipationsIn(Strict):
    expected_version: int
    rows: list[ParticipationRowIn]


# --- reviews (monitoraggio) -------------------------------------------------------------------


class MeasuredIn(Strict):
    indicator: int
    number: Decimal | None = None
    flag: bool | None = None
    done_on: date | None = None
    text: str = ""
    note: str = ""


class PhaseProgressIn(Strict):
    phase: int
    actual_months: list[int] = []
    completed: bool = False


class ReviewIn(Strict):
    expected_version: int = 0
    reference_date: date
    causes: str = ""
    effects: str = ""
    actions_taken: str = ""
    actions_planned: str = ""
    values: list[MeasuredIn] = []
    phases: list[PhaseProgressIn] = []


class MeasuredOut(Schema):
    indicator: int
    number: Decimal | None
    flag: bool | None
    done_on: date | None
    text: str
    note: str


class ReviewOut(Schema):
    id: int
    version: int
    objective: int
    kind: str
    revision: int
    reference_date: date | None
    validated: bool
    causes: str
    effects: str
    actions_taken: str
    actions_planned: str
    values: list[MeasuredOut]


# --- risk register ----------------------------------------------------------------------------


class ProcessOut(Schema):
    id: int
    version: int
    code: str
    area: str
    unit: str | None
    name: str
    description: str
    owner: str
    events: list[str]


class MeasureOut(Schema):
    id: int
    version: int
    kind: str
    general_measure: str | None
    measure_type: str
    process: str | None
    title: str
    description: str
    owner_unit: str | None
    deadline: date | None
    indicator: str
    target: str
    status: str


class MeasureChange(Strict):
    expected_version: int
    title: str | None = None
    description: str | None = None
    deadline: date | None = None
    indicator: str | None = None
    target: str | None = None
    status: str | None = None


class MonitoringIn(Strict):
    date: date
    status: str
    value: str = ""
    evidence: str = ""


# --- transparency map -------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    version: int
    duty: str
    duty_name: str
    section: str
    producing_unit: str | None
    publishing_unit: str | None
    page_url: str
    last_published: date | None
    last_change: date | None
    not_applicable: bool
    not_applicable_reason: str


class AssignmentChange(Strict):
    expected_version: int
    producing_unit: str | None = None
    publishing_unit: str | None = None
    page_url: str | None = None
    last_published: date | None = None
    last_change: date | None = None
    not_applicable: bool | None = None
    not_applicable_reason: str | None = None
