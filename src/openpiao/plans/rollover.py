"""Next year's plan from this year's («Nuovo piano dal precedente»): the rows that carry, copied.

Each app says which of its models carry and how a row changes on the way (`Carry`, registered in
core.registry.rollover_parts by the app's `rollover` module at its position: units before the
objectives that name them). The copy itself is generic: every concrete field of the row goes
across, so a field added to a model carries without anyone listing it; references to rows that
carried are pointed at their copies, a plan reference at the new plan, anything else (catalogues,
users) is kept. One query reads each kind of row and one writes it (bulk_create), whatever the
plan's size; a reference to a row copied later (a unit's head) or to the same table (a unit's
parent) is written afterwards with one bulk_update per field.

Nothing of the source plan is written: the new plan's rows are all new.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from openpiao.core import rulebook
from openpiao.core.audit import Action, record
from openpiao.core.history import bulk_create_tracked, record_versions
from openpiao.core.models import AuditEvent, OrganizationOwned
from openpiao.core.registry import rollover_parts

from .background import JobKind, JobRefused
from .models import Plan

# adjust(old row, new row, context) → False to leave the row out; it may change the new row.
Adjust = Callable[[Any, Any, "Context"], bool | None]
# select(rows of the source plan, context) → the rows that carry.
Select = Callable[[models.QuerySet, "Context"], models.QuerySet]


@dataclass(frozen=True)
class Choice:
    """A part the user may carry or leave out, as the confirmation page shows it."""

    key: str
    label: str
    default: bool = True
    help: str = ""


@dataclass(frozen=True)
class Carry:
    """A model whose rows carry into the next plan, when its `choice` is chosen.

    The rows are the source plan's (a PlanOwned model) or those whose parent row
    (`organization_from`) carried; `select` narrows them, `adjust` changes each copy (years,
    dates) or leaves it out. A non-null reference to a row that did not carry leaves the row out.
    """

    model: type[models.Model]
    choice: str
    select: Select | None = None
    adjust: Adjust | None = None


@dataclass(frozen=True)
class Part:
    """An app's contribution: what it may carry, what it deliberately leaves to the year it
    belongs to (`left_behind`: model → why), and a step run before any copy (`prepare`)."""

    choices: tuple[Choice, ...] = ()
    carries: tuple[Carry, ...] = ()
    left_behind: dict[type[models.Model], str] = field(default_factory=dict)
    prepare: Callable[["Context"], None] | None = None
    # Choices this part's rows cannot do without (the objectives need the org chart).
    requires: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What the copy knows while it runs: the two plans, the choices, the old → new ids."""

    source: Plan
    target: Plan
    choices: frozenset[str]
    dry_run: bool = False
    # Who makes the plan: the author of the copies' first versions (the registro delle modifiche).
    user: Any = None
    ids: dict[type[models.Model], dict[int, int]] = field(default_factory=dict)
    # The copies by the id of their original: a child row is given its parent's copy, from which
    # it takes its ente at no cost (core.models.take_organizations).
    copies: dict[type[models.Model], dict[int, models.Model]] = field(default_factory=dict)
    # Employees of the source plan who leave before the new triennium (the apps' prepare steps).
    leaving_employees: set[int] = field(default_factory=set)
    # What the user still has to do by hand, in Italian (e.g. the people hired in the year).
    notes: list[str] = field(default_factory=list)

    @property
    def first_year(self) -> int:
        return self.target.first_year


def parts() -> list[Part]:
    return list(rollover_parts)


def choices() -> list[Choice]:
    return [choice for part in parts() for choice in part.choices]


def default_choices() -> frozenset[str]:
    return frozenset(c.key for c in choices() if c.default)


class RolloverRefused(Exception):
    """The next plan cannot be made (it exists already, a choice lacks what it needs)."""


def next_plan(source: Plan) -> Plan:
    """The plan of the next triennium, not saved: its reference year is its first."""
    first = source.first_year + 1
    return Plan(organization=source.organization, first_year=first, reference_year=first)


def rule_changes(source: Plan, target: Plan) -> list[rulebook.CatalogueChange]:
    """The reference catalogues whose edition differs between two plans, with the rows that
    changed (a risk area renamed, a duty added): the next plan follows the rules of its own years."""
    return rulebook.changes(source.governing_versions, target.governing_versions)


def preview(source: Plan, chosen: Iterable[str]) -> tuple[dict[str, int], list[str]]:
    """How many rows of each kind would carry (model verbose_name_plural → count) and what would
    be left to do by hand, without writing anything: the copy runs with each row standing for
    itself."""
    context = Context(source=source, target=next_plan(source), choices=frozenset(chosen), dry_run=True)
    return _copy_all(context), context.notes


