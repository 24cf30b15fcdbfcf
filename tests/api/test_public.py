"""Public reads: only adopted plans, from their frozen version, and the very rows of the open
datasets (the CSV and JSON files of the public pages), with nothing personal beyond the printed
plan."""

import json

from openpiao.api.public import PAGE_SIZE
from openpiao.core.exchange import Audience
from openpiao.documents.models import PlanVersion, frozen_files
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Objective, Participation
from openpiao.plans.json_document import export_plan_json
from openpiao.plans.models import Plan
from openpiao.publication import selectors
from openpiao.publication.datasets import DATASETS

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


def all_pages(client, url, **query) -> list:
    items, page = [], 1
    while True:
        body = client.get(url, {"page": page, **query}).json()
        items += body["items"]
        if len(items) >= body["count"]:
            return items
        page += 1


def test_a_draft_plan_is_not_public(client, casorate):
    """An ente without a published plan answers as one that does not exist."""
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}/2024/dati").status_code == 404
    for dataset in DATASETS:
        assert client.get(f"{BASE}/2024/dati/{dataset.slug}").status_code == 404
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
    objectives = all_pages(client, f"{BASE}/2024/dati/obiettivi")
    assert len(objectives) == Objective.objects.filter(plan=casorate).count() == 26
    # A later change of the plan's rows does not reach the public reads: they are the act.
    Objective.objects.filter(plan=casorate).update(title="cambiato dopo")
    assert "cambiato dopo" not in json.dumps(all_pages(client, f"{BASE}/2024/dati/obiettivi"))
    duties = all_pages(client, f"{BASE}/2024/dati/obblighi-trasparenza")
    assert len(duties) > PAGE_SIZE and all(d["denominazione"] for d in duties)  # several pages


def test_every_dataset_is_the_rows_of_the_public_files(client, casorate):
    """Each dataset route gives exactly the rows of the dataset's JSON file of the public pages,
    and its dictionary is the one the public page shows."""
    freeze(casorate)
    source = selectors.source_for(selectors.published_versions("casorate-primo", 2024))
    listed = {d["slug"]: d for d in client.get(f"{BASE}/2024/dati").json()}
    assert list(listed) == [d.slug for d in DATASETS]
    for dataset in DATASETS:
        rows = all_pages(client, f"{BASE}/2024/dati/{dataset.slug}")
        public_file = client.get(f"/pubblico/casorate-primo/2024/dati/{dataset.slug}.json").json()
        assert rows == public_file["righe"]
        assert len(rows) == listed[dataset.slug]["rows"] == len(dataset.table(source))
        assert [c["name"] for c in listed[dataset.slug]["columns"]] == [c.name for c in dataset.columns]


def test_an_earlier_version_stays_readable(client, casorate):
    freeze(casorate)
    Objective.objects.filter(plan=casorate, number=1).update(title="Nuovo titolo adottato")
    freeze(casorate)
    latest = json.dumps(all_pages(client, f"{BASE}/2024/dati/obiettivi"))
    first = json.dumps(all_pages(client, f"{BASE}/2024/dati/obiettivi", versione=1))
    assert "Nuovo titolo adottato" in latest and "Nuovo titolo adottato" not in first
    assert client.get(f"{BASE}/2024/dati/obiettivi", {"versione": 9}).status_code == 404


def test_no_personal_data_beyond_the_printed_plan(client, casorate):
    freeze(casorate)
    everything = json.dumps([all_pages(client, f"{BASE}/2024/dati/{d.slug}") for d in DATASETS])
    staff_on_objectives = Participation.objects.filter(objective__plan=casorate).select_related("employee")
    assert staff_on_objectives.exists()
    assert "ore" not in {c.name for d in DATASETS for c in d.columns}
    for employee in Employee.objects.filter(plan=casorate).exclude(key=""):
        assert f'"{employee.key}"' not in everything
