"""The transparency section in the plan's JSON (docs/export-format.md, "Trasparenza").

Keys: "transparency_settings", "transparency_map" (one row per duty of the ente's map, the duty
named by its catalogue key), "oiv_grids" (with their rows) and "access_requests".
"""

from openpiao.core.exchange import Audience, fields_of, lookup, save_row, values_for

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
    organization = plan.organization
    units = context.get("units", {})
    settings = data.get("transparency_settings")
    if settings:
        save_row(
            TransparencySettings(
                organization=organization,
                plan=plan,
                **values_for(TransparencySettings, settings, ["timely_days", "site_url"]),
            ),
            "impostazioni della trasparenza",
        )
    duties = {d.key: d for d in Duty.objects.all()}
    for row in data.get("transparency_map", []):
        where = f"obbligo «{row.get('duty')}»"
        assignment = DutyAssignment(
            organization=organization, plan=plan, **values_for(DutyAssignment, row, ASSIGNMENT_FIELDS)
        )
        assignment.duty = lookup(duties, row.get("duty"), where, "obbligo del catalogo")
        assignment.producing_unit = lookup(units, row.get("producing_unit"), where, "unità")
        assignment.publishing_unit = lookup(units, row.get("publishing_unit"), where, "unità")
        save_row(assignment, where)
    for item in data.get("oiv_grids", []):
        where = f"griglia OIV {item.get('year')}"
        grid = save_row(
            AttestationGrid(
                organization=organization, plan=plan, **values_for(AttestationGrid, item, GRID_FIELDS)
            ),
            where,
        )
        for row in item.get("rows", []):
            attestation = AttestationRow(
                organization=organization, grid=grid, **values_for(AttestationRow, row, ROW_FIELDS)
            )
            attestation.duty = lookup(duties, row.get("duty"), where, "obbligo del catalogo")
            save_row(attestation, f"{where}, obbligo «{row.get('duty')}»")
    for n, row in enumerate(data.get("access_requests", []), start=1):
        where = f"richiesta di accesso n. {n}"
        request = AccessRequest(
            organization=organization, plan=plan, **values_for(AccessRequest, row, REQUEST_FIELDS)
        )
        request.unit = lookup(units, row.get("unit"), where, "unità")
        save_row(request, where)
