"""What the pages of the measurement cycle share: their URL arguments, breadcrumbs and the
pages of a long list of objectives."""

from dataclasses import dataclass, replace

from openpiao.core.paging import Pages, paginate
from openpiao.plans.access import plan_url

OBJECTIVES_PER_PAGE = 50  # a comune's plan fits in one page; a large one is read unit by unit


@dataclass
class UnitPage:
    """One page of the objectives listed unit by unit: the units with their objectives on this
    page (each unit's score is the unit's, whatever page its objectives fall on)."""

    pages: Pages
    units: list  # selectors.UnitResult, with only this page's objectives

    @property
    def objectives(self) -> list:
        return [r for u in self.units for r in u.objectives]

    @property
    def paged(self) -> bool:
        return self.pages.paged

    @property
    def page(self):
        return self.pages.page

    @property
    def query(self) -> str:
        return self.pages.query


def unit_page(request, units) -> UnitPage:
    """The page `?pagina=` of the objectives of `units` (selectors.UnitResult), in their order."""
    pages = paginate(
        request, [(unit, result) for unit in units for result in unit.objectives], OBJECTIVES_PER_PAGE
    )
    grouped: list = []
    for unit, result in pages.page.object_list:
        if grouped and grouped[-1][0] is unit:
            grouped[-1][1].append(result)
        else:
            grouped.append((unit, [result]))
    return UnitPage(pages, [replace(u, objectives=own) for u, own in grouped])


def urlargs(request) -> tuple:
    return request.organization.slug, request.plan.first_year


def section_trail(request, *items) -> list:
    """Breadcrumbs below the plan: «Monitoraggio e valutazione», then the page."""
    return [("Monitoraggio e valutazione", plan_url(request.plan, "evaluation:dashboard")), *items]


def objective_trail(request, objective, *items) -> list:
    link = plan_url(request.plan, "evaluation:objective", objective.pk)
    return section_trail(request, (f"Verifiche: {objective.title[:50]}", link), *items)
