"""The risk register (processi e misure), through the services and permissions of the pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from openpiao.risk import services
from openpiao.risk.models import Measure, Process
from openpiao.risk.permissions import can_edit_measure, can_monitor_measure
from openpiao.risk.selectors import measures_queryset

from .access import plan_for, scope_for
from .schemas import MeasureChange, MeasureOut, MonitoringIn, ProcessOut

router = Router(tags=["Rischi corruttivi"])
PLAN = "/enti/{org}/piani/{year}/rischi"


def process_out(process: Process) -> dict:
    return {
        **{f: getattr(process, f) for f in ("id", "version", "code", "name", "description", "owner")},
        "area": process.area.code,
        "unit": process.unit.code if process.unit_id else None,
        "events": [e.description for e in process.events.all()],
    }


def measure_out(measure: Measure) -> dict:
    fields = ("id", "version", "kind", "title", "description", "deadline", "indicator", "target", "status")
    return {
        **{f: getattr(measure, f) for f in fields},
        "general_measure": measure.general_measure.code if measure.general_measure_id else None,
        "measure_type": measure.measure_type.code if measure.measure_type_id else "",
        "process": measure.process.code if measure.process_id else None,
        "owner_unit": measure.owner_unit.code if measure.owner_unit_id else None,
    }


@router.get(PLAN + "/processi", response=list[ProcessOut], summary="Processi mappati")
def list_processes(request, org: str, year: int):
    plan = plan_for(request, org, year)
    processes = Process.objects.filter(plan=plan).select_related("area", "unit").prefetch_related("events")
    return [process_out(p) for p in processes.order_by("order", "code")]


@router.get(PLAN + "/misure", response=list[MeasureOut], summary="Misure di prevenzione")
def list_measures(request, org: str, year: int):
    plan = plan_for(request, org, year)
    return [measure_out(m) for m in measures_queryset().filter(plan=plan).order_by("order", "pk")]


def _measure(request, org, year, measure_id, *, editing: bool) -> Measure:
    plan = plan_for(request, org, year, editing=editing)
    return get_object_or_404(measures_queryset().filter(plan=plan), pk=measure_id)


@router.get(PLAN + "/misure/{measure_id}", response=MeasureOut, summary="Una misura")
def get_measure(request, org: str, year: int, measure_id: int):
    return measure_out(_measure(request, org, year, measure_id, editing=False))


@router.patch(PLAN + "/misure/{measure_id}", response=MeasureOut, summary="Modifica una misura")
def update_measure(request, org: str, year: int, measure_id: int, data: MeasureChange):
    measure = _measure(request, org, year, measure_id, editing=True)
    if not can_edit_measure(scope_for(request, measure.plan), measure):
        raise PermissionDenied("Non può modificare questa misura.")
    values = data.model_dump(exclude_unset=True, exclude={"expected_version"})
    for name in ("title", "description", "indicator", "target", "status"):
        if name in values and values[name] is None:
            values[name] = ""
    services.save_measure(
        plan=measure.plan,
        measure=measure,
        values=values,
        expected_version=data.expected_version,
        user=request.auth.user,
    )
    return measure_out(_measure(request, org, year, measure_id, editing=False))


@router.post(
    PLAN + "/misure/{measure_id}/monitoraggi",
    response={201: MeasureOut},
    summary="Monitoraggio di una misura",
)
def record_monitoring(request, org: str, year: int, measure_id: int, data: MonitoringIn):
    """Monitoring goes on after adoption: it records what happens, it does not change the plan."""
    measure = _measure(request, org, year, measure_id, editing=False)
    if not can_monitor_measure(scope_for(request, measure.plan), measure):
        raise PermissionDenied("Non può registrare il monitoraggio di questa misura.")
    services.record_monitoring(measure=measure, values=data.model_dump(), user=request.auth.user)
    return Status(201, measure_out(_measure(request, org, year, measure_id, editing=False)))
