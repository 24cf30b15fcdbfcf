"""Reads of the transparency section, each in a fixed number of queries.

`duty_map(plan)` returns the tree (level-1 sections → level-2 sections → the ente's duties) with
each duty's due status; `transparency_summary` the figures the RPCT's report and the printed
PIAO need; `access_register` the register with terms and yearly counts.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from openpiao.core.catalogues import Table, read_catalogue

from . import access_terms
from .catalogue import access_term
from .models import (
    AccessRequest,
    AttestationGrid,
    AttestationRow,
    Duty,
    DutyAssignment,
    DutyCatalogue,
    Section,
    TransparencySettings,
)
from .site_tree import Finding, MapSection, RuleNode, check


def settings_for(plan) -> TransparencySettings:
    try:
        return plan.transparency_settings
    except TransparencySettings.DoesNotExist:
        return TransparencySettings(plan=plan)


@dataclass
class SectionGroup:
    section: Section
    assignments: list[DutyAssignment]


@dataclass
class IndexEntry:
    """A first-level sotto-sezione of the map, with its duties (as filtered) and those overdue."""

    section: Section
    duties: int
    overdue: int


@dataclass
class MapPage:
    """One first-level sotto-sezione of Amministrazione trasparente, and the way to the others
    (the whole map is some 120 duties: one page of them all was 24,000 pixels tall)."""

    section: Section | None
    groups: list[SectionGroup]
    index: list[IndexEntry]
    previous: IndexEntry | None
    next: IndexEntry | None


@dataclass
class DutyMap:
    groups: list[tuple[Section, list[SectionGroup]]]
    assignments: list[DutyAssignment]
    catalogue: DutyCatalogue | None
    settings: TransparencySettings
    total_duties: int

    @property
    def overdue(self) -> list[DutyAssignment]:
        return [a for a in self.assignments if a.status.is_overdue]

    @property
    def overdue_by_unit(self) -> list[tuple[str, list[DutyAssignment]]]:
        table = defaultdict(list)
        for a in self.overdue:
            unit = a.producing_unit or a.publishing_unit  # who must produce the data
            table[unit.name if unit else "Senza unità responsabile"].append(a)
        return sorted(table.items())

    @property
    def without_unit(self) -> list[DutyAssignment]:
        return [
            a
            for a in self.assignments
            if not a.not_applicable and not (a.producing_unit_id and a.publishing_unit_id)
        ]

    @property
    def not_applicable(self) -> list[DutyAssignment]:
        return [a for a in self.assignments if a.not_applicable]

    def page(self, code: str | None) -> MapPage:
        """The first-level sotto-sezione `code`, or the first one when the (filtered) map has
        no duty under `code`."""
        index = [
            IndexEntry(
                top,
                sum(len(g.assignments) for g in children),
                sum(a.status.is_overdue for g in children for a in g.assignments),
            )
            for top, children in self.groups
        ]
        if not index:
            return MapPage(None, [], [], None, None)
        here = next((i for i, entry in enumerate(index) if entry.section.code == code), 0)
        return MapPage(
            section=index[here].section,
            groups=self.groups[here][1],
            index=index,
            previous=index[here - 1] if here > 0 else None,
            next=index[here + 1] if here + 1 < len(index) else None,
        )


def assignments_queryset(plan):
    return DutyAssignment.objects.filter(plan=plan).select_related(
        "duty__section__parent", "producing_unit", "publishing_unit"
    )


def duty_map(
    plan, *, today: date | None = None, unit_id: int | None = None, overdue_only: bool = False
) -> DutyMap:
    """The ente's map as a tree, filtered by unit or to the overdue duties: 5 queries."""
    today = today or date.today()
    settings = settings_for(plan)
    assignments = list(assignments_queryset(plan).order_by("duty__section__order", "duty__order"))
    for a in assignments:
        a.status = a.due_status(today=today, timely_days=settings.timely_days)
    shown = assignments
    if unit_id:
        shown = [a for a in shown if unit_id in (a.producing_unit_id, a.publishing_unit_id)]
    if overdue_only:
        shown = [a for a in shown if a.status.is_overdue]
    tree: dict[int, tuple[Section, dict[int, SectionGroup]]] = {}
    for a in shown:
        section = a.duty.section
        top = tree.setdefault(section.parent_id, (section.parent, {}))[1]
        top.setdefault(section.pk, SectionGroup(section, [])).assignments.append(a)
    groups = [(parent, list(children.values())) for parent, children in tree.values()]
    return DutyMap(
        groups=groups,
        assignments=assignments,
        catalogue=DutyCatalogue.objects.first(),
        settings=settings,
        total_duties=Duty.objects.count(),
    )


