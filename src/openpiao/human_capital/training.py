"""Training plan checks. No Django import.

Budget (art. 55 CCNL Funzioni Locali 16/11/2022): the yearly training budget must be at least a
share (1%, reference data) of the monte salari of the staff concerned; the courses planned for the
year must fit in the budget.

Hours per employee: the planned (and completed) hours of each employee against the national
yearly target of the Funzione Pubblica directive in force for the year (24 hours from the
directive of 23/3/2023, 40 hours from 2025 per the directive of 14/1/2025: reference data).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from openpiao.core.formatting import it_money, it_percent
from openpiao.core.working import Step

from .hiring_capacity import money


@dataclass(frozen=True)
class HoursTarget:
    from_year: int
    hours: Decimal
    act: str


def hours_target_for(year: int, targets: list[HoursTarget]) -> HoursTarget | None:
    applicable = [t for t in targets if t.from_year <= year]
    return max(applicable, key=lambda t: t.from_year) if applicable else None


@dataclass
class BudgetResult:
    minimum: Decimal | None
    ok_minimum: bool | None
    ok_courses: bool | None
    verdicts: list[str]
    steps: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def check_budget(
    *,
    budget: Decimal | None,
    salary_mass: Decimal | None,
    courses_cost: Decimal,
    minimum_pct: Decimal,
    norm: str,
    year: int,
) -> BudgetResult:
    steps, verdicts, missing = [], [], []
    minimum = ok_minimum = ok_courses = None
    if budget is None:
        missing.append(f"stanziamento di bilancio per la formazione {year}")
    else:
        steps.append(Step(f"Stanziamento per la formazione {year}", budget, unit="€"))
    if salary_mass is None:
        missing.append("monte salari del personale destinatario")
    else:
        minimum = money(salary_mass * minimum_pct / 100)
        steps += [
            Step("Monte salari del personale destinatario", salary_mass, unit="€", norm=norm),
            Step("Quota minima per la formazione", minimum_pct, unit="%", norm=norm),
            Step("Stanziamento minimo", minimum, unit="€", formula="monte salari × quota minima", norm=norm),
        ]
    if budget is not None and minimum is not None:
        ok_minimum = budget >= minimum
        verdicts.append(
            f"Stanziamento {it_money(budget)} "
            + ("non inferiore" if ok_minimum else "inferiore")
            + f" al minimo di {it_money(minimum)} ({it_percent(minimum_pct)} del monte salari)."
        )
    steps.append(Step(f"Costo dei corsi programmati per il {year}", courses_cost, unit="€"))
    if budget is not None:
        ok_courses = courses_cost <= budget
        verdicts.append(
            f"Costo dei corsi {it_money(courses_cost)} "
            + ("entro lo" if ok_courses else "oltre lo")
            + f" stanziamento di {it_money(budget)}."
        )
    return BudgetResult(minimum, ok_minimum, ok_courses, verdicts, steps, missing)


@dataclass(frozen=True)
class EmployeeHours:
    key: str
    name: str
    unit: str
    planned: Decimal
    completed: Decimal
    planned_gap: Decimal  # hours missing to the target in the plan (0 if reached)
    completed_gap: Decimal


@dataclass
class HoursResult:
    target: HoursTarget | None
    rows: list[EmployeeHours]
    average_planned: Decimal | None
    short: list[EmployeeHours]

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "Nessun obiettivo nazionale di ore di formazione per l'anno."
        if not self.rows:
            return "Nessun dipendente."
        if not self.short:
            return f"Tutti i dipendenti raggiungono le {self.target.hours:g} ore programmate."
        return (
            f"{len(self.short)} dipendenti su {len(self.rows)} sotto le {self.target.hours:g} ore "
            f"annue ({self.target.act})."
        )


def hours_per_employee(
    *,
    employees: list[tuple[str, str, str]],
    enrolments: list[tuple[str, Decimal, bool]],
    target: HoursTarget | None,
) -> HoursResult:
    """employees: (key, name, unit); enrolments: (employee key, hours, completed)."""
    planned: dict[str, Decimal] = {}
    completed: dict[str, Decimal] = {}
    for key, hours, done in enrolments:
        planned[key] = planned.get(key, Decimal(0)) + hours
        if done:
            completed[key] = completed.get(key, Decimal(0)) + hours
    goal = target.hours if target else Decimal(0)
    rows = []
    for key, name, unit in employees:
        p, c = planned.get(key, Decimal(0)), completed.get(key, Decimal(0))
        rows.append(
            EmployeeHours(key, name, unit, p, c, max(Decimal(0), goal - p), max(Decimal(0), goal - c))
        )
    average = (
        (sum((r.planned for r in rows), Decimal(0)) / len(rows)).quantize(Decimal("0.1")) if rows else None
    )
    short = [r for r in rows if target and r.planned_gap > 0]
    return HoursResult(target, rows, average, short)
