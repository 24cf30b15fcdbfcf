"""The ente's own texts per section in the plan's JSON: key "section_texts".

Each entry is {"section": "2.1", "body": "…"}, the body written with the marks of
core.printing.richtext; the section codes are those of plans.sections.
"""

from openpiao.core.exchange import (
    Audience,
    ImportProblem,
    at,
    row,
    rows,
    save_row,
    show,
    text,
)
from openpiao.plans.sections import SECTION_CODES

from .models import SectionText


def export_section(plan, audience: Audience) -> dict:
    """The same for every audience: the ente's text is printed."""
    texts = SectionText.objects.filter(plan=plan).exclude(body="")
    order = {code: n for n, code in enumerate(SECTION_CODES)}
    return {
        "section_texts": [
            {"section": t.section, "body": t.body} for t in sorted(texts, key=lambda t: order[t.section])
        ]
    }


def import_section(plan, data: dict, context: dict) -> None:
    for path, entry in rows(data, "section_texts"):
        with row():
            code = entry.get("section")
            if not isinstance(code, str) or code not in SECTION_CODES:
                raise ImportProblem(f"{at(path, 'section')}: sezione {show(code)} inesistente.")
            save_row(
                SectionText(plan=plan, section=code, body=text(entry, "body", path)),
                path,
            )
