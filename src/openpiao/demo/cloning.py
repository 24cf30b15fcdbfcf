"""Copies of a whole ente, for the measures at national scale (`generate_enti`): every row the
ente owns (its plans, their objectives, reviews, staff, risks, duties, and their historical
records) written again for another comune with new keys, in one INSERT (SQLite) or one COPY
(PostgreSQL) per table for a batch of enti, so that thousands of enti cost minutes, not hours.

The model of a copy is an ente written by the plan import (so validated like any import); a
copy differs from it only in the anagrafica (`overrides`: name, codes, province) and in its
keys. What belongs to people rather than to the ente is not copied: memberships, invitations,
API tokens, reminders, editors of units, employees' accounts; nor the frozen versions and the
prints (files of their own).

Which rows an ente owns is read from the models: every model with a foreign key to the ente
(all of the project's, by the tenancy rule: `organization`), the many-to-many tables by their
owner, the historical records by the ente too (their `id` is the original row's key, mapped
like a foreign key). Django's foreign keys are deferred to the commit on PostgreSQL and
SQLite, so the tables are written in any order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models

from openpiao.organizations.models import Organization

# Rows of people, tokens and files, not of the ente's plan.
NOT_COPIED = {
    "api.ApiToken",
    "organizations.Invitation",
    "organizations.Membership",
    "deadlines.Reminder",
    "evaluation.EmployeeAccount",
    "evaluation.HistoricalEmployeeAccount",
    "organization_chart.OrgUnit_editors",
    "documents.PlanVersion",
    "documents.HistoricalPlanVersion",
    "documents.PrintJob",
    "plans.ImportJob",
    "plans.PlanJob",
    "plans.HistoricalPlanJob",
    "documents.HistoricalPrintJob",
}


@dataclass
class TableCopy:
    """One table's rows of the model ente, ready to be written again for other enti: the
    columns that change from copy to copy (keys, references to keys, the anagrafica) first, each
    with what it is made from; the columns every copy shares after, already in the form the
    database takes (COPY's text on PostgreSQL, so escaped once per run, not once per copy)."""

    model: type[models.Model]
    columns: list[str]  # in the order the rows are written: the changing ones first
    size: int  # rows of the model ente
    keys: list[int] | None  # the model ente's keys, in the rows' order (None: keyed by a reference)
    changing: list[tuple]  # per changing column: ("key",) ("ref", label, old keys, originals)
    # ("value", anagrafica field) ("audit", [(label, old key) per row], originals)
    fixed: list | None  # PostgreSQL: each row's shared columns as one COPY text; SQLite: tuples

    @property
    def label(self) -> str:
        return self.model._meta.label


def _owned_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in NOT_COPIED or not model._meta.managed:
            continue
        if (
            model is Organization
            or _instance(model) is Organization
            or any(f.name == "organization" and f.is_relation for f in model._meta.concrete_fields)
        ):
            found.append(model)
        elif model._meta.auto_created:  # a many-to-many table: copied with its owner
            owner = model._meta.auto_created
            if owner._meta.label not in NOT_COPIED:
                found.append(model)
    return found


def _instance(model) -> type[models.Model] | None:
    """For a historical model (django-simple-history), the model it records."""
    return getattr(model, "instance_type", None)


def snapshot(organization: Organization) -> list[TableCopy]:
    """Every row `organization` owns, table by table, as the database returns them (as text on
    PostgreSQL, written back by COPY)."""
    tables = []
    cloned = {m._meta.label for m in _owned_models()}
    keys: dict[str, list[int]] = {}
    owned = _owned_models()
    labels = _labels_by_name(owned)
    # Ordinary tables first: the many-to-many tables are read by their owners' keys.
    owned.sort(key=lambda m: bool(m._meta.auto_created))
    for model in owned:
        meta = model._meta
        fields = meta.concrete_fields
        columns = [f.column for f in fields]
        if model is Organization or _instance(model) is Organization:
            column = "id" if _instance(model) else meta.pk.column
            where, params = f"{_quoted(column)} = %s", [organization.pk]
        elif meta.auto_created:
            owner = meta.auto_created
            link = next(f for f in fields if f.is_relation and f.related_model is owner)
            owner_keys = keys.get(owner._meta.label, [])
            if not owner_keys:
                continue
            where, params = f"{_quoted(link.column)} IN ({', '.join(['%s'] * len(owner_keys))})", owner_keys
        else:
            where, params = f"{_quoted('organization_id')} = %s", [organization.pk]
        selected = ", ".join(
            f"{_quoted(c)}::text" if connection.vendor == "postgresql" else _quoted(c) for c in columns
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {selected} FROM {_quoted(meta.db_table)} WHERE {where} "
                f"ORDER BY {_quoted(meta.pk.column)}",
                params,
            )
            rows = [list(r) for r in cursor.fetchall()]
        if not rows:
            continue
        key_index = columns.index(meta.pk.column)
        old_keys = [int(r[key_index]) for r in rows]
        keys[meta.label] = old_keys
        # What each column of a copy is: its own key, a key of another copied row, a field of
        # the copy's anagrafica, an empty file, or the model's value.
        roles: dict[int, tuple] = {}
        for index, f in enumerate(fields):
            if f.is_relation and f.related_model is not None and f.related_model._meta.label in cloned:
                roles[index] = ("ref", f.related_model._meta.label)
            elif f.primary_key:
                roles[index] = ("key",)
            elif isinstance(f, models.FileField):
                roles[index] = ("value", "")  # a file is its own: the copy has none
        instance = _instance(model)
        if instance is not None:  # a historical record: `id` is the recorded row's key
            roles[columns.index("id")] = ("ref", instance._meta.label)
        if model is Organization or instance is Organization:
            for index, column in enumerate(columns):
                if column in ORGANIZATION_FIELDS:
                    roles[index] = ("value", column)
        elif "organization_name" in columns:
            roles[columns.index("organization_name")] = ("value", "name")
        if meta.label == "core.AuditEvent":
            roles[columns.index("object_id")] = ("audit", columns.index("object_type"))
        tables.append(_table(model, columns, rows, roles, old_keys, labels))
    return tables


def _table(model, columns: list[str], rows: list[list], roles: dict[int, tuple], keys, labels) -> TableCopy:
    text = connection.vendor == "postgresql"
    shown = _copy_text if text else (lambda value: value)
    changing = []
    for index, role in roles.items():
        if role[0] == "ref":
            originals = [shown(r[index]) for r in rows]
            changing.append(("ref", role[1], [_key(r[index]) for r in rows], originals))
        elif role[0] == "audit":  # named by model («plan») and key: the key follows the copy
            originals = [shown(r[index]) for r in rows]
            named = [(labels.get(r[role[1]]), _key(r[index])) for r in rows]
            changing.append(("audit", named, originals))
        else:
            changing.append(role)
    order = list(roles) + [i for i in range(len(columns)) if i not in roles]
    fixed = [[r[i] for i in order[len(roles) :]] for r in rows]
    if not text:
        fixed = [tuple(r) for r in fixed]
    elif len(order) > len(roles):
        fixed = ["\t".join(map(_copy_text, r)) for r in fixed]
    else:
        fixed = None  # every column changes (a many-to-many table)
    own_key = not model._meta.pk.is_relation  # a DataStamp is keyed by its ente: a reference
    return TableCopy(
        model, [columns[i] for i in order], len(rows), keys if own_key else None, changing, fixed
    )


def _key(value) -> int | None:
    return None if value is None or not str(value).isdigit() else int(value)


def _labels_by_name(owned) -> dict[str, str]:
    """The copied models by the name an audit event gives them (names two apps share excluded)."""
    names: dict[str, list[str]] = {}
    for model in owned:
        names.setdefault(model._meta.model_name, []).append(model._meta.label)
    return {name: labels[0] for name, labels in names.items() if len(labels) == 1}


# The anagrafica a copy takes from its comune (openpiao.demo.scaling.as_comune); the rest of
# the model ente's (its head's title, weight mode…) is kept.
ORGANIZATION_FIELDS = (
    "slug",
    "name",
    "province",
    "istat_code",
    "cadastral_code",
    "tax_code",
    "vat_number",
    "ipa_code",
    "website",
    "email",
    "pec",
)


def copy_enti(tables: list[TableCopy], anagrafiche: list[dict]) -> None:
    """Write one copy of the snapshot for each anagrafica (a dict of ORGANIZATION_FIELDS), in
    the caller's transaction: one query per table to reserve the keys, one to write the rows."""
    if not anagrafiche:
        return
    text = connection.vendor == "postgresql"
    shown = _copy_text if text else (lambda value: value)
    # Each copy's keys, table by table: the model's key → the copy's (as the rows show it).
    mapping: dict[str, list[dict]] = {}
    fresh: dict[str, list[list]] = {}
    for table in tables:
        if table.keys is None:
            continue  # keyed by the row it belongs to (a DataStamp by its ente): mapped as a reference
        new = _new_keys(table.model, table.size * len(anagrafiche))
        new = list(map(str, new)) if text else list(new)
        fresh[table.label] = [new[n * table.size : (n + 1) * table.size] for n in range(len(anagrafiche))]
        mapping[table.label] = [dict(zip(table.keys, keys, strict=True)) for keys in fresh[table.label]]
    nothing: dict = {}
    for table in tables:
        out = []
        for n, anagrafica in enumerate(anagrafiche):
            columns = []
            for role in table.changing:
                if role[0] == "key":
                    columns.append(fresh[table.label][n])
                elif role[0] == "ref":
                    get = mapping[role[1]][n].get if role[1] in mapping else nothing.get
                    columns.append(list(map(get, role[2], role[3])))
                elif role[0] == "value":
                    columns.append([shown(anagrafica.get(role[1], "")) if role[1] else ""] * table.size)
                else:  # an audit event's object
                    columns.append(
                        [
                            mapping[label][n].get(key, original) if label in mapping else original
                            for (label, key), original in zip(role[1], role[2], strict=True)
                        ]
                    )
            if text:
                shared = [table.fixed] if table.fixed is not None else []
                out.extend(map("\t".join, zip(*columns, *shared, strict=True)))
            else:
                changed = zip(*columns, strict=True)
                out.extend(values + shared for values, shared in zip(changed, table.fixed, strict=True))
        _write(table, out)


def _new_keys(model, count: int) -> range | list[int]:
    """`count` new primary keys for `model`: from its sequence on PostgreSQL (safe alongside
    other processes: a run of keys when no other process took one meanwhile, as is usual, else
    each key asked again), after the largest on SQLite (one writer at a time)."""
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            taken = "SELECT nextval(pg_get_serial_sequence(%s, %s)) AS k FROM generate_series(1, %s)"
            params = [meta.db_table, meta.pk.column, count]
            cursor.execute(f"SELECT min(k), max(k) FROM ({taken}) AS t", params)
            low, high = cursor.fetchone()
            if high - low + 1 == count:
                return range(low, high + 1)
            cursor.execute(taken, params)
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({_quoted(meta.pk.column)}), 0) FROM {_quoted(meta.db_table)}")
        start = cursor.fetchone()[0] + 1
        return range(start, start + count)


