"""Where a row of the register leads: the page of the object, or of the row it belongs to, or of
its section of the plan. URL names only: the register imports no view."""

# model label → (URL name, the field holding the id the URL takes; None: the page takes no id)
OWN_PAGES = {
    "performance.objective": ("performance:objective", "id"),
    "performance.strategicobjective": ("performance:strategic", None),
    "risk.process": ("risk:process", "id"),
    "risk.measure": ("risk:measure", "id"),
    "organization_chart.orgunit": ("organization_chart:unit_edit", "id"),
    "organization_chart.employee": ("organization_chart:employee_edit", "id"),
    "transparency.dutyassignment": ("transparency:assignment", "id"),
    "transparency.accessrequest": ("transparency:access_edit", "id"),
}
# model label → (the link to the row it belongs to, that row's model label): the parent's page
PARENTS = {
    "performance.indicator": ("objective", "performance.objective"),
    "performance.phase": ("objective", "performance.objective"),
    "performance.participation": ("objective", "performance.objective"),
    "performance.resource": ("objective", "performance.objective"),
    "risk.riskevent": ("process", "risk.process"),
    "risk.assessment": ("process", "risk.process"),
    "risk.monitoringrecord": ("measure", "risk.measure"),
}
# app label → the section's page of the plan
SECTION_PAGES = {
    "plans": "plans:detail",
    "organization_chart": "organization_chart:index",
    "performance": "performance:objectives",
    "evaluation": "evaluation:dashboard",
    "human_capital": "human_capital:index",
    "risk": "risk:register",
    "transparency": "transparency:map",
    "documents": "documents:index",
}
