from django import template

register = template.Library()


@register.filter
def pola_value(indicator, year):
    """The PolaValue of an indicator for a year (uses the prefetched values)."""
    return next((v for v in indicator.values.all() if v.year == int(year)), None)


@register.filter
def completed_count(course) -> int:
    return sum(1 for e in course.enrolments.all() if e.completed)