def get_assignment_for(plan, assignment_id: int) -> DutyAssignment:
    return get_object_or_404(assignments_queryset(plan), pk=assignment_id)


def get_access_request_for(plan, request_id: int) -> AccessRequest:
    return get_object_or_404(plan.access_requests, pk=request_id)


@dataclass
class AccessRegister:
    requests: list[AccessRequest]
    counts: list[access_terms.YearCount]

    @property
    def late(self) -> list[AccessRequest]:
        return [r for r in self.requests if r.term.is_late]

    def count(self, year: int, kind: str) -> int:
        return next((c.received for c in self.counts if c.year == year and c.kind == kind), 0)


def access_register(plan, *, today: date | None = None) -> AccessRegister:
    """The register with each request's term and the counts per year and kind: 1 query."""
    today = today or date.today()
    requests = list(AccessRequest.objects.filter(plan=plan).select_related("unit"))
    for r in requests:
        days, norm = access_term(r.kind)
        r.term = access_terms.answer_term(
            received_on=r.received_on, answered_on=r.answered_on, today=today, days=days, norm=norm
        )
    counts = access_terms.yearly_counts((r.received_on.year, r.kind, r.term) for r in requests)
    return AccessRegister(requests, counts)


def grid_for(plan, year: int) -> AttestationGrid | None:
    return (
        AttestationGrid.objects.filter(plan=plan, year=year)
        .prefetch_related(
            Prefetch("rows", queryset=AttestationRow.objects.select_related("duty__section__parent"))
        )
        .first()
    )


def transparency_summary(plan, *, today: date | None = None) -> dict:
    """The figures of the transparency map and the access register for the RPCT's report."""
    data = duty_map(plan, today=today)
    return {
        "mapped": len(data.assignments),
        "not_applicable": len(data.not_applicable),
        "overdue": len(data.overdue),
        "access_counts": access_register(plan, today=today).counts,
    }


TREE_FILE = "trasparenzai_albero.yaml"


def rule_tree() -> list[RuleNode]:
    nodes = read_catalogue(TREE_FILE, Table("nodes", "key"))["nodes"]
    return [RuleNode(n["key"], n["parent"], n["section"], tuple(n["terms"])) for n in nodes]


def site_tree_findings(plan) -> list[Finding]:
    """The sections of the ente's Amministrazione trasparente that the PUT's check would fail
    (transparency.site_tree), from its map: two queries."""
    counts = (
        DutyAssignment.objects.filter(plan=plan)
        .values("duty__section__code")
        .annotate(duties=Count("pk"), published=Count("pk", filter=~Q(page_url="")))
    )
    own = {row["duty__section__code"]: (row["duties"], row["published"]) for row in counts}
    sections = {}
    catalogue = list(Section.objects.select_related("parent"))
    for section in catalogue:
        children = [s for s in catalogue if s.parent_id == section.pk]
        codes = [section.code, *(s.code for s in children)]
        duties = sum(own.get(code, (0, 0))[0] for code in codes)
        published = sum(own.get(code, (0, 0))[1] for code in codes)
        # A first level applies when one of its sub-sections does.
        marks = [s.applicable_to_municipalities for s in children] or [section.applicable_to_municipalities]
        applies = any(mark != "no" for mark in marks)
        sections[section.code] = MapSection(section.code, section.name, applies, duties, published)
    return check(rule_tree(), sections)
