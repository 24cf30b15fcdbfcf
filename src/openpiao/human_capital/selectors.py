"""Reads of Sezione 3: everything its pages, the export and the printed PIAO need, in a fixed
number of queries whatever the number of employees, hires, courses or agreements.

Each page loads only what it shows: `staffing`, `smart_working`, `training`, `positive_actions`,
and `overview` for the section's first page. `section3(plan)` assembles them all (the printed
Sezione 3, the JSON export, the readiness check); every result carries both the rows and every
computed figure (with its working), so the pages, the export and the printer show the same numbers.
"""

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from openpiao.organization_chart.models import Employee
from openpiao.organizations.models import YearlyFigures

from . import reference
from .gender_balance import BalanceResult, check_gender_gap
from .headcount import UNDECLARED, StaffRow, dotazione_organica, gender_tables
from .hiring_capacity import CapacityInputs, CapacityResult, compute_hiring_capacity
from .models import (
    ActivityMapEntry,
    Cessation,
    Course,
    Enrolment,
    PlannedHire,
    PolaDimension,
    PolaIndicator,
    PositiveActionArea,
    SmartWorkingAgreement,
    StaffingInputs,
    TrainingArea,
    TrainingPlan,
)
from .narrative import staffing_paragraph
from .smart_working import answer_term, presence_prevails
from .spending_caps import CheckResult, check_557, check_flexible_work
from .training import BudgetResult, HoursResult, check_budget, hours_per_employee, hours_target_for

DIMENSION_ORDER = {value: n for n, value in enumerate(PolaDimension.values)}


def get_row_for(plan, model, row_id: int):
    """A row of Sezione 3 of the table `model`, inside this plan: the same 404 for an id that
    does not exist and one of another plan."""
    return get_object_or_404(model.objects.filter(plan=plan), pk=row_id)


def staff_row(employee: Employee) -> StaffRow:
    return StaffRow(
        key=employee.key,
        gender=employee.gender,
        unit=employee.unit.name,
        unit_order=employee.unit.order,
        area=employee.area,
        old_category=employee.old_category,
        economic_position=employee.economic_position,
        job_title=employee.job_title,
        profile=employee.profile,
        part_time=employee.is_part_time,
        contract=employee.contract_type,
        is_eq_holder=employee.is_eq_holder,
    )


def staff_rows(employees: list[Employee]) -> list[StaffRow]:
    """One row per person: a row by category («5 Istruttori C1») counts as that many people."""
    return [row for e in employees for row in [staff_row(e)] * e.headcount]


def _employees(plan) -> list[Employee]:
    """Everyone of the plan with its unit (one query): each page keeps those it counts."""
    return list(
        Employee.objects.filter(plan=plan).select_related("unit").order_by("unit__order", "last_name", "key")
    )


def _in_service(plan, everyone: list[Employee]) -> list[Employee]:
    """The staff the plan describes: in service at 31/12 of the year before the triennium."""
    return [e for e in everyone if e.in_service_on(plan.staff_day)]


@dataclass
class Staffing:
    """Fabbisogni di personale (3.3): staff, cessations, hires, hiring capacity and the caps."""

    plan: object
    employees: list
    staff: list[StaffRow]
    inhabitants: int | None
    inputs: StaffingInputs | None
    cessations: list
    hires: list
    capacity: CapacityResult
    check_557: CheckResult
    check_flexible: CheckResult
    narrative: str
    dotazione: list
    headcount_31_12: int
    figures_employees: int | None  # employees at 31/12 declared in Sezione 1

    @property
    def first_year_hires(self) -> list:
        return [h for h in self.hires if h.year == self.plan.first_year]


@dataclass
class SmartWorking:
    """Lavoro agile (3.2): POLA indicators, the activity map, the agreements."""

    pola_indicators: list
    activity_map: list
    agreements: list  # (agreement, presence result, answer term)


@dataclass
class Training:
    """Formazione: the plan, its areas and courses, the budget and the hours per employee."""

    training_plan: TrainingPlan | None
    training_areas: list
    courses: list
    budget: BudgetResult
    hours: HoursResult

    @property
    def courses_by_area(self) -> list[tuple]:
        """(training area, its courses), in the areas' order: one pass over the courses."""
        grouped = {area.pk: (area, []) for area in self.training_areas}
        for course in self.courses:
            grouped[course.area_id][1].append(course)
        return list(grouped.values())


