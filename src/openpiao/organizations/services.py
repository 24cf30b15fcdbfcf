"""Writes of the ente: keyword-only, plain values (model field names), audited."""

from typing import Any

from django.core.files import File
from django.db import transaction

from openpiao.core.audit import Action, save_audited
from openpiao.core.rows import RowEdit, save_rows, set_values

from .models import Organization, YearlyFigures, validate_coat_of_arms


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    values: dict[str, Any],
    figures: list[RowEdit],
    expected_version: int,
    user,
) -> Organization:
    """Save the anagrafica and the yearly figures together, or nothing (StaleEdit if someone
    saved the anagrafica since `expected_version`)."""
    set_values(organization, values)
    save_audited(
        organization,
        user=user,
        action=Action.ORGANIZATION_CHANGED,
        expected_version=expected_version,
        fields=values,
        organization=organization,
    )
    save_rows(
        figures,
        queryset=YearlyFigures.objects.filter(organization=organization),
        new=lambda: YearlyFigures(organization=organization),
    )
    return organization


def set_coat_of_arms(*, organization: Organization, file, user) -> Organization:
    """The ente's coat of arms, printed on the cover of its plans: a PNG or JPEG image checked
    by `validate_coat_of_arms` (ValidationError, nothing saved), stored under MEDIA_ROOT and
    replacing the previous one."""
    extension = validate_coat_of_arms(file)
    previous = organization.coat_of_arms.name if organization.coat_of_arms else ""
    storage, name = organization.coat_of_arms.storage, f"stemmi/{organization.slug}.{extension}"
    if storage.exists(name):  # the ente's own file, replaced: the name stays the ente's
        storage.delete(name)
    with transaction.atomic():
        organization.coat_of_arms.save(name.removeprefix("stemmi/"), File(file), save=False)
        save_audited(
            organization,
            user=user,
            action=Action.ORGANIZATION_CHANGED,
            expected_version=organization.version,
            fields=["coat_of_arms"],
            organization=organization,
        )
    if previous and previous != organization.coat_of_arms.name:
        organization.coat_of_arms.storage.delete(previous)
    return organization
