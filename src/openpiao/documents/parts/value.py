"""Sottosezione 2.1: valore pubblico, the strategic objectives of the DUP by mission."""

from itertools import groupby

from openpiao.core.printing.blocks import Heading, Paragraph, Run, Table, cell


def section(context) -> list:
    strategic = list(
        context.plan.strategic_objectives.select_related("mission", "programme").order_by(
            "mission__code", "order", "pk"
        )
    )
    if not strategic:
        return []
    blocks: list = [
        Heading(3, "Obiettivi strategici (Documento unico di programmazione)", "sezione-2-1-strategici")
    ]
    for mission, items in groupby(strategic, key=lambda s: s.mission):
        items = list(items)
        blocks.append(Heading(4, f"Missione {mission}" if mission else "Obiettivi strategici trasversali"))
        # The seeds' own words under each mission: "Obiettivi strategici di mandato", "Stakeholders".
        rows = [[cell("Obiettivi strategici di mandato", header=True), cell("Programma", header=True)]]
        for item in items:
            rows.append(
                [cell(_title_and_description(item)), cell(str(item.programme) if item.programme_id else "")]
            )
        # Objectives tied to no programme leave the column empty: it is not printed then.
        blocks.append(Table(rows, widths=[3, 1]).without_empty_columns())
        stakeholders = sorted({s.stakeholders for s in items if s.stakeholders})
        if stakeholders:
            blocks.append(Paragraph.of(f"Stakeholders: {'; '.join(stakeholders)}.", style="small"))
    return blocks


def _title_and_description(item) -> list[Run]:
    """The title in bold, then the description; a DUP description often repeats the title
    as its opening words, and then the title is printed once."""
    title, description = item.title.strip(), (item.description or "").strip()
    if not description:
        return [Run(title)]
    if description.startswith(title):
        return [Run(title, bold=True), Run(description[len(title) :])]
    return [Run(title, bold=True), Run("\n" + description)]
