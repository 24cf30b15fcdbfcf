"""The registro delle modifiche of an ente: the versions of its rows (simple-history, with what
changed field by field) and the audited actions that are not a row's version (an import, an
adoption, a map generated), newest first, in one list.

The list is one query over every history table of the ente and its audit rows (a UNION ALL,
each part filtered by the ente's column), paginated; the page then reads its records with a
fixed number of queries per kind of row shown, never per record.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from openpiao.core.admin import object_names
from openpiao.core.history import ChangeKind
from openpiao.core.models import Action, AuditEvent, person_name
from openpiao.plans.models import Plan

from .links import OWN_PAGES, PARENTS, SECTION_PAGES
from .values import EMPTY, name_of, readable, shown_fields

AUDIT = "core.auditevent"
PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    section: str = ""  # app label
    person: int | None = None  # user id
    since: date | None = None
    until: date | None = None


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime
    person: str
    action: str
    section: str
    object_kind: str
    object_name: str
    url: str | None = None
    changes: list[Change] = field(default_factory=list)
    note: str = ""


@cache
def history_models() -> dict[str, type[models.Model]]:
    """Model label of the row (e.g. performance.objective) → its historical model."""
    return {
        m.instance_type._meta.label_lower: m
        for m in apps.get_models()
        if hasattr(m, "instance_type") and m.__module__.startswith("openpiao.")
    }


@cache
def sections() -> list[tuple[str, str]]:
    """(app label, Italian name) of the parts of the product that keep versions."""
    labels = {label.split(".")[0] for label in history_models()}
    return [(c.label, c.verbose_name) for c in apps.get_app_configs() if c.label in labels]


@cache
def _section_of_object_type() -> dict[str, str]:
    """An audit row's `object_type` (model name) → its app label."""
    return {m._meta.model_name: m._meta.app_label for m in apps.get_models()}


def _window(filters: Filters) -> dict:
    bounds = {}
    if filters.since:
        bounds["gte"] = timezone.make_aware(datetime.combine(filters.since, time.min))
    if filters.until:
        bounds["lt"] = timezone.make_aware(datetime.combine(filters.until + timedelta(days=1), time.min))
    return bounds


def _entry_columns(queryset, kind: str, key: str, at: str, by: str):
    return (
        queryset.order_by()
        .annotate(  # the union is ordered, not its parts
            entry_kind=Value(kind, output_field=models.CharField()),
            entry_key=F(key),
            entry_at=F(at),
            entry_by=F(by),
        )
        .values_list("entry_kind", "entry_key", "entry_at", "entry_by")
    )


def register_rows(organization, filters: Filters):
    """The register's rows of `organization` (kind, key, when, user id), newest first: one query."""
    window = _window(filters)
    parts = []
    for label, model in history_models().items():
        if filters.section and label.split(".")[0] != filters.section:
            continue
        names = {f.name for f in model._meta.fields}
        scope = Q(organization_id=organization.pk) if "organization" in names else Q(id=organization.pk)
        rows = model.objects.filter(scope, **{f"history_date__{op}": v for op, v in window.items()})
        if filters.person:
            rows = rows.filter(history_user_id=filters.person)
        parts.append(_entry_columns(rows, label, "history_id", "history_date", "history_user_id"))
    events = AuditEvent.objects.filter(organization=organization, in_history=False)
    events = events.filter(**{f"created_at__{op}": v for op, v in window.items()})
    if filters.person:
        events = events.filter(user_id=filters.person)
    if filters.section:
        types = [t for t, app in _section_of_object_type().items() if app == filters.section]
        events = events.filter(object_type__in=types)
    parts.append(_entry_columns(events, AUDIT, "id", "created_at", "user_id"))
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-entry_at", "-entry_key")


def entries(organization, rows, *, special_categories: bool) -> list[Entry]:
    """The register's entries for `rows` (a page of `register_rows`), in the same order; the
    special categories of personal data (a model's SPECIAL_CATEGORY_FIELDS, art. 9 GDPR) only
    for a reader who sees them (Membership.sees_special_categories)."""
    rows = list(rows)
    by_kind = defaultdict(list)
    for kind, key, _, _ in rows:
        by_kind[kind].append(key)
    users = get_user_model().objects.in_bulk({by for *_, by in rows if by})
    plans = dict(Plan.objects.filter(organization=organization).values_list("pk", "first_year"))
    built = {}
    events = AuditEvent.objects.in_bulk(by_kind.pop(AUDIT, []))
    for key, event in events.items():
        built[(AUDIT, key)] = _event_entry(event)
    for kind, keys in by_kind.items():
        found = _history_entries(kind, keys, organization, users, plans, special_categories)
        for key, entry in found.items():
            built[(kind, key)] = entry
    return [built[(kind, key)] for kind, key, _, _ in rows if (kind, key) in built]


def _event_entry(event: AuditEvent) -> Entry:
    app = _section_of_object_type().get(event.object_type, "")
    details = "; ".join(f"{name}: {value}" for name, value in (event.details or {}).items())
    return Entry(
        at=event.created_at,
        person=event.user_name or EMPTY,
        action=event.get_action_display(),
        section=dict(sections()).get(app, ""),
        object_kind=object_names().get(event.object_type, event.object_type),
        object_name=f"n. {event.object_id}" if event.object_id else "",
        note=details,
    )


