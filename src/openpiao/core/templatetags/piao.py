"""Template filters in Italian style, loaded as builtins in every template."""

from decimal import Decimal

from django import template

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
