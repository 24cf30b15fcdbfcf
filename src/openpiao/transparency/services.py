"""Writes of the transparency section: keyword-only, plain values (model field names →
cleaned values), atomic, version-checked where users edit, audited."""

from typing import Any

from django.db import transaction

from openpiao.core.audit import Action, record, save_audited
from openpiao.core.history import bulk_create_tracked
from openpiao.core.rows import RowEdit, save_rows, set_values

from .models import AccessRequest, AttestationGrid, AttestationRow, Duty, DutyAssignment, TransparencySettings

NOT_FOR_MUNICIPALITIES = "Obbligo non previsto per i comuni (vocabolario AgID/DAF, colonna «Comuni»)."


@transaction.atomic
def generate_map(*, plan, user) -> int:
    """Add to the ente's map every duty of the catalogue it does not have yet.

    Duties the vocabulary marks as not for comuni start as not applicable, with that reason.
    """
    present = set(plan.duty_assignments.values_list("duty_id", flat=True))
    new = [
        DutyAssignment(
            plan=plan,
            duty=duty,
            not_applicable=duty.applicable_to_municipalities == "no",
            not_applicable_reason=NOT_FOR_MUNICIPALITIES if duty.applicable_to_municipalities == "no" else "",
        )
        for duty in Duty.objects.exclude(pk__in=present)
    ]
    bulk_create_tracked(DutyAssignment, new, user=user, reason=Action.TRANSPARENCY_MAP_GENERATED)
    record(
        organization=plan.organization, user=user, action=Action.TRANSPARENCY_MAP_GENERATED, added=len(new)
    )
    return len(new)


def save_assignment(
    *, assignment: DutyAssignment, values: dict[str, Any], expected_version: int, user
) -> DutyAssignment:
    """The duty's units and applicability, and its publication record."""
    set_values(assignment, values)
    return save_audited(
        assignment,
        user=user,
        action=Action.DUTY_ASSIGNMENT_SAVED,
        expected_version=expected_version,
        fields=values,
    )


def save_settings(
    *,
    plan,
    settings: TransparencySettings | None,
    values: dict[str, Any],
    expected_version: int | None = None,
    user,
) -> TransparencySettings:
    """The plan's transparency settings (`settings` None: none stored yet)."""
    settings = settings or TransparencySettings(plan=plan)
    set_values(settings, values)
    return save_audited(
        settings,
        user=user,
        action=Action.TRANSPARENCY_SETTINGS_SAVED,
        expected_version=expected_version,
        fields=values,
    )


def save_access_request(
    *,
    plan,
    access_request: AccessRequest | None,
    values: dict[str, Any],
    expected_version: int | None = None,
    user,
) -> AccessRequest:
    """A request of the registro degli accessi (`access_request` None: a new one)."""
    item = access_request or AccessRequest(plan=plan)
    set_values(item, values)
    return save_audited(
        item,
        user=user,
        action=Action.ACCESS_REQUEST_SAVED,
        expected_version=expected_version,
        fields=values,
    )


@transaction.atomic
def choose_grid_duties(*, plan, year: int, duties, user) -> AttestationGrid:
    """Set the duties ANAC asks the OIV to attest this year; values of kept duties stay."""
    grid, _ = AttestationGrid.objects.get_or_create(plan=plan, year=year)
    chosen = {d.pk for d in duties}
    grid.rows.exclude(duty_id__in=chosen).delete()
    present = set(grid.rows.values_list("duty_id", flat=True))
    bulk_create_tracked(
        AttestationRow,
        (AttestationRow(grid=grid, duty_id=pk) for pk in sorted(chosen - present)),
        user=user,
        reason=Action.OIV_GRID_DUTIES_CHOSEN,
    )
    record(
        organization=plan.organization,
        user=user,
        action=Action.OIV_GRID_DUTIES_CHOSEN,
        obj=grid,
        duties=len(chosen),
    )
    return grid


def fill_grid(
    *, grid: AttestationGrid, values: dict[str, Any], rows: list[RowEdit], expected_version: int, user
) -> AttestationGrid:
    """Save the survey date and the OIV's values as one change of the grid (version-checked);
    `rows` are the grid's own rows (none is added or removed here)."""
    set_values(grid, values)
    with transaction.atomic():
        save_audited(
            grid, user=user, action=Action.OIV_GRID_FILLED, expected_version=expected_version, fields=values
        )
        # The RPCT chooses the rows (choose_grid_duties); the OIV only fills them.
        save_rows([r for r in rows if not r.delete], queryset=grid.rows.all(), new=None)
    return grid
