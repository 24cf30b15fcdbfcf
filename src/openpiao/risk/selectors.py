"""Reads of the risk register, each in a fixed number of queries whatever the plan's size.

`risk_register(plan)` returns everything the pages and the printed PIAO (sottosezione 2.3)
need: processes by area with events, the year's assessment and its indicator judgments,
measures with their monitoring, the heat-map, and the gaps the RPCT must close.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from openpiao.performance.models import Objective

from . import judgment
from .catalogue import STARTER_MAP_KEY
from .integration import linkable_sections
from .models import (
    Assessment,
    IndicatorJudgment,
    Measure,
    MonitoringRecord,
    Process,
    RiskArea,
    RiskCatalogue,
    RiskIndicator,
    RiskSettings,
)
from .monitoring import measure_state


def level_order(scale: judgment.Scale) -> tuple[str, ...]:
    """The columns of the heat-map: the ente's levels from the highest, then «non valutati»."""
    return (*(key for key, _ in scale.descending), "")


def settings_for(plan) -> RiskSettings:
    """The plan's settings, or the defaults (unsaved) if nobody changed them."""
    try:
        return plan.risk_settings
    except RiskSettings.DoesNotExist:
        return RiskSettings(plan=plan)


def measures_queryset():
    return Measure.objects.select_related(
        "general_measure", "measure_type", "owner_unit", "objective__unit", "process__unit", "training_course"
    ).prefetch_related(Prefetch("monitoring", queryset=MonitoringRecord.objects.order_by("date", "pk")))


def processes_queryset(plan, year: int):
    assessments = Assessment.objects.filter(year=year).prefetch_related(
        Prefetch("judgments", queryset=IndicatorJudgment.objects.select_related("indicator"))
    )
    return (
        Process.objects.filter(plan=plan)
        .select_related("area", "unit__head")
        .prefetch_related(
            "events",
            Prefetch("assessments", queryset=assessments, to_attr="year_assessments"),
            Prefetch("measures", queryset=measures_queryset(), to_attr="measure_list"),
        )
    )


def _annotate_process(process: Process, today: date) -> Process:
    process.assessment = process.year_assessments[0] if process.year_assessments else None
    process.level = process.assessment.level if process.assessment else ""
    for measure in process.measure_list:
        _annotate_measure(measure, today)
    return process


def _annotate_measure(measure: Measure, today: date) -> Measure:
    measure.state = measure_state(deadline=measure.deadline, status=measure.status, today=today)
    records = list(measure.monitoring.all())
    measure.last_record = records[-1] if records else None
    return measure


@dataclass
class HeatRow:
    area: RiskArea
    counts: dict[str, int]
    order: tuple[str, ...] = ()

    scale: judgment.Scale = judgment.DEFAULT_SCALE

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(level, 0) for level in self.order]

    @property
    def shaded(self) -> list[tuple[int, str]]:
        """(count, shade) per column: the shade follows the level's place in the ente's scale."""
        return [(self.counts.get(level, 0), heat_shade(self.scale, level)) for level in self.order]


def heat_shade(scale: judgment.Scale, level: str) -> str:
    if not level:
        return "none"
    if scale.is_high(level):
        return "high"
    return "low" if scale.rank(level) == 0 else "medium"


@dataclass
class RiskRegister:
    year: int
    processes: list[Process]
    general_measures: list[Measure]
    areas: list[RiskArea]
    indicators: list[RiskIndicator]
    catalogue: RiskCatalogue | None
    heat_map: list[HeatRow] = field(default_factory=list)
    scale: judgment.Scale = judgment.DEFAULT_SCALE
    method: str = "qualitative"

    @property
    def heat_columns(self) -> list[str]:
        """The heat-map's column headings: the ente's levels from the highest, then the unassessed."""
        return [label for _, label in self.scale.descending] + ["Non valutati"]

    def label(self, level: str) -> str:
        return self.scale.label(level)

    @property
    def by_area(self) -> list[tuple[RiskArea, list[Process]]]:
        groups = {area.pk: (area, []) for area in self.areas}
        for process in self.processes:
            groups[process.area_id][1].append(process)
        return [group for group in groups.values() if group[1]]

    @property
    def by_level(self) -> list[tuple[str, list[Process]]]:
        return [(level, [p for p in self.processes if p.level == level]) for level in level_order(self.scale)]

    @property
    def all_measures(self) -> list[Measure]:
        return self.general_measures + [m for p in self.processes for m in p.measure_list]

    @property
    def unassessed(self) -> list[Process]:
        return [p for p in self.processes if not p.level]

    @property
    def high_without_measure(self) -> list[Process]:
        return [p for p in self.processes if self.scale.is_high(p.level) and not p.measure_list]

    @property
    def incomplete_measures(self) -> list[Measure]:
        return [m for m in self.all_measures if m.missing]

    @property
    def late_measures(self) -> list[Measure]:
        return [m for m in self.all_measures if m.state.late]

    @property
    def mandatory_areas_missing(self) -> list[RiskArea]:
        mapped = {p.area_id for p in self.processes}
        return [a for a in self.areas if a.mandatory_for_small and a.code != "L16E" and a.pk not in mapped]


