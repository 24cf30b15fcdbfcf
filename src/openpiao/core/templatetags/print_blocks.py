"""Filters for the printed plan's HTML: runs of text with their bold and italic."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from openpiao.core.printing.blocks import BulletList, Heading, Paragraph, Table

register = template.Library()


@register.filter
def runs_html(content) -> str:
    """Runs as escaped HTML; a line break inside a run becomes <br>."""
    parts = []
    for run in content:
        text = escape(run.text).replace("\n", "<br>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        parts.append(text)
    return mark_safe("".join(parts))


@register.filter
def block_kind(block) -> str:
    """The kind of a text block, for the web preview of the ente's text."""
    for kind, cls in (("heading", Heading), ("paragraph", Paragraph), ("list", BulletList), ("table", Table)):
        if isinstance(block, cls):
            return kind
    return ""