def preview_by_choice(source: Plan) -> tuple[list[tuple[Choice, list[tuple[str, int]]]], list[str]]:
    """Each choice with the rows of each kind it would carry, and what would be left to do by
    hand. A choice that carries no kind of its own but widens another's (the concluded
    objectives) shows the rows it adds."""
    all_choices = choices()
    own = {carry.choice for part in parts() for carry in part.carries}
    base = [c.key for c in all_choices if c.key in own]
    counts, notes = preview(source, base)
    kinds: dict[str, list[tuple[str, int]]] = {}
    for part in parts():
        for carry in part.carries:
            name = str(carry.model._meta.verbose_name_plural)
            kinds.setdefault(carry.choice, []).append((name, counts.get(name, 0)))
    for choice in all_choices:
        if choice.key not in own:
            wider, _ = preview(source, [*base, choice.key])
            kinds[choice.key] = [
                (f"{name} in più", n - counts.get(name, 0))
                for name, n in wider.items()
                if n != counts.get(name)
            ]
    return [(c, kinds.get(c.key, [])) for c in all_choices], notes


def roll_over(
    *, source: Plan, chosen: Iterable[str], user, job_id: int | None = None
) -> tuple[Plan, dict[str, int], list[str]]:
    """Create the plan of the next triennium from `source`, all or nothing, and audit it (with
    the background job that made it, `job_id`, if one did).

    Returns the new plan, the rows carried per kind and what is left to do by hand.
    """
    chosen = frozenset(chosen)
    problem = refusal(source, chosen)
    if problem:
        raise RolloverRefused(problem)
    with transaction.atomic():
        target = next_plan(source)
        try:
            target.full_clean()
            with transaction.atomic():
                target.save()
        except (ValidationError, IntegrityError):  # made meanwhile by someone else
            raise RolloverRefused(
                refusal(source, chosen) or "Il nuovo piano non può essere creato."
            ) from None
        context = Context(source=source, target=target, choices=chosen, user=user)
        counts = _copy_all(context)
        made_by = {"job": job_id, "notes": context.notes} if job_id is not None else {}
        record(
            organization=source.organization,
            user=user,
            action=Action.PLAN_ROLLED_OVER,
            obj=target,
            source_plan=source.triennium,
            choices=sorted(chosen),
            rows=counts,
            rule_versions=target.rule_versions,
            **made_by,
        )
    return target, counts, context.notes


def refusal(source: Plan, chosen: frozenset[str]) -> str | None:
    """Why the next plan cannot be made with these choices, in Italian; None if it can."""
    first = source.first_year + 1
    if Plan.objects.filter(organization_id=source.organization_id, first_year=first).exists():
        return f"L'ente ha già un piano per il triennio {first}-{first + 2}."
    labels = {c.key: c.label for c in choices()}
    unknown = chosen - labels.keys()
    if unknown:
        return f"Scelte sconosciute: {', '.join(sorted(unknown))}."
    for part in parts():
        for key, needed in part.requires.items():
            if key in chosen and needed not in chosen:
                return f"«{labels[key]}» richiede anche «{labels[needed]}»."
    return None


def _copy_all(context: Context) -> dict[str, int]:
    all_parts = parts()
    for part in all_parts:
        if part.prepare:
            part.prepare(context)
    chosen_carries = [c for part in all_parts for c in part.carries if c.choice in context.choices]
    deferred: list[tuple[models.Field, list[tuple[Any, int]]]] = []
    counts: dict[str, int] = {}
    for position, carry in enumerate(chosen_carries):
        later = {c.model for c in chosen_carries[position:]}
        copies = _copy(carry, context, later, deferred)
        counts[str(carry.model._meta.verbose_name_plural)] = copies
    for fk, pending in deferred:
        _link_later(fk, pending, context)
    return counts


def _parent_field(model: type[models.Model]) -> models.ForeignKey:
    return model._meta.get_field(model.organization_from)


def _source_rows(carry: Carry, context: Context) -> models.QuerySet:
    model = carry.model
    parent = _parent_field(model)
    if parent.related_model is Plan:
        rows = model._base_manager.filter(**{parent.name: context.source})
    else:
        rows = model._base_manager.filter(
            **{f"{parent.attname}__in": list(context.ids.get(parent.related_model, {}))}
        )
    if carry.select:
        rows = carry.select(rows, context)
    return rows.order_by("pk")


def _copy(carry: Carry, context: Context, later: set, deferred: list) -> int:
    """Copy the rows of one kind with one read and one write; returns how many carried."""
    model = carry.model
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "organization"]
    parent = _parent_field(model)
    pending: dict[models.Field, list[tuple[Any, int]]] = {}
    olds, news = [], []
    for old in _source_rows(carry, context):
        new = model()
        waiting = []
        keep = True
        for f in fields:
            value = getattr(old, f.attname)
            if f.name == "version" and not f.editable:
                value = f.get_default()  # the copy starts its own count of saves
            elif f.is_relation and value is not None:
                value, keep, wait = _reference(f, value, context, later)
                if wait:
                    waiting.append((f, value))
                    value = None
            if not keep:
                break
            setattr(new, f.attname, value)
        if not keep or (carry.adjust and carry.adjust(old, new, context) is False):
            continue
        for f, old_value in waiting:
            pending.setdefault(f, []).append((new, old_value))
        if not context.dry_run:
            owner = parent.related_model
            copy = context.target if owner is Plan else context.copies[owner][getattr(old, parent.attname)]
            setattr(new, parent.name, copy)
        olds.append(old)
        news.append(new)
    if context.dry_run:
        context.ids[model] = {old.pk: old.pk for old in olds}
    else:
        # With the copies' first versions, as the import does, by who makes the plan.
        bulk_create_tracked(model, news, user=context.user)
        context.ids[model] = {old.pk: new.pk for old, new in zip(olds, news, strict=True)}
        context.copies[model] = {old.pk: new for old, new in zip(olds, news, strict=True)}
        _copy_m2m(carry, context)
    deferred.extend(pending.items())
    return len(news)


