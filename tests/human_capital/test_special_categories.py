"""Special categories of personal data (art. 9 GDPR) in lavoro agile: the priority categories of
the agreements (disability, caregiver, fragile worker) and the reasons of a derogation are seen
only by the roles that decide the agreements (segretario and amministratore), and never leave
the installation in the open-data document or in a frozen version."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.human_capital.models import PriorityCategory, SmartWorkingAgreement
from openpiao.organization_chart.models import Employee
from openpiao.plans.json_document import export_plan, import_plan
from tests.crawl import linked_pages

ORG, YEAR = "casorate-primo", 2024
# The demo's own sensitive values: the categories it records and a derogation's reason.
SENSITIVE = [
    PriorityCategory.PARENT.label,
    PriorityCategory.FRAGILE.label,
    PriorityCategory.CAREGIVER.label,
    PriorityCategory.DISABILITY.label,
    "Grave situazione di salute documentata",
]
SENSITIVE_JSON = ['"priority"', ': "fragile"', ': "caregiver"', ': "parent"', "Grave situazione di salute"]


def test_the_demo_records_what_this_file_looks_for(casorate):
    agreements = SmartWorkingAgreement.objects.filter(plan=casorate)
    assert {"parent", "fragile", "caregiver"} <= set(agreements.values_list("priority", flat=True))
    assert agreements.filter(derogation_reason__startswith="Grave situazione di salute").exists()


def _crawl(client) -> dict[str, str]:
    """Every page of the plan a member can reach by links, one per kind of address (the walk
    reads pages, not files: the JSON downloads are checked below)."""
    return dict(linked_pages(client, f"/enti/{ORG}/piani/{YEAR}/"))


@pytest.mark.parametrize("username", ["lettore", "nucleo"])
def test_no_page_shows_the_priority_categories_to_who_does_not_decide(client, casorate, username):
    client.force_login(get_user_model().objects.get(username=username))
    pages = _crawl(client)
    assert len(pages) >= 25
    assert reverse("human_capital:smart_working", args=[ORG, YEAR]) in pages
    shown = {(address, text) for address, html in pages.items() for text in SENSITIVE if text in html}
    assert shown == set()


def test_a_unit_head_records_agreements_without_seeing_the_categories(client, casorate, make_member):
    user = make_member(casorate.organization, "unit_head")
    for key in ("bernardinello", "latorre", "paganelli"):
        Employee.objects.get(plan=casorate, key=key).unit.editors.add(user)
    client.force_login(user)
    agreement = SmartWorkingAgreement.objects.get(plan=casorate, employee__key="bernardinello")
    edit = reverse("human_capital:row_edit", args=[ORG, YEAR, "accordi", agreement.pk])
    pages = {**_crawl(client), edit: client.get(edit).content.decode()}
    assert 'name="remote_days"' in pages[edit]
    shown = {(address, text) for address, html in pages.items() for text in SENSITIVE if text in html}
    assert shown == set()
    # Saving the agreement from that form keeps what the unit head could not see.
    from tests.page_forms import page_form

    response = client.post(edit, page_form(client.get(edit), place="Sede distaccata"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.place == "Sede distaccata" and agreement.priority == "fragile"
    assert agreement.presence_derogation and agreement.derogation_reason.startswith("Grave situazione")


def test_the_secretary_sees_the_categories(secretary_client, casorate):
    page = secretary_client.get(reverse("human_capital:smart_working", args=[ORG, YEAR])).content.decode()
    assert PriorityCategory.FRAGILE.label in page and PriorityCategory.CAREGIVER.label in page


def _download(client) -> str:
    response = client.get(reverse("plans:export", args=[ORG, YEAR]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("username", ["lettore", "nucleo", "resp.amministrativo"])
def test_the_json_download_of_who_does_not_decide_is_the_open_data_one(client, casorate, username):
    client.force_login(get_user_model().objects.get(username=username))
    text = _download(client)
    assert [value for value in SENSITIVE_JSON if value in text] == []
    document = json.loads(text)
    assert document["audience"] == "public"
    assert "smart_working_agreements" not in document["human_capital"]
    # Of the employees, what the printed plan shows (names, category, unit, hourly cost).
    assert not {"gender", "part_time_pct", "contract_type", "start_date", "end_date"} & set(
        document["employees"][0]
    )


def test_the_secretary_downloads_the_full_backup_and_it_round_trips(secretary_client, casorate):
    document = json.loads(_download(secretary_client))
    assert document["audience"] == "backup"
    agreements = document["human_capital"]["smart_working_agreements"]
    assert {"parent", "fragile", "caregiver"} <= {a["priority"] for a in agreements}
    copy = import_plan(document, slug="copia-riservata")
    again = export_plan(copy, audience=Audience.BACKUP)
    assert again["human_capital"]["smart_working_agreements"] == agreements
    assert again["employees"] == document["employees"]


def test_the_open_data_document_holds_no_personal_data_beyond_the_print(casorate):
    document = export_plan(casorate, audience=Audience.PUBLIC)
    text = json.dumps(document, ensure_ascii=False)
    assert [value for value in SENSITIVE_JSON if value in text] == []
    section = document["human_capital"]
    assert all("employee" not in row for row in section["cessations"])
    courses = [course for area in section["training_areas"] for course in area["courses"]]
    assert courses and all("enrolments" not in course for course in courses)
    assert "short" not in section["training_hours"]


def test_the_open_data_document_is_not_a_backup(casorate):
    from openpiao.core.exchange import ImportProblem

    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.PUBLIC)))
    with pytest.raises(ImportProblem, match="copia completa"):
        import_plan(document, slug="copia-pubblica")
