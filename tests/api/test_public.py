"""Public reads: only adopted plans, from their frozen version, with nothing personal beyond
the printed plan."""

import json

from openpiao.api.public import PAGE_SIZE
from openpiao.core.exchange import Audience
from openpiao.documents.models import PlanVersion, frozen_files
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Objective, Participation
from openpiao.plans.json_document import export_plan_json
from openpiao.plans.models import Plan

BASE = "/api/v1/pubblici/enti/casorate-primo/piani"


def freeze(plan) -> PlanVersion:
    """Adoption as it leaves the plan: status adopted and the public JSON frozen (stand-in files)."""
    data = export_plan_json(plan, audience=Audience.PUBLIC).encode()
    Plan.objects.filter(pk=plan.pk).update(status="adopted", resolution_number="7")
    return PlanVersion.objects.create(
        organization=plan.organization,
        plan=plan,
        number=plan.frozen_versions.count() + 1,
        resolution_number="7",
        resolution_date=f"{plan.first_year}-01-30",
        **frozen_files(plan, data=data, pdf=b"%PDF", docx=b"PK"),
    )


def all_pages(client, url) -> list:
    items, page = [], 1
    while True:
        body = client.get(url, {"page": page}).json()
        items += body["items"]
        if len(items) >= body["count"]:
            return items
        page += 1


def test_a_draft_plan_is_not_public(client, casorate):
    assert client.get(BASE).json() == {"items": [], "count": 0}
    for part in ("obiettivi", "rischi/processi", "rischi/misure", "trasparenza/obblighi", "personale"):
        assert client.get(f"{BASE}/2024/{part}").status_code == 404
    assert client.get("/api/v1/pubblici/enti/inesistente/piani").status_code == 404


def test_an_adopted_plan_is_read_from_its_frozen_version(client, casorate):
    version = freeze(casorate)
    plans = client.get(BASE).json()["items"]
    assert plans == [
        {
            "year": 2024,
            "last_year": 2026,
            "kind": "piao",
            "title": casorate.display_title,
            "status": "adopted",
            "version": 1,
            "resolution_number": "7",
            "resolution_date": "2024-01-30",
            "json_sha256": version.json_sha256,
            "pdf_sha256": version.pdf_sha256,
        }
    ]
    frozen = json.loads(version.read("data"))
    objectives = all_pages(client, f"{BASE}/2024/obiettivi")
    assert (
        len(objectives) == len(frozen["objectives"]) == Objective.objects.filter(plan=casorate).count() == 26
    )
    assert [o["title"] for o in objectives] == [o["title"] for o in frozen["objectives"]]
    # A later change of the plan's rows does not reach the public reads: they are the act.
    Objective.objects.filter(plan=casorate).update(title="cambiato dopo")
    assert "cambiato dopo" not in json.dumps(all_pages(client, f"{BASE}/2024/obiettivi"))
    duties = all_pages(client, f"{BASE}/2024/trasparenza/obblighi")
    assert len(duties) == len(frozen["transparency_map"]) > PAGE_SIZE  # read over several pages
    assert all(d["duty_name"] for d in duties)
    assert len(all_pages(client, f"{BASE}/2024/rischi/misure")) == len(frozen["risk_measures"])
    assert len(all_pages(client, f"{BASE}/2024/rischi/processi")) == len(frozen["risk_processes"])
    staffing = all_pages(client, f"{BASE}/2024/personale")
    assert sum(line["count"] for line in staffing) == frozen["human_capital"]["headcount"]["total"]


def test_no_personal_data_beyond_the_printed_plan(client, casorate):
    freeze(casorate)
    everything = json.dumps(
        [
            all_pages(client, f"{BASE}/2024/{part}")
            for part in ("obiettivi", "rischi/processi", "rischi/misure", "trasparenza/obblighi", "personale")
        ]
    )
    assert "participations" not in everything and "hourly_cost" not in everything
    staff_on_objectives = Participation.objects.filter(objective__plan=casorate).select_related("employee")
    assert staff_on_objectives.exists()
    for employee in Employee.objects.filter(plan=casorate).exclude(key=""):
        assert f'"{employee.key}"' not in everything
