"""What changed between two editions of a reference catalogue, row by row (no Django).

A catalogue's tables are its lists of rows; a row is identified by its first column (the stable
identifier every catalogue opens its rows with) and named by its second. Between two editions a
row is added, removed, renamed (its name changed) or changed (another column changed). Columns
that only say where a row was read (`fonti…`, `verifica`) are not changes of the rule.
"""

from dataclasses import dataclass

ADDED = "inserimento"
REMOVED = "eliminazione"
RENAMED = "nuova denominazione"
CHANGED = "modifica"

# The column that names a row, where a table has one of these; otherwise its second column.
_NAME_COLUMNS = ("name", "nome", "misura", "area", "denominazione_obbligo", "denominazione", "titolo")

# Columns about the research, not about the rule.
_NOT_RULE = ("fonti", "verifica", "stato_verifica", "riferimento_verificato_in_fonte")

# The tables' names in Italian, as the roll-over page lists them.
TABLE_LABELS = {
    "areas": "aree di rischio",
    "processes": "processi della mappa tipo",
    "measure_types": "tipologie di misura",
    "measures": "misure generali",
    "indicators": "indicatori di rischio",
    "duties": "obblighi di pubblicazione",
    "sections": "sotto-sezioni",
    "sezioni": "sezioni del Piano tipo",
    "programmes": "missioni e programmi",
    "rows": "righe",
}


@dataclass(frozen=True)
class RowChange:
    table: str
    identifier: str
    kind: str
    label: str
    before: str = ""

    def __str__(self) -> str:
        table = TABLE_LABELS.get(self.table, self.table)
        text = f"{table} — {self.kind}: {self.identifier} «{self.label}»"
        return f"{text} (prima: «{self.before}»)" if self.kind == RENAMED else text


def tables(catalogue: dict) -> dict[str, tuple[str, str, list[dict]]]:
    """The catalogue's tables: name → (identifier column, name column, rows)."""
    found = {}
    for name, rows in catalogue.items():
        if not isinstance(rows, list) or not rows or not all(isinstance(row, dict) for row in rows):
            continue
        columns = list(rows[0])
        if len(columns) < 2 or not all(columns[0] in row for row in rows):
            continue
        label = next((c for c in _NAME_COLUMNS if c in columns[1:]), columns[1])
        found[name] = (columns[0], label, rows)
    return found


def _rule(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith(_NOT_RULE)}


def diff(before: dict, after: dict) -> list[RowChange]:
    """The rows added, removed, renamed or changed from `before` to `after`, table by table."""
    changes = []
    old_tables = tables(before)
    for name, (key, label, rows) in tables(after).items():
        old_rows = {str(row[key]): row for row in old_tables.get(name, (key, label, []))[2]}
        new_rows = {str(row[key]): row for row in rows}
        for ident, row in new_rows.items():
            old = old_rows.get(ident)
            title = str(row.get(label, ""))
            if old is None:
                changes.append(RowChange(name, ident, ADDED, title))
            elif str(old.get(label, "")) != title:
                changes.append(RowChange(name, ident, RENAMED, title, before=str(old.get(label, ""))))
            elif _rule(old) != _rule(row):
                changes.append(RowChange(name, ident, CHANGED, title))
        changes.extend(
            RowChange(name, ident, REMOVED, str(row.get(label, "")))
            for ident, row in old_rows.items()
            if ident not in new_rows
        )
    return changes
