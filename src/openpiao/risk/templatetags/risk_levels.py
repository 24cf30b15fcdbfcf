"""The badge of a risk level on the ente's own scale: its name and a colour by position."""

from django import template
from django.utils.html import format_html

from openpiao.risk.judgment import DEFAULT_SCALE
from openpiao.risk.selectors import heat_shade

register = template.Library()


@register.simple_tag(takes_context=True)
def level_badge(context, level: str):
    register_data = context.get("register")
    scale = context.get("scale") or getattr(register_data, "scale", None) or DEFAULT_SCALE
    if not level or level not in scale.keys:
        return format_html('<span class="badge risk-none">{}</span>', "Non valutato")
    return format_html('<span class="badge risk-{}">{}</span>', heat_shade(scale, level), scale.label(level))
