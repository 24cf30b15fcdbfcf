"""Template filters in Italian style, loaded as builtins in every template."""

from decimal import Decimal

from django import template
from django.urls import reverse

from openpiao.core.formatting import it_money, it_number, it_percent

register = template.Library()


@register.filter
def num(value, decimals=None):
    """{{ 1234.5|num }} → 1.234,5; {{ x|num:2 }} → 1.234,50."""
    return it_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def money(value):
    return it_money(value)


@register.filter
def pct(value, decimals=None):
    return it_percent(value, None if decimals in (None, "") else int(decimals))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def target_text(indicator, year):
    """The valore atteso of an indicator for a year (uses prefetched targets)."""
    target = indicator.target_for(int(year))
    return target.value if target else ""


@register.filter
def step_value(step):
    """Format a core.working.Step value: numbers the Italian way with their unit, text as is."""
    value = step.value
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if step.unit == "€":
        return it_money(value)
    return f"{it_number(value)} {step.unit}".strip() if step.unit != "%" else it_percent(value)


@register.simple_tag(takes_context=True)
def breadcrumb_items(context) -> list[tuple[str, str | None]]:
    """I miei enti, the ente, the plan, then the view's `trail` of (label, url): the last item
    is the page itself, shown without a link or a separator after it."""
    request = context["request"]
    items = [("I miei enti", reverse("organizations:list"))]
    organization = getattr(request, "organization", None)
    if organization is not None:
        items.append((organization.name, reverse("organizations:home", args=[organization.slug])))
        plan = getattr(request, "plan", None)
        if plan is not None:
            plan_page = reverse("plans:detail", args=[organization.slug, plan.first_year])
            items.append((plan.display_title, plan_page))
    items.extend(context.get("trail") or [])
    return items
