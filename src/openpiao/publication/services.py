"""Writes of the publication app: the ente's choice of licence for its open data."""

from typing import Any

from openpiao.core.audit import Action, save_audited
from openpiao.core.rows import set_values

from .models import PublicationSettings


def save_settings(
    *, organization, settings: PublicationSettings | None, values: dict[str, Any], expected_version, user
) -> PublicationSettings:
    """The ente's publication settings (`settings` None: none stored yet)."""
    settings = settings or PublicationSettings(organization=organization)
    set_values(settings, values)
    return save_audited(
        settings,
        user=user,
        action=Action.PUBLICATION_SETTINGS_SAVED,
        expected_version=expected_version,
        fields=values,
        organization=organization,
        licence=values.get("licence", settings.licence),
    )
