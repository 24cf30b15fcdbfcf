"""Who may change the risk register: the plan's editors (segretario/RPCT, amministratore) all
of it; a responsabile the processes and measures of the units it edits; the others read. The
units come from organization_chart.scope.unit_scope."""

from openpiao.organization_chart.scope import EditScope


def can_edit_process(scope: EditScope, process) -> bool:
    return process.plan.is_editable and scope.covers(process.unit_id)


def can_edit_measure(scope: EditScope, measure) -> bool:
    return measure.plan.is_editable and scope.covers(measure.owner_unit_id, _process_unit(measure))


def can_monitor_measure(scope: EditScope, measure) -> bool:
    """Monitoring goes on after adoption: it records what happens, it does not change the plan."""
    return scope.covers(measure.owner_unit_id, _process_unit(measure))


def _process_unit(measure) -> int | None:
    return measure.process.unit_id if measure.process_id else None
