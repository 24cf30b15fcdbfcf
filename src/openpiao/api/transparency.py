"""The transparency map (obblighi di pubblicazione), through the service and permission of the
map's page: after adoption only the publication record changes, as on the page."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router

from openpiao.organizations.models import PLAN_EDITORS
from openpiao.transparency.permissions import can_edit_assignment
from openpiao.transparency.selectors import assignments_queryset, get_assignment_for
from openpiao.transparency.services import save_assignment

from .access import plan_for, scope_for
from .schemas import AssignmentChange, AssignmentOut

router = Router(tags=["Trasparenza"])
PLAN = "/enti/{org}/piani/{year}/trasparenza/obblighi"
STRUCTURAL = ("producing_unit", "publishing_unit", "not_applicable", "not_applicable_reason")


def assignment_out(a) -> dict:
    fields = (
        "id",
        "version",
        "page_url",
        "last_published",
        "last_change",
        "not_applicable",
        "not_applicable_reason",
    )
    return {
        **{f: getattr(a, f) for f in fields},
        "duty": a.duty.key,
        "duty_name": a.duty.name,
        "section": a.duty.section.code,
        "producing_unit": a.producing_unit.code if a.producing_unit_id else None,
        "publishing_unit": a.publishing_unit.code if a.publishing_unit_id else None,
    }


@router.get(PLAN, response=list[AssignmentOut], summary="Mappa degli obblighi di pubblicazione")
def list_assignments(request, org: str, year: int):
    return [assignment_out(a) for a in assignments_queryset(plan_for(request, org, year))]


@router.get(PLAN + "/{assignment_id}", response=AssignmentOut, summary="Un obbligo della mappa")
def get_assignment(request, org: str, year: int, assignment_id: int):
    return assignment_out(get_assignment_for(plan_for(request, org, year), assignment_id))


@router.patch(PLAN + "/{assignment_id}", response=AssignmentOut, summary="Aggiorna un obbligo")
def update_assignment(request, org: str, year: int, assignment_id: int, data: AssignmentChange):
    plan = plan_for(request, org, year)
    assignment = get_assignment_for(plan, assignment_id)
    if not can_edit_assignment(scope_for(request, plan), assignment):
        raise PermissionDenied("Non può modificare questo obbligo.")
    values = data.model_dump(exclude_unset=True, exclude={"expected_version"})
    structural = plan.is_editable and request.auth.membership.role in PLAN_EDITORS
    if not structural and values.keys() & set(STRUCTURAL):
        raise PermissionDenied(
            "Le unità e l'applicabilità dell'obbligo cambiano solo nel piano in bozza, dal segretario o "
            "dall'amministratore."
        )
    for name in ("producing_unit", "publishing_unit"):
        if values.get(name) is not None:
            code = values[name]
            values[name] = plan.units.filter(code=code).first()
            if values[name] is None:
                raise ValidationError({name: f"Unità «{code}» non esiste in questo piano."})
    for name in ("page_url", "not_applicable_reason"):
        if name in values and values[name] is None:
            values[name] = ""
    save_assignment(
        assignment=assignment, values=values, expected_version=data.expected_version, user=request.auth.user
    )
    return assignment_out(get_assignment_for(plan, assignment_id))