def _history_entries(kind, keys, organization, users, plans, special_categories) -> dict[int, Entry]:
    model = history_models()[kind]
    source = model.instance_type
    pk = source._meta.pk.attname
    # The page's versions and the version before each, in one query: the one before a version is
    # the newest of its row's older versions, so among these it is the newest one older than it.
    earlier = model.objects.filter(**{pk: OuterRef(pk)}, history_id__lt=OuterRef("history_id"))
    before = model.objects.filter(history_id__in=keys).annotate(
        previous_key=Subquery(earlier.order_by("-history_id").values("history_id")[:1])
    )
    fetched = model.objects.filter(Q(history_id__in=keys) | Q(history_id__in=before.values("previous_key")))
    versions = defaultdict(list)  # row id → its fetched versions, oldest first
    for version in sorted(fetched, key=lambda v: v.history_id):
        versions[getattr(version, pk)].append(version)
    wanted = set(keys)
    records, previous = [], {}
    for row_versions in versions.values():
        for older, version in zip([None, *row_versions], row_versions, strict=False):
            if version.history_id in wanted:
                records.append(version)
                previous[version.history_id] = older
    fields = shown_fields(source)
    if not special_categories:
        hidden = set(getattr(source, "SPECIAL_CATEGORY_FIELDS", ()))
        fields = [f for f in fields if f.name not in hidden]
    changes = {r.history_id: _changes(r, previous[r.history_id], fields) for r in records}
    names = _linked_names(fields, changes)
    parents = _parent_plans(kind, records)
    section = dict(sections()).get(source._meta.app_label, "")
    found = {}
    for record in records:
        reason = record.history_change_reason
        action = Action(reason).label if reason in Action.values else ChangeKind(record.history_type).label
        found[record.history_id] = Entry(
            at=record.history_date,
            person=person_name(users[record.history_user_id]) if record.history_user_id in users else EMPTY,
            action=action,
            section=section,
            object_kind=str(source._meta.verbose_name),
            object_name=name_of(record),
            url=_url(kind, record, organization, plans, parents),
            changes=[
                Change(str(f.verbose_name), readable(f, before, names), readable(f, after, names))
                for f, before, after in changes[record.history_id]
            ],
        )
    return found


NOT_RECORDED = object()  # a row changed before its versions were kept: its earlier values are unknown


def _changes(record, previous, fields) -> list[tuple]:
    """(field, before, after) of what `record` changed from `previous`."""
    if record.history_type == ChangeKind.DELETED:
        return []
    found = []
    for f in fields:
        after = getattr(record, f.attname)
        if previous is None:
            before = None if record.history_type == ChangeKind.CREATED else NOT_RECORDED
            if after in (None, "", [], {}):
                continue
        else:
            before = getattr(previous, f.attname)
            if before == after:
                continue
        found.append((f, before, after))
    return found


def _linked_names(fields, changes) -> dict:
    """(model, pk) → name of the rows the shown changes link to: one query per linked model."""
    wanted = defaultdict(set)
    for rows in changes.values():
        for f, before, after in rows:
            if f.is_relation:
                wanted[f.related_model].update(v for v in (before, after) if v not in (None, NOT_RECORDED))
    names = {}
    user_model = get_user_model()
    for model, ids in wanted.items():
        for pk, row in model._base_manager.in_bulk(ids).items():
            names[(model, pk)] = person_name(row) if model is user_model else name_of(row)
    return names


def _parent_plans(kind, records) -> dict[int, int]:
    """Parent id → its plan's id, for the rows whose page is their parent's."""
    if kind not in PARENTS:
        return {}
    link, parent_label = PARENTS[kind]
    parent = apps.get_model(parent_label)
    ids = {getattr(r, f"{link}_id") for r in records}
    return dict(parent._base_manager.filter(pk__in=ids).values_list("pk", "plan_id"))


def _url(kind, record, organization, plans, parents) -> str | None:
    if record.history_type == ChangeKind.DELETED:
        return None
    app = kind.split(".")[0]
    if app == "organizations":
        return reverse("organizations:edit", args=[organization.slug])
    if kind == "plans.plan":
        year = plans.get(record.id)
        return reverse("plans:detail", args=[organization.slug, year]) if year else None
    if kind in PARENTS:
        link, parent_label = PARENTS[kind]
        parent_id = getattr(record, f"{link}_id")
        year = plans.get(parents.get(parent_id))
        name, _ = OWN_PAGES[parent_label]
        return reverse(name, args=[organization.slug, year, parent_id]) if year else None
    year = plans.get(getattr(record, "plan_id", None))
    if year is None:
        return None
    if kind in OWN_PAGES:
        name, id_field = OWN_PAGES[kind]
        args = [organization.slug, year] + ([getattr(record, id_field)] if id_field else [])
        return reverse(name, args=args)
    if app in SECTION_PAGES:
        return reverse(SECTION_PAGES[app], args=[organization.slug, year])
    return None
