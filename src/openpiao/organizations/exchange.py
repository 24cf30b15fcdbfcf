"""Sezione 1 in the plan's JSON: the ente's anagrafica and its yearly figures."""

from openpiao.core.exchange import ImportProblem, fields_of, row, rows, save_head, save_row, values_for

from .models import Organization, YearlyFigures

ORGANIZATION_FIELDS = ["slug", *Organization.PROFILE_FIELDS]
FIGURE_FIELDS = YearlyFigures.INPUT_FIELDS


def export_organization(organization: Organization) -> dict:
    data = fields_of(organization, ORGANIZATION_FIELDS)
    data["figures"] = [fields_of(f, FIGURE_FIELDS) for f in organization.figures.order_by("year")]
    return data


def import_organization(data: dict, *, slug: str | None = None) -> Organization:
    """Create the ente described by `data` (optionally under another slug)."""
    if slug:
        data = {**data, "slug": slug}
    if isinstance(data.get("slug"), str) and Organization.objects.filter(slug=data["slug"]).exists():
        raise ImportProblem(f"organization.slug: esiste già un ente con identificativo «{data['slug']}».")
    organization = save_head(
        Organization, data, ORGANIZATION_FIELDS, "organization", essential={"slug", "name"}
    )
    for path, item in rows(data, "figures", "organization"):
        with row():
            values = values_for(YearlyFigures, item, FIGURE_FIELDS, path)
            save_row(YearlyFigures(organization=organization, **values), path)
    return organization
