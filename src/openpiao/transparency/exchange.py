"""The transparency section in the plan's JSON (docs/export-format.md, "Trasparenza").

Keys: "transparency_settings", "transparency_map" (one row per duty of the ente's map, the duty
named by its catalogue key), "oiv_grids" (with their rows) and "access_requests".
"""

from openpiao.core.exchange import (
    Audience,
    at,
    fields_of,
    lookup,
    row,
    rows,
    save_row,
    section,
    values_for,
)

from .models import AccessRequest, AttestationGrid, AttestationRow, Duty, DutyAssignment, TransparencySettings

ASSIGNMENT_FIELDS = ["page_url", "last_published", "last_change", "not_applicable", "not_applicable_reason"]
GRID_FIELDS = ["year", "survey_date", "anac_reference"]
SCORES = ["published", "content", "offices", "updated", "open_format"]  # null until the OIV fills them
ROW_FIELDS = [*SCORES, "notes"]
REQUEST_FIELDS = [
    "kind",
    "received_on",
    "protocol",
    "subject",
    "counterparties",
    "outcome",
    "answered_on",
    "outcome_reason",
    "review_requested",
]


def export_section(plan, audience: Audience) -> dict:
    """The same for every audience: the registro degli accessi holds no requester."""
    settings = TransparencySettings.objects.filter(plan=plan).first()
    assignments = plan.duty_assignments.select_related("duty", "producing_unit", "publishing_unit").order_by(
        "duty__section__order", "duty__order"
    )
    grids = plan.attestation_grids.prefetch_related("rows__duty").order_by("year")
    requests = plan.access_requests.select_related("unit").order_by("received_on", "pk")
    return {
        "transparency_settings": {
            "timely_days": settings.timely_days if settings else TransparencySettings().timely_days,
            "site_url": settings.site_url if settings else "",
        },
        "transparency_map": [
            {
                "duty": a.duty.key,
                "producing_unit": a.producing_unit.code if a.producing_unit_id else None,
                "publishing_unit": a.publishing_unit.code if a.publishing_unit_id else None,
                **fields_of(a, ASSIGNMENT_FIELDS),
            }
            for a in assignments
        ],
        "oiv_grids": [
            {
                **fields_of(g, GRID_FIELDS),
                "rows": [{"duty": r.duty.key, **fields_of(r, ROW_FIELDS)} for r in g.rows.all()],
            }
            for g in grids
        ],
        "access_requests": [
            {**fields_of(r, REQUEST_FIELDS), "unit": r.unit.code if r.unit_id else None} for r in requests
        ],
    }


def import_section(plan, data: dict, context: dict) -> None:
    units = context.get("units", {})
    settings = section(data, "transparency_settings")
    if settings:
        path = "transparency_settings"
        with row():
            save_row(
                TransparencySettings(
                    plan=plan,
                    **values_for(TransparencySettings, settings, ["timely_days", "site_url"], path),
                ),
                path,
            )
    duties = {d.key: d for d in Duty.objects.all()}
    for path, item in rows(data, "transparency_map"):
        with row():
            assignment = DutyAssignment(
                plan=plan,
                **values_for(DutyAssignment, item, ASSIGNMENT_FIELDS, path),
            )
            assignment.duty = lookup(duties, item.get("duty"), at(path, "duty"), "obbligo del catalogo")
            assignment.producing_unit = lookup(
                units, item.get("producing_unit"), at(path, "producing_unit"), "unità"
            )
            assignment.publishing_unit = lookup(
                units, item.get("publishing_unit"), at(path, "publishing_unit"), "unità"
            )
            save_row(assignment, path)
    for path, item in rows(data, "oiv_grids"):
        with row():
            grid = save_row(
                AttestationGrid(
                    plan=plan,
                    **values_for(AttestationGrid, item, GRID_FIELDS, path),
                ),
                path,
            )
            for here, part in rows(item, "rows", path):
                with row():
                    attestation = AttestationRow(
                        grid=grid,
                        **values_for(AttestationRow, part, ROW_FIELDS, here),
                    )
                    attestation.duty = lookup(
                        duties, part.get("duty"), at(here, "duty"), "obbligo del catalogo"
                    )
                    save_row(attestation, here)
    for path, item in rows(data, "access_requests"):
        with row():
            request = AccessRequest(plan=plan, **values_for(AccessRequest, item, REQUEST_FIELDS, path))
            request.unit = lookup(units, item.get("unit"), at(path, "unit"), "unità")
            save_row(request, path)