def _write(table: TableCopy, rows: list) -> None:
    """The rows in one COPY (PostgreSQL: lines of text) or one INSERT (SQLite: tuples)."""
    names = ", ".join(_quoted(c) for c in table.columns)
    name = _quoted(table.model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                copy.write("\n".join(rows))
                copy.write("\n")
            return
        marks = ", ".join(["%s"] * len(table.columns))
        cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", rows)


def _copy_text(value: str | None) -> str:
    """A value in COPY's text format: \\N for NULL, backslash, tab and line ends escaped."""
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


# Bulk loading on PostgreSQL: thousands of copies are written faster without the indexes that no
# constraint needs and without the foreign keys (checked row by row at each commit), built again
# once at the end over the whole tables, as the documentation's «Populating a Database» advises.


@dataclass(frozen=True)
class SetAside:
    """An index or a foreign key of a copied table, dropped while the copies are written and
    created again as it was (its definition as PostgreSQL gives it, under the same name)."""

    table: str
    name: str
    definition: str  # CREATE INDEX … (an index) or FOREIGN KEY … REFERENCES … (a foreign key)
    foreign_key: bool


def copied_tables() -> list[str]:
    """The tables copy_enti writes."""
    return sorted({m._meta.db_table for m in _owned_models()})


def set_aside(tables: list[str]) -> list[SetAside]:
    """Drop the foreign keys of `tables` and their indexes that back no constraint (primary keys,
    unique constraints and the indexes a foreign key leans on stay), returning their definitions
    for restore(). In a transaction with rows still to check at its end (a test's), the checks
    are made now, as PostgreSQL alters no table with checks pending."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid), true FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s) "
            "AND t.relnamespace = current_schema()::regnamespace "
            "UNION ALL "
            "SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid), false FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
            "ORDER BY 4 DESC, 1, 2",
            [tables, tables],
        )
        found = [SetAside(*row) for row in cursor.fetchall()]
        for item in found:  # the foreign keys first
            if item.foreign_key:
                cursor.execute(f"ALTER TABLE {_quoted(item.table)} DROP CONSTRAINT {_quoted(item.name)}")
            else:
                cursor.execute(f"DROP INDEX {_quoted(item.name)}")
    return found


def restore_statements(found: list[SetAside]) -> tuple[list[str], list[str]]:
    """What creates `found` again: the foreign keys added unchecked (at once, one after the
    other: each locks the table it references), then the statements that read whole tables and
    can run side by side, in several sessions: each index built, each foreign key checked
    (VALIDATE: one join over the table, leaving the key as if it had been added checked)."""
    first, parallel = [], []
    for item in found:
        table, name = _quoted(item.table), _quoted(item.name)
        if item.foreign_key:
            first.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {item.definition} NOT VALID")
            parallel.append(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")
        else:
            parallel.append(item.definition)
    return first, parallel


def bulk_transaction() -> None:
    """In the copy's transaction: its commit does not wait for the disk (a crash can lose the
    last batches written, never leave half of one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO off")
