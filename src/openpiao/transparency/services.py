"""Writes of the transparency section: atomic, version-checked where users edit, logged."""

from django.db import transaction

from openpiao.core import audit
from openpiao.core.locking import save_form, save_if_unchanged

from .models import AttestationGrid, AttestationRow, Duty, DutyAssignment

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
    DutyAssignment.objects.bulk_create(new)
    audit.record(
        organization=plan.organization, user=user, action="mappa della trasparenza generata", added=len(new)
    )
    return len(new)


@transaction.atomic
def save_assignment(*, form, user) -> DutyAssignment:
    assignment, _ = save_form(form)
    audit.record(
        organization=assignment.organization,
        user=user,
        action="obbligo di trasparenza aggiornato",
        obj=assignment,
    )
    return assignment


@transaction.atomic
def save_row(*, form, user, action: str):
    """Create or update a single versioned row (settings, access request)."""
    item, _ = save_form(form)
    audit.record(organization=item.organization, user=user, action=action, obj=item)
    return item


@transaction.atomic
def choose_grid_duties(*, plan, year: int, duties, user) -> AttestationGrid:
    """Set the duties ANAC asks the OIV to attest this year; values of kept duties stay."""
    grid, _ = AttestationGrid.objects.get_or_create(plan=plan, year=year)
    chosen = {d.pk for d in duties}
    grid.rows.exclude(duty_id__in=chosen).delete()
    present = set(grid.rows.values_list("duty_id", flat=True))
    AttestationRow.objects.bulk_create(
        AttestationRow(grid=grid, duty_id=pk) for pk in sorted(chosen - present)
    )
    audit.record(
        organization=plan.organization,
        user=user,
        action="obblighi della griglia OIV scelti",
        obj=grid,
        duties=len(chosen),
    )
    return grid


@transaction.atomic
def fill_grid(*, header, formset, user) -> None:
    """Save the survey date and the OIV's values as one change of the grid (version-checked)."""
    grid = header.instance
    save_if_unchanged(grid, header.cleaned_data["expected_version"], list(header.Meta.fields))
    formset.save()
    audit.record(organization=grid.organization, user=user, action="griglia OIV compilata", obj=grid)
