"""The annex «Aggiornamento rispetto al piano precedente»: what changed, printed with the blocks
of core.printing (DOCX and PDF like the PIAO), because an update of the plan says what changed."""

from openpiao.core.printing.blocks import BulletList, Document, Heading, Paragraph, Table, cell, runs

from .plan_diff import KindDiff

TITLE = "Aggiornamento rispetto al piano precedente"


def annex_document(plan, previous, diffs: list[KindDiff]) -> Document:
    document = Document(
        title=f"{TITLE}: {plan.default_title} rispetto al {previous.default_title}",
        organization=plan.organization.name,
        header_right=plan.default_title,
        subject=TITLE,
        with_toc=False,
    )
    document.add(
        Paragraph.of(plan.organization.name, style="title"),
        Paragraph.of(
            f"Allegato al {plan.default_title}: {TITLE.lower()} ({previous.triennium})", style="subtitle"
        ),
    )
    for diff in diffs:
        document.add(Heading(2, diff.label))
        if diff.empty:
            document.add(Paragraph.of("Nessuna variazione."))
            continue
        if diff.added:
            document.add(Paragraph.of("Inseriti:", style="label"), BulletList([runs(t) for t in diff.added]))
        if diff.removed:
            document.add(
                Paragraph.of("Eliminati:", style="label"), BulletList([runs(t) for t in diff.removed])
            )
        for row in diff.changed:
            rows = [
                [
                    cell("Dato", header=True),
                    cell(previous.default_title, header=True),
                    cell(plan.default_title, header=True),
                ]
            ]
            rows += [[cell(c.field), cell(c.before or "—"), cell(c.after or "—")] for c in row.changes]
            document.add(
                Paragraph.of(f"Modificato: {row.title}", style="label"),
                Table(rows, widths=[3, 4, 4], compact=True),
            )
    return document