def _reference(f: models.Field, value: int, context: Context, later: set) -> tuple[Any, bool, bool]:
    """(value, keep the row, write it later) for a reference of a copied row."""
    target = f.related_model
    if target is Plan:
        return context.target.pk, True, False
    if target in later:  # copied after this row (or the same table): linked afterwards
        if not f.null:
            raise ValueError(f"{f}: a row cannot wait for a required reference; copy {target} first.")
        return value, True, True
    if target in context.ids or issubclass(target, OrganizationOwned):
        new = context.ids.get(target, {}).get(value)
        if new is None and not f.null:
            return None, False, False  # what it hangs on did not carry
        return new, True, False
    return value, True, False  # a catalogue row, a user, the ente: the same in both plans


def _link_later(fk: models.Field, pending: list[tuple[Any, int]], context: Context) -> None:
    mapped = context.ids.get(fk.related_model, {})
    rows = []
    for new, old_value in pending:
        value = mapped.get(old_value)
        if value is not None:
            setattr(new, fk.attname, value)
            rows.append(new)
    if rows and not context.dry_run:
        fk.model._base_manager.bulk_update(rows, [fk.attname])
        record_versions(rows)


def _copy_m2m(carry: Carry, context: Context) -> None:
    """The links of a many-to-many field, where both ends carried (or the other end is kept,
    like the users who edit a unit); never a link to a row of the previous plan."""
    model = carry.model
    for m2m in model._meta.many_to_many:
        if not m2m.remote_field.through._meta.auto_created:
            continue
        through = m2m.remote_field.through
        own = m2m.m2m_field_name()
        other = m2m.m2m_reverse_field_name()
        other_model = m2m.related_model
        mine = context.ids[model]
        links = through._base_manager.filter(**{f"{own}_id__in": list(mine)}).values_list(
            f"{own}_id", f"{other}_id"
        )
        copies = []
        for own_id, other_id in links:
            # The other end's copy; a row of the ente's plan that did not carry loses the link.
            if other_model in context.ids or issubclass(other_model, OrganizationOwned):
                other_id = context.ids.get(other_model, {}).get(other_id)
            if other_id is not None:
                copies.append(through(**{f"{own}_id": mine[own_id], f"{other}_id": other_id}))
        through._base_manager.bulk_create(copies)


# «Nuovo piano dal precedente» as a background job (plans.background), for a large plan.


def in_background(source: Plan) -> bool:
    """A plan with ROLLOVER_IN_BACKGROUND_OBJECTIVES objectives or more is rolled over by a worker."""
    return source.objectives.count() >= settings.ROLLOVER_IN_BACKGROUND_OBJECTIVES


def job_key(source: Plan) -> str:
    """One next plan per plan: asked twice, the same job."""
    return f"rollover:{source.pk}"


def _run_job(job) -> dict:
    try:
        target, counts, notes = roll_over(
            source=job.plan, chosen=job.params.get("parts", []), user=job.user, job_id=job.pk
        )
    except RolloverRefused as refusal:
        # Made already by this very job (a worker given up for lost did it): done, not refused.
        made = _made_by(job)
        if made is None:
            raise JobRefused(str(refusal)) from None
        return made
    return {"first_year": target.first_year, "rows": counts, "notes": notes}


def _made_by(job) -> dict | None:
    """The outcome of the next plan this job made from its plan, if it made it (its audit row
    names the job) and the plan is still there."""
    target = Plan.objects.filter(
        organization_id=job.organization_id, first_year=job.plan.first_year + 1
    ).first()
    made = (
        AuditEvent.objects.filter(
            organization_id=job.organization_id,
            action=Action.PLAN_ROLLED_OVER,
            object_type=Plan._meta.model_name,
            object_id=str(target.pk),
            details__job=job.pk,
        ).first()
        if target
        else None
    )
    if made is None:
        return None
    return {"first_year": target.first_year, "rows": made.details["rows"], "notes": made.details["notes"]}


def _waiting(job) -> str:
    following = next_plan(job.plan)
    return f"creazione del piano {following.triennium} dal piano {job.plan.triennium}"


def _outcome(job) -> dict:
    """The plan the job made (None if deleted since) and the catalogues whose rules changed."""
    target = Plan.objects.filter(
        organization_id=job.organization_id, first_year=job.outcome.get("first_year")
    ).first()
    return {
        "new_plan": target,
        "carried": sum(job.outcome.get("rows", {}).values()),
        "rule_changes": rule_changes(job.plan, target) if target else [],
    }


JOB = JobKind(
    run=_run_job, waiting=_waiting, outcome_template="plans/rollover_outcome.html", outcome_context=_outcome
)