@dataclass
class GenderBalance:
    """The gender tables of the staff and the art. 48 check (no query: from the staff rows)."""

    gender: dict
    gender_checks: list[BalanceResult]


@dataclass
class PositiveActions(GenderBalance):
    """Azioni positive: the gender balance and the areas with their actions."""

    action_areas: list


@dataclass
class Overview(Staffing, GenderBalance):
    """The section's first page: the verdicts of staffing, training and gender balance."""

    budget: BudgetResult
    hours: HoursResult


@dataclass
class Section3(Staffing, SmartWorking, Training, PositiveActions):
    """Everything of Sezione 3, for the printed plan, the JSON export and the readiness check."""


def _capacity(plan, inputs: StaffingInputs | None, inhabitants, hires, cessations) -> CapacityResult:
    year = plan.first_year
    hires_cost = sum((h.annual_cost for h in hires if h.year == year and h.is_permanent), Decimal(0))
    saving = sum((c.annual_cost or Decimal(0) for c in cessations if c.year == year), Decimal(0))
    data = inputs or StaffingInputs()
    return compute_hiring_capacity(
        CapacityInputs(
            year=year,
            inhabitants=inhabitants,
            spending=data.personnel_spending,
            spending_year=data.spending_year,
            revenues=data.revenues,
            revenue_years=data.revenue_years,
            fcde=data.fcde,
            net_revenues=data.net_revenues,
            spending_2018=data.spending_2018,
            unused_past_capacity=data.unused_past_capacity,
            planned_spending=data.planned_spending,
            hires_cost=hires_cost,
            cessations_saving=saving,
        ),
        reference.capacity_tables(),
    )


def staffing(plan, *, everyone: list[Employee] | None = None) -> Staffing:
    employees = _in_service(plan, _employees(plan) if everyone is None else everyone)
    staff = staff_rows(employees)
    figures = {f.year: f for f in YearlyFigures.objects.filter(organization=plan.organization_id)}
    last = figures.get(plan.first_year - 1)
    inputs = StaffingInputs.objects.filter(plan=plan).first()
    cessations = list(Cessation.objects.filter(plan=plan).select_related("employee", "unit"))
    hires = list(PlannedHire.objects.filter(plan=plan).select_related("unit"))
    capacity = _capacity(plan, inputs, last.inhabitants if last else None, hires, cessations)
    data = inputs or StaffingInputs()
    c557 = check_557(
        average_2011_2013=data.average_2011_2013,
        spending=data.spending_557,
        year=plan.first_year,
        norm=reference.norm_557(),
    )
    flexible = check_flexible_work(
        base_amount=data.flexible_base,
        base_label=data.flexible_base_label,
        planned=data.flexible_planned,
        year=plan.first_year,
        respects_557=c557.ok,
        substitute_limit=data.flexible_substitute_limit,
        substitute_act=data.flexible_substitute_act,
        rules=reference.flexible_work_rules(),
    )
    result = Staffing(
        plan=plan,
        employees=employees,
        staff=staff,
        inhabitants=last.inhabitants if last else None,
        inputs=inputs,
        cessations=cessations,
        hires=hires,
        capacity=capacity,
        check_557=c557,
        check_flexible=flexible,
        narrative="",
        dotazione=dotazione_organica(staff),
        headcount_31_12=len(staff),
        figures_employees=last.employees if last else None,
    )
    result.narrative = staffing_paragraph(
        organization=plan.organization.name,
        year=plan.first_year,
        capacity=capacity,
        check_557=c557,
        check_flexible=flexible,
        spending_year=data.spending_year,
        hires=len(result.first_year_hires),
    )
    return result


def smart_working(plan, *, today: date | None = None) -> SmartWorking:
    today = today or date.today()
    rules = reference.smart_working_rules()
    agreements = [
        (
            a,
            presence_prevails(
                remote_days=a.remote_days,
                period=a.period,
                weekly_working_days=a.weekly_working_days,
                derogation=a.presence_derogation,
                rules=rules,
            ),
            answer_term(
                requested_on=a.requested_on,
                answered_on=a.answered_on,
                today=today,
                term_days=rules.answer_term_days,
            ),
        )
        for a in SmartWorkingAgreement.objects.filter(plan=plan).select_related("employee", "employee__unit")
    ]
    return SmartWorking(
        pola_indicators=sorted(
            PolaIndicator.objects.filter(plan=plan).prefetch_related("values"),
            key=lambda i: (DIMENSION_ORDER.get(i.dimension, 99), i.order, i.pk),
        ),
        activity_map=list(ActivityMapEntry.objects.filter(plan=plan).select_related("unit")),
        agreements=agreements,
    )


