"""The plan document (JSON) uploaded in the browser: preview, confirmation, problems, frozen plans.

Every post is what the rendered page sends (`page_form`): the upload form with its file, then the
preview's confirmation form with its ticket.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.core.models import Action, AuditEvent
from openpiao.plans.json_document import export_plan, export_plan_json
from openpiao.plans.models import Plan
from tests.page_forms import page_form


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(plan) -> str:
    return reverse("plans:import", args=[plan.organization.slug])


def _document(plan) -> dict:
    return json.loads(export_plan_json(plan, audience=Audience.BACKUP))


def _upload(client, url, document, name="piano.json"):
    page = client.get(url)
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(url, page_form(page, file=SimpleUploadedFile(name, content)))


def test_the_upload_previews_the_replacement_and_saves_nothing(secretary_client, casorate):
    before = _document(casorate)
    events = AuditEvent.objects.count()
    response = _upload(secretary_client, _url(casorate), before)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anteprima dell'importazione" in html and "viene <strong>sostituito</strong>" in html
    # Rows per kind, now and after: the document is the plan itself, so the same counts.
    assert '<td>Obiettivi</td><td class="text-end">26</td><td class="text-end">26</td>' in html
    assert _document(casorate) == before and AuditEvent.objects.count() == events


def test_confirming_imports_the_same_file_atomically(secretary_client, casorate):
    document = _document(casorate)
    document["objectives"][0]["title"] = "Titolo cambiato dal file"
    url = _url(casorate)
    version = casorate.version
    preview = _upload(secretary_client, url, document)
    response = secretary_client.post(url, page_form(preview, index=-2))  # the preview's form
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=["casorate-primo", 2024])
    casorate.refresh_from_db()
    assert casorate.version == version + 1  # a form of the plan opened before is now stale
    assert casorate.objectives.filter(title="Titolo cambiato dal file").count() == 1
    assert _document(casorate) == document  # the rest of the plan as it was
    event = AuditEvent.objects.filter(action=Action.PLAN_IMPORTED).latest("pk")
    assert event.details["replaced"]["obiettivi"] == 26 and event.details["rows"]["objectives"] == 26
    # The ticket served once: the file is gone.
    again = secretary_client.post(url, page_form(preview, index=-2))
    assert "non è più disponibile" in again.content.decode()


def test_a_document_for_a_new_triennium_creates_the_plan(client, casorate, albizzate, make_member):
    client.force_login(make_member(albizzate.organization, "admin"))
    url = _url(albizzate)
    preview = _upload(client, url, _document(casorate))
    assert "viene <strong>creato</strong> il PIAO 2024-2026" in preview.content.decode()
    assert not albizzate.organization.plans.filter(first_year=2024).exists()
    client.post(url, page_form(preview, index=-2))
    plan = albizzate.organization.plans.get(first_year=2024)
    assert plan.objectives.count() == 26 and plan.status == "draft"
    assert albizzate.organization.name == "Comune di Albizzate"  # the ente's own data stay


def test_every_problem_is_listed_with_its_place_and_nothing_is_saved(secretary_client, casorate):
    document = _document(casorate)
    document["objectives"][3]["weight"] = "abc"
    document["employees"][0]["unit"] = "NESSUNA"
    before = _document(casorate)
    response = _upload(secretary_client, _url(casorate), document)
    html = response.content.decode()
    assert "nulla è stato salvato" in html
    assert "objectives[3].weight: valore non numerico «abc»" in html
    assert "employees[0].unit: unità «NESSUNA» non presente nel documento." in html
    assert 'name="ticket"' not in html  # nothing to confirm
    assert _document(casorate) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "Il file non è un documento JSON valido: riga 1, colonna 2"),
        (b"\xff\xfe", "Il file non è in codifica UTF-8"),
        (json.dumps({"format": "altro"}).encode(), "Il documento non è un piano OpenPIAO"),
    ],
)
def test_files_that_are_not_plan_documents_are_refused(secretary_client, casorate, content, message):
    response = _upload(secretary_client, _url(casorate), content)
    assert message in response.content.decode()


def test_the_open_data_document_is_refused(secretary_client, casorate):
    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.PUBLIC), default=str))
    response = _upload(secretary_client, _url(casorate), document)
    assert "la versione dei dati aperti" in response.content.decode()


def test_a_file_over_the_limit_is_refused(secretary_client, casorate, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = _upload(secretary_client, _url(casorate), _document(casorate))
    assert "Il file è troppo grande" in response.content.decode()


def test_an_adopted_plan_is_never_replaced(secretary_client, casorate):
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="12", resolution_date="2024-01-30"
    )
    response = _upload(secretary_client, _url(casorate), _document(casorate))
    assert "un piano adottato non si sostituisce" in response.content.decode()


def test_the_ticket_is_bound_to_the_user_and_the_ente(client, casorate, make_member):
    url = _url(casorate)
    client.force_login(make_member(casorate.organization, "secretary"))
    preview = _upload(client, url, _document(casorate))
    confirmation = page_form(preview, index=-2)
    client.force_login(make_member(casorate.organization, "admin"))
    assert "non è più disponibile" in client.post(url, confirmation).content.decode()
    forged = {**confirmation, "ticket": confirmation["ticket"][:-2] + "xx"}
    assert "non è più disponibile" in client.post(url, forged).content.decode()


def test_the_home_page_links_the_import_for_editors_only(client, casorate, make_member):
    home = reverse("organizations:home", args=["casorate-primo"])
    client.force_login(make_member(casorate.organization, "secretary"))
    assert _url(casorate) in client.get(home).content.decode()
    client.force_login(make_member(casorate.organization, "reader"))
    assert _url(casorate) not in client.get(home).content.decode()


def test_what_no_document_carries_is_kept_for_the_employees_still_there(casorate):
    """The users linked to employees and the behaviour assessments (personal data, never
    exported) survive a replacement of the plan, for the employees the document keeps."""
    from openpiao.evaluation.models import BehaviourAssessment, BehaviourVote, EmployeeAccount
    from openpiao.plans.json_document import import_into

    accounts = set(EmployeeAccount.objects.filter(plan=casorate).values_list("employee__key", "user_id"))
    votes = sorted(
        BehaviourVote.objects.filter(assessment__plan=casorate).values_list(
            "assessment__employee__key", "criterion__name", "value"
        )
    )
    assert accounts and votes
    document = _document(casorate)
    heads = {unit["head"] for unit in document["units"]}
    gone = next(key for key, *_ in votes if key not in heads)
    document["employees"] = [e for e in document["employees"] if e["key"] != gone]
    for objective in document["objectives"]:
        objective["participations"] = [p for p in objective["participations"] if p["employee"] != gone]
    for cessation in document["human_capital"]["cessations"]:
        if cessation["employee"] == gone:
            cessation["employee"] = None
    document["human_capital"]["smart_working_agreements"] = [
        a for a in document["human_capital"]["smart_working_agreements"] if a["employee"] != gone
    ]
    for area in document["human_capital"]["training_areas"]:
        for course in area["courses"]:
            course["enrolments"] = [e for e in course["enrolments"] if e["employee"] != gone]
    outcome = import_into(document, organization=casorate.organization, user=None, source="test")
    assert set(EmployeeAccount.objects.filter(plan=casorate).values_list("employee__key", "user_id")) == {
        account for account in accounts if account[0] != gone
    }
    assert sorted(
        BehaviourVote.objects.filter(assessment__plan=casorate).values_list(
            "assessment__employee__key", "criterion__name", "value"
        )
    ) == [vote for vote in votes if vote[0] != gone]
    assert (
        outcome.created["valutazioni dei comportamenti"]
        == BehaviourAssessment.objects.filter(plan=casorate).count()
    )


def test_the_unit_heads_keep_their_units_when_the_plan_is_replaced(casorate, make_member):
    """Who enters a unit's data (OrgUnit.editors, given on «Persone e accessi», never exported)
    still does after the plan's content is replaced by an import, e.g. of the plan's workbook."""
    from openpiao.organization_chart.models import OrgUnit
    from openpiao.plans.json_document import import_into

    head = make_member(casorate.organization, "unit_head")
    casorate.units.order_by("pk").first().editors.add(head)
    links = OrgUnit.editors.through.objects.filter(orgunit__plan=casorate)
    before = set(links.values_list("orgunit__code", "user_id"))
    assert (casorate.units.order_by("pk").first().code, head.pk) in before

    import_into(_document(casorate), organization=casorate.organization, user=None, source="test")

    assert set(links.values_list("orgunit__code", "user_id")) == before