def risk_register(plan, *, year: int | None = None, today: date | None = None) -> RiskRegister:
    """The whole register of a plan for `year` (default: the plan's reference year): 12 queries."""
    year = year or plan.reference_year
    today = today or date.today()
    processes = [_annotate_process(p, today) for p in processes_queryset(plan, year)]
    general = [
        _annotate_measure(m, today)
        for m in measures_queryset()
        .filter(plan=plan, process__isnull=True)
        .order_by("general_measure__code", "pk")
    ]
    areas = list(RiskArea.objects.all())
    settings = settings_for(plan)
    order = level_order(settings.level_scale)
    counts = Counter((p.area_id, p.level) for p in processes)
    heat = [
        HeatRow(area, {level: counts[(area.pk, level)] for level in order}, order, settings.level_scale)
        for area in areas
        if any(counts[(area.pk, level)] for level in order)
    ]
    return RiskRegister(
        year=year,
        processes=processes,
        general_measures=general,
        areas=areas,
        indicators=list(indicators_for(plan.organization)),
        catalogue=starter_map_version(),
        heat_map=heat,
        scale=settings.level_scale,
        method=settings.method,
    )


def indicators_for(organization):
    """The PNA 2019 indicators plus the ente's own."""
    from django.db.models import Q

    return RiskIndicator.objects.filter(Q(organization__isnull=True) | Q(organization=organization))


def starter_map_version() -> RiskCatalogue | None:
    """The loaded version of the starter map (the page credits it)."""
    return RiskCatalogue.objects.filter(key=STARTER_MAP_KEY).first()


def get_process_for(plan, process_id: int) -> Process:
    """One process of this plan with its details; 404 for another plan's."""
    process = get_object_or_404(processes_queryset(plan, plan.reference_year), pk=process_id)
    return _annotate_process(process, date.today())


def get_measure_for(plan, measure_id: int) -> Measure:
    return _annotate_measure(
        get_object_or_404(measures_queryset().filter(plan=plan), pk=measure_id), date.today()
    )


@dataclass
class MapRow:
    """One process of the mappa integrata: the sections it serves, its objectives (chosen, and
    derived from its measures' objectives), its measures with their last monitoring."""

    process: Process
    sections: set[str]
    objectives: list
    derived_objectives: list
    measures: list

    @property
    def linked(self) -> bool:
        return bool(self.sections or self.objectives or self.derived_objectives)


@dataclass
class IntegratedMap:
    sections: list  # the columns: plans.sections.SectionSpec
    rows: list[MapRow]

    @property
    def any_linked(self) -> bool:
        return any(row.linked for row in self.rows)


def integrated_map(plan) -> IntegratedMap:
    """The mappa integrata dei processi (PNA 2025) in four queries whatever the plan's size."""
    processes = (
        Process.objects.filter(plan=plan)
        .select_related("area", "unit")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.select_related("unit")),
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("objective__unit").prefetch_related(
                    Prefetch("monitoring", queryset=MonitoringRecord.objects.order_by("date", "pk"))
                ),
            ),
        )
    )
    rows = []
    for process in processes:
        chosen = list(process.objectives.all())
        measures = list(process.measures.all())
        derived = {m.objective.pk: m.objective for m in measures if m.objective and m.objective not in chosen}
        for measure in measures:
            records = list(measure.monitoring.all())
            measure.last_record = records[-1] if records else None
        rows.append(
            MapRow(
                process,
                set(process.piao_sections),
                chosen,
                sorted(derived.values(), key=lambda o: (o.unit.order, o.unit.name, o.number)),
                measures,
            )
        )
    return IntegratedMap(linkable_sections(plan.kind), rows)