def _training_figures(plan, everyone: list[Employee]) -> tuple:
    """The training plan, its courses with their enrolments, the budget check and the hours."""
    # Training is for the staff of the first year of the triennium.
    trainees = [e for e in everyone if e.in_service_on(date(plan.first_year, 1, 1))]
    training_plan = TrainingPlan.objects.filter(plan=plan).first()
    courses = list(
        Course.objects.filter(plan=plan)
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("employee").order_by(
                    "employee__last_name", "employee__key"
                ),
            )
        )
    )
    year_courses = [c for c in courses if c.year == plan.first_year]
    minimum_pct, norm = reference.training_minimum()
    budget = check_budget(
        budget=training_plan.year_budget if training_plan else None,
        salary_mass=training_plan.salary_mass if training_plan else None,
        courses_cost=sum((c.cost for c in year_courses), Decimal(0)),
        minimum_pct=minimum_pct,
        norm=norm,
        year=plan.first_year,
    )
    hours = hours_per_employee(
        employees=[(e.key, str(e), e.unit.name) for e in trainees],
        enrolments=[
            (en.employee.key, c.hours, en.completed) for c in year_courses for en in c.enrolments.all()
        ],
        target=hours_target_for(plan.first_year, reference.hours_targets()),
    )
    return training_plan, courses, budget, hours


def training(plan, *, everyone: list[Employee] | None = None) -> Training:
    training_plan, courses, budget, hours = _training_figures(
        plan, _employees(plan) if everyone is None else everyone
    )
    return Training(
        training_plan=training_plan,
        training_areas=list(TrainingArea.objects.filter(plan=plan)),
        courses=courses,
        budget=budget,
        hours=hours,
    )


def gender_balance(staff: list[StaffRow]) -> GenderBalance:
    tables = gender_tables(staff)
    threshold, gender_norm = reference.gender_gap_threshold()
    heads = tables["responsabili"]
    return GenderBalance(
        gender=tables,
        gender_checks=[
            check_gender_gap(
                group="Personale in servizio",
                women=sum(1 for s in staff if s.gender == "F"),
                men=sum(1 for s in staff if s.gender == "M"),
                undeclared=sum(1 for s in staff if s.gender == UNDECLARED),
                threshold=threshold,
                norm=gender_norm,
            ),
            check_gender_gap(
                group="Responsabili (titolari di E.Q.)",
                women=heads.cell("eq", "F"),
                men=heads.cell("eq", "M"),
                undeclared=heads.cell("eq", UNDECLARED),
                threshold=threshold,
                norm=gender_norm,
            ),
        ],
    )


def positive_actions(plan) -> PositiveActions:
    staff = staff_rows(_in_service(plan, _employees(plan)))
    return PositiveActions(
        **_fields(gender_balance(staff)),
        action_areas=list(PositiveActionArea.objects.filter(plan=plan).prefetch_related("actions")),
    )


def overview(plan) -> Overview:
    everyone = _employees(plan)
    part = staffing(plan, everyone=everyone)
    _, _, budget, hours = _training_figures(plan, everyone)
    return Overview(**_fields(part), **_fields(gender_balance(part.staff)), budget=budget, hours=hours)


def section3(plan, *, today: date | None = None) -> Section3:
    """Every page's data at once (the printed Sezione 3, the export, the readiness check)."""
    everyone = _employees(plan)
    part = staffing(plan, everyone=everyone)
    return Section3(
        **_fields(part),
        **_fields(smart_working(plan, today=today)),
        **_fields(training(plan, everyone=everyone)),
        **_fields(gender_balance(part.staff)),
        action_areas=list(PositiveActionArea.objects.filter(plan=plan).prefetch_related("actions")),
    )


def _fields(part) -> dict:
    """A part's fields by name, the same objects (dataclasses.asdict would copy them)."""
    return {f.name: getattr(part, f.name) for f in dataclass_fields(part)}
