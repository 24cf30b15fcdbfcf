"""Tables every document prints the same way: counts with totals, the working of a computed figure."""

from openpiao.core.templatetags.piao import step_value

from .blocks import Paragraph, Run, Table, cell


def count_table(table, corner: str = "Lavoratori") -> Table:
    """A table of counts by row and column with totals (e.g. the gender tables); 0 prints "-"."""
    header = (
        [cell(corner, header=True)]
        + [cell(label, header=True, align="center") for label in table.column_labels]
        + [cell("Totale", header=True, align="center")]
    )
    rows = [[cell(table.title, header=True, colspan=len(header))], header]
    for row in table.grid():
        rows.append(
            [cell(row["label"])]
            + [cell(str(n) if n else "-", align="center") for n in row["cells"]]
            + [cell(str(row["total"]), align="center")]
        )
    rows.append(
        [cell("Totale", header=True)]
        + [cell(str(n) if n else "-", header=True, align="center") for n in table.column_totals]
        + [cell(str(table.total), header=True, align="center")]
    )
    return Table(rows, header_rows=2, widths=[2.5] + [1] * (len(header) - 1), compact=len(header) > 8)


def working(steps, title: str = "Come è calcolato") -> list:
    """The steps of a computed figure (core.working.Step): value, formula and norm of each."""
    if not steps:
        return []
    rows = [
        [cell(title, header=True, colspan=4)],
        [cell(h, header=True) for h in ("Passaggio", "Valore", "Formula", "Norma")],
    ]
    for step in steps:
        rows.append(
            [
                cell(step.label),
                cell(str(step_value(step)), align="right"),
                cell(step.formula),
                cell(step.norm),
            ]
        )
    return [Table(rows, header_rows=2, widths=[3, 1.4, 2.6, 2], compact=True)]


def verdict(ok, text: str) -> Paragraph:
    """A check's outcome as the pages show it: rispettato / non rispettato / non verificabile."""
    label = "Non verificabile" if ok is None else ("Rispettato" if ok else "Non rispettato")
    return Paragraph([Run(f"{label}: ", bold=True), Run(text)])


def key_values(pairs: list[tuple[str, str]], widths=(2, 3)) -> Table:
    return Table(
        [[cell(label, header=True), cell(value or "—")] for label, value in pairs],
        header_rows=0,
        widths=list(widths),
    )
