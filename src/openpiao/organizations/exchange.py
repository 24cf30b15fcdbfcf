"""Sezione 1 in the plan's JSON: the ente's anagrafica and its yearly figures."""

from openpiao.core.exchange import ImportProblem, fields_of, save_row

from .models import Organization, YearlyFigures

ORGANIZATION_FIELDS = ["slug", *Organization.PROFILE_FIELDS]
FIGURE_FIELDS = YearlyFigures.INPUT_FIELDS


def export_organization(organization: Organization) -> dict:
    data = fields_of(organization, ORGANIZATION_FIELDS)
    data["figures"] = [fields_of(f, FIGURE_FIELDS) for f in organization.figures.order_by("year")]
    return data


def import_organization(data: dict, *, slug: str | None = None) -> Organization:
    """Create the ente described by `data` (optionally under another slug)."""
    values = {k: data[k] for k in ORGANIZATION_FIELDS if k in data}
    if slug:
        values["slug"] = slug
    if Organization.objects.filter(slug=values.get("slug")).exists():
        raise ImportProblem(f"Esiste già un ente con identificativo «{values.get('slug')}».")
    organization = save_row(Organization(**values), "ente")
    for index, row in enumerate(data.get("figures", []), start=1):
        save_row(
            YearlyFigures(organization=organization, **{k: row[k] for k in FIGURE_FIELDS}),
            f"dati annuali n. {index}",
        )
    return organization
