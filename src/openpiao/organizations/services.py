"""Writes of the ente: keyword-only, plain values (model field names), audited."""

from typing import Any

from django.db import transaction

from openpiao.core.audit import Action, save_audited
from openpiao.core.rows import RowEdit, save_rows, set_values

from .models import Organization, YearlyFigures


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
