"""Every route of the REST API, read from its OpenAPI description, with the arguments and a
valid body for each: the sweeps of tests/api call them all, so a new route is swept the day it
is added (and fails here until it has a body)."""

import json
from dataclasses import dataclass

from openpiao.api.api import api


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # /api/v1/enti/{org}/…
    operation: str  # the view's name
    public: bool

    @property
    def writes(self) -> bool:
        return self.method != "get"

    def url(self, **values) -> str:
        return self.path.format(**{k: v for k, v in values.items() if "{" + k + "}" in self.path})


def _view_name(operation_id: str) -> str:
    """openpiao_api_<module>_<view> → <view> (the module is one word)."""
    return operation_id.split("_", 3)[3]


def routes() -> list[Route]:
    schema = api.get_openapi_schema()
    return [
        Route(method, path, _view_name(operation["operationId"]), not operation.get("security"))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def arguments(plan, rows) -> dict:
    """Path arguments naming `rows` (tests/factories.one_row_of_each_kind) of `plan`."""
    return {
        "org": plan.organization.slug,
        "year": plan.first_year,
        "objective_id": rows["objective"].pk,
        "measure_id": rows["measure"].pk,
        "assignment_id": rows["assignment"].pk,
        "kind": "finale",
    }


def body(route: Route, plan, rows) -> str | None:
    """A body the route accepts for `rows` (JSON), or None for a route without one."""
    year = plan.reference_year
    objective, measure, assignment = rows["objective"], rows["measure"], rows["assignment"]
    bodies = {
        "create_objective": {
            "unit": rows["unit"].code,
            "number": 77,
            "title": "Obiettivo dall'API",
            "first_year": year,
            "last_year": year,
        },
        "update_objective": {"expected_version": objective.version, "title": "Titolo dall'API"},
        "delete_objective": None,
        "save_indicators": {"expected_version": objective.version, "rows": []},
        "save_phases": {"expected_version": objective.version, "rows": []},
        "save_participations": {"expected_version": objective.version, "rows": []},
        "save_review": {"expected_version": rows["review"].version, "reference_date": f"{year}-12-31"},
        "update_measure": {"expected_version": measure.version, "target": "100%"},
        "record_monitoring": {"date": f"{year}-06-30", "status": "in_progress"},
        "update_assignment": {"expected_version": assignment.version, "page_url": "https://example.it/at"},
    }
    if not route.writes:
        return None
    data = bodies[route.operation]  # KeyError: a new write route needs its body here
    return None if data is None else json.dumps(data)
