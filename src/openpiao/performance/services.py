"""Writes of the performance section: each one atomic, version-checked and logged."""

from django.db import transaction
from django.db.models import F

from openpiao.core import audit
from openpiao.core.locking import StaleEdit, save_form, save_if_unchanged

from .models import Objective, StrategicObjective


def _touch_objective(objective: Objective, expected_version: int) -> None:
    """Claim the objective for this edit: fails if someone saved it since `expected_version`."""
    updated = Objective.objects.filter(pk=objective.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise StaleEdit(StaleEdit.message)
    objective.version = expected_version + 1


@transaction.atomic
def create_objective(*, form, user) -> Objective:
    objective = form.save()
    audit.record(organization=objective.organization, user=user, action="obiettivo creato", obj=objective)
    return objective


@transaction.atomic
def update_objective(*, form, user) -> Objective:
    objective = form.instance
    fields = [f for f in form.Meta.fields if f != "co_units"]
    save_if_unchanged(objective, form.cleaned_data["expected_version"], fields)
    objective.co_units.set(form.cleaned_data["co_units"])
    audit.record(organization=objective.organization, user=user, action="obiettivo modificato", obj=objective)
    return objective


@transaction.atomic
def save_objective_part(*, objective: Objective, formset, expected_version: int, user, part: str) -> None:
    """Save indicators, phases, staff or resources of an objective as one change."""
    _touch_objective(objective, expected_version)
    formset.save()
    audit.record(
        organization=objective.organization, user=user, action=f"obiettivo modificato: {part}", obj=objective
    )


@transaction.atomic
def save_indicator(*, objective: Objective, form, expected_version: int, user) -> None:
    _touch_objective(objective, expected_version)
    indicator = form.save()
    audit.record(
        organization=objective.organization,
        user=user,
        action="indicatore modificato",
        obj=indicator,
        objective=objective.pk,
    )


@transaction.atomic
def delete_objective(*, objective: Objective, user) -> None:
    audit.record(
        organization=objective.organization,
        user=user,
        action="obiettivo eliminato",
        obj=objective,
        title=objective.title,
    )
    objective.delete()


@transaction.atomic
def save_strategic_objective(*, form, user) -> StrategicObjective:
    """Create, or save if nobody saved it since the form was opened (StaleEdit otherwise)."""
    item, created = save_form(form)
    audit.record(
        organization=item.organization,
        user=user,
        action="obiettivo strategico " + ("creato" if created else "modificato"),
        obj=item,
    )
    return item
