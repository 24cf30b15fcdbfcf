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

import io
from dataclasses import dataclass, field

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
    """One table's rows of the model ente, and how to key them again."""

    model: type[models.Model]
    columns: list[str]
    rows: list[list]
    key_index: int  # the primary key's column
    keys: list[int]  # the model ente's keys, in the rows' order
    references: list[tuple[int, str]] = field(default_factory=list)  # (column, model label)
    overrides: dict[int, str] = field(default_factory=dict)  # column → name of an override
    audit_object: tuple[int, int] | None = None  # AuditEvent: (object_type, object_id) columns

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
        table = TableCopy(model, columns, rows, key_index, [int(r[key_index]) for r in rows])
        keys[meta.label] = table.keys
        for index, f in enumerate(fields):
            if f.is_relation and f.related_model is not None and f.related_model._meta.label in cloned:
                table.references.append((index, f.related_model._meta.label))
            elif f.primary_key or not isinstance(f, models.FileField):
                pass
            else:
                table.overrides[index] = ""  # a file is its own: the copy has none
        instance = _instance(model)
        if instance is not None:  # a historical record: `id` is the recorded row's key
            table.references.append((columns.index("id"), instance._meta.label))
        if model is Organization or instance is Organization:
            for index, column in enumerate(columns):
                if column in ORGANIZATION_FIELDS:
                    table.overrides[index] = column
        elif any(c == "organization_name" for c in columns):
            table.overrides[columns.index("organization_name")] = "name"
        if meta.label == "core.AuditEvent":
            table.audit_object = (columns.index("object_type"), columns.index("object_id"))
        tables.append(table)
    return tables


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
    mapping: dict[str, list[dict[int, int]]] = {}
    for table in tables:
        if table.model._meta.pk.is_relation:
            continue  # keyed by the row it belongs to (a DataStamp by its ente): mapped as a reference
        fresh = _new_keys(table.model, len(table.keys) * len(anagrafiche))
        mapping[table.label] = [
            dict(zip(table.keys, fresh[n * len(table.keys) : (n + 1) * len(table.keys)], strict=True))
            for n in range(len(anagrafiche))
        ]
    text = connection.vendor == "postgresql"
    # An audit event names its object by model («plan») and key: the key follows the copy.
    names = [t.model._meta.model_name for t in tables]
    labels = {t.model._meta.model_name: t.label for t in tables if names.count(t.model._meta.model_name) == 1}
    for table in tables:
        out = []
        for n, anagrafica in enumerate(anagrafiche):
            own = mapping[table.label][n] if table.label in mapping else None
            references = [(i, mapping[label][n]) for i, label in table.references if label in mapping]
            for row in table.rows:
                row = list(row)
                if own is not None:
                    row[table.key_index] = own[int(row[table.key_index])]
                for index, keys in references:
                    if row[index] is not None:
                        row[index] = keys.get(int(row[index]), row[index])
                for index, name in table.overrides.items():
                    row[index] = anagrafica.get(name, "") if name else ""
                if table.audit_object:
                    kind, key = table.audit_object
                    target = labels.get(row[kind])
                    if target and str(row[key]).isdigit():
                        row[key] = str(mapping[target][n].get(int(row[key]), row[key]))
                if text:
                    row = [None if v is None else str(v) for v in row]
                out.append(row)
        _write(table, out)


def _new_keys(model, count: int) -> list[int]:
    """`count` new primary keys for `model`: from its sequence on PostgreSQL (safe alongside
    other processes), after the largest on SQLite (one writer at a time)."""
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({_quoted(meta.pk.column)}), 0) FROM {_quoted(meta.db_table)}")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _write(table: TableCopy, rows: list[list]) -> None:
    names = ", ".join(_quoted(c) for c in table.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {_quoted(table.model._meta.db_table)} ({names}) FROM STDIN"
            ) as copy:
                buffer = io.StringIO()
                for row in rows:
                    buffer.write("\t".join(_copy_text(v) for v in row))
                    buffer.write("\n")
                copy.write(buffer.getvalue())
            return
        marks = ", ".join(["%s"] * len(table.columns))
        cursor.executemany(
            f"INSERT INTO {_quoted(table.model._meta.db_table)} ({names}) VALUES ({marks})", rows
        )


def _copy_text(value: str | None) -> str:
    """A value in COPY's text format: \\N for NULL, backslash, tab and line ends escaped."""
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)
