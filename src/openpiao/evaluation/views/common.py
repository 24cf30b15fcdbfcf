"""What the pages of the measurement cycle share: their URL arguments and breadcrumbs."""

from openpiao.plans.access import plan_url


def urlargs(request) -> tuple:
    return request.organization.slug, request.plan.first_year


def section_trail(request, *items) -> list:
    """Breadcrumbs below the plan: «Monitoraggio e valutazione», then the page."""
    return [("Monitoraggio e valutazione", plan_url(request.plan, "evaluation:dashboard")), *items]


def objective_trail(request, objective, *items) -> list:
    link = plan_url(request.plan, "evaluation:objective", objective.pk)
    return section_trail(request, (f"Verifiche: {objective.title[:50]}", link), *items)
