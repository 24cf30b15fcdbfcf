"""Sottosezione 2.1: valore pubblico, the strategic objectives of the DUP by mission."""

from itertools import groupby

from openpiao.core.printing.blocks import Heading, Paragraph, Table, cell


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
        rows = [[cell("Obiettivo strategico", header=True), cell("Programma", header=True)]]
        for item in items:
            text = [item.title] + ([f"\n{item.description}"] if item.description else [])
            rows.append([cell("".join(text)), cell(str(item.programme) if item.programme_id else "—")])
        blocks.append(Table(rows, widths=[3, 1]))
        stakeholders = sorted({s.stakeholders for s in items if s.stakeholders})
        if stakeholders:
            blocks.append(Paragraph.of(f"Stakeholder: {'; '.join(stakeholders)}.", style="small"))
    return blocks
