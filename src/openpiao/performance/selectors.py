"""Reads of the performance section: a fixed number of queries whatever the plan's size."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from openpiao.organization_chart.models import OrgUnit
from openpiao.organization_chart.tree import link_parents

from .models import Indicator, Objective, Participation, StrategicObjective


def objectives_with_details(plan) -> QuerySet[Objective]:
    """Objectives with everything the scheda obiettivo prints, in 8 queries."""
    return (
        Objective.objects.filter(plan=plan)
        .select_related("unit__head", "unit__parent__head", "office", "strategic_objective")
        .prefetch_related(
            Prefetch("co_units", queryset=OrgUnit.objects.select_related("head", "parent__head")),
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets")),
            "phases",
            Prefetch("participations", queryset=Participation.objects.select_related("employee")),
            "resources",
        )
        .order_by("unit__order", "unit__name", "number")
    )


def get_objective_for(plan, objective_id: int, *, details: bool = True) -> Objective:
    """One objective of this plan, with its details unless `details` is False; the same 404 for
    an id that does not exist and one of another plan."""
    return get_object_or_404(objectives_with_details(plan) if details else plan.objectives, pk=objective_id)


def get_strategic_objective_for(plan, strategic_id: int) -> StrategicObjective:
    return get_object_or_404(plan.strategic_objectives, pk=strategic_id)


@dataclass(frozen=True)
class ListedObjective:
    """An objective as the list counts it: its unit, weight and whether it is a pre-requisito."""

    pk: int
    unit_id: int
    weight: Decimal | None
    is_prerequisite: bool


def objective_weights(plan) -> list[ListedObjective]:
    """Every objective of the plan by number, as plain values (one query, no model instance):
    enough for the units' weight totals and for paging the list."""
    rows = Objective.objects.filter(plan=plan).order_by("number", "pk")
    return [ListedObjective(*row) for row in rows.values_list("pk", "unit_id", "weight", "is_prerequisite")]


def plan_units(plan) -> list[OrgUnit]:
    """Units of the plan with their responsabile (one query)."""
    units = list(OrgUnit.objects.filter(plan=plan).select_related("head"))
    return link_parents(units)  # the responsabile of an office comes from the units above it


def listed_objectives(plan, ids: list[int]) -> dict[int, Objective]:
    """The objectives of one page of the list, by id, with indicator counts and co-units (2 queries)."""
    objectives = (
        Objective.objects.filter(plan=plan, pk__in=ids)
        .annotate(indicator_count=Count("indicators", distinct=True))
        .prefetch_related("co_units")
    )
    return {o.pk: o for o in objectives}
