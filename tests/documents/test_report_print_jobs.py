"""The Relazione sulla performance and the Relazione annuale del RPCT print as background jobs,
like the PIAO: the progress page, the failure's reason in Italian, «Riprova», and the print
reused while it would print the same. What the Relazione shows depends on who reads it (the
Nucleo and the segretario see individual scores, a lettore does not): a print is reused, and
served, only for readers with the same rights."""

import re
from html import unescape

import pytest
from django.test import override_settings

from openpiao.documents import jobs, printing
from openpiao.documents.models import PrintJob, PrintStatus
from openpiao.evaluation import selectors
from openpiao.evaluation.report import ALL_NAMES, NO_NAMES
from openpiao.organizations.models import Membership
from openpiao.plans.access import plan_url
from openpiao.risk.models import RpctReport
from tests.page_forms import page_form

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def prints(monkeypatch) -> list:
    """The renderers replaced by a stand-in whose file is the document's text: it shows what
    was printed, and counts the prints."""
    calls = []

    def fake(fmt):
        def render(document):
            calls.append(fmt)
            return f"{fmt.upper()} {document.title}\n{document.text()}".encode()

        return render

    for fmt in list(printing.RENDERERS):
        monkeypatch.setitem(printing.RENDERERS, fmt, fake(fmt))
    return calls


def _url(plan, document, fmt="pdf"):
    return f"{plan_url(plan, 'documents:print', fmt)}?documento={document}"


def _content(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.fixture
def employee_name(casorate) -> str:
    """The name of an employee with an individual score in Casorate's Relazione (the demo's)."""
    card = selectors.scorecard(casorate)
    person = selectors.people(casorate, card)[0]
    return str(person.employee)


def _login(client, plan, make_member, role, username):
    client.force_login(make_member(plan.organization, role, username=username))
    return client


def test_the_relazione_prints_as_a_job_and_is_reused(secretary_client, casorate, prints, employee_name):
    first = secretary_client.get(_url(casorate, "relazione"))
    assert first.status_code == 200
    assert (
        first["Content-Disposition"] == 'attachment; filename="casorate-primo-relazione-performance-2024.pdf"'
    )
    assert employee_name in _content(first)  # the segretario reads every name
    job = PrintJob.objects.get(plan=casorate)
    assert (job.target, job.readers, job.status) == ("relazione", ALL_NAMES, PrintStatus.DONE)
    assert job.requested_by.role == "secretary"
    second = secretary_client.get(_url(casorate, "relazione"))
    assert _content(second) == _content(first)
    assert prints == ["pdf"]  # printed once


def test_a_print_with_individual_scores_is_never_served_to_a_reader(
    client, casorate, make_member, prints, employee_name
):
    nucleo = _login(client, casorate, make_member, "evaluator", "t-nucleo")
    printed = nucleo.get(_url(casorate, "relazione"))
    assert employee_name in _content(printed)
    nucleo_job = PrintJob.objects.get(plan=casorate)
    # The segretario reads the same names: the Nucleo's print is served, not printed again.
    _login(client, casorate, make_member, "secretary", "t-segretario")
    assert employee_name in _content(client.get(_url(casorate, "relazione")))
    assert prints == ["pdf"]
    # A lettore asks for the same Relazione from the same data: another print, without names.
    reader = _login(client, casorate, make_member, "reader", "t-lettore")
    response = reader.get(_url(casorate, "relazione"))
    assert response.status_code == 200 and employee_name not in _content(response)
    assert "solo nella distribuzione" in _content(response)
    assert prints == ["pdf", "pdf"]
    reader_job = PrintJob.objects.exclude(pk=nucleo_job.pk).get(plan=casorate)
    assert reader_job.readers == NO_NAMES
    # Nor may the lettore follow or download the Nucleo's print by its address.
    for name in ("documents:print_job", "documents:print_job_file"):
        assert reader.get(plan_url(casorate, name, nucleo_job.pk)).status_code == 404
    # Both prints are kept: neither supersedes the other's readers.
    assert PrintJob.objects.filter(plan=casorate, status=PrintStatus.DONE).count() == 2
    # Another lettore reads what the first does: its print is reused.
    _login(client, casorate, make_member, "reader", "t-lettore-2")
    assert employee_name not in _content(client.get(_url(casorate, "relazione")))
    assert prints == ["pdf", "pdf"]


def test_a_responsabile_gets_the_names_of_its_units_only(client, casorate, make_member, prints):
    card = selectors.scorecard(casorate)
    persons = selectors.people(casorate, card)
    head = make_member(casorate.organization, "unit_head", username="t-responsabile")
    unit = persons[0].employee.unit
    assert any(p.employee.unit_id != unit.pk for p in persons)  # someone whose name it may not see
    unit.editors.add(head)
    client.force_login(head)
    text = _content(client.get(_url(casorate, "relazione")))
    job = PrintJob.objects.get(plan=casorate)
    assert job.readers.startswith("nominativi:") and job.readers != ALL_NAMES
    for person in persons:
        assert (str(person.employee) in text) == (person.employee.unit_id == unit.pk)


@override_settings(TASKS=DUMMY)
def test_the_relazione_waits_on_the_progress_page(
    secretary_client, casorate, prints, django_assert_max_num_queries
):
    response = secretary_client.get(_url(casorate, "relazione", "docx"))
    job = PrintJob.objects.get(plan=casorate)
    page = plan_url(casorate, "documents:print_job", job.pk)
    assert response.status_code == 302 and response["Location"] == page and prints == []
    with django_assert_max_num_queries(12):
        html = secretary_client.get(page).content.decode()
    assert "In coda</strong>: la Relazione sulla performance in DOCX" in html
    assert 'hx-trigger="every 2s"' in html
    jobs.run_print_job.call(job.pk)
    html = secretary_client.get(page).content.decode()
    file_url = plan_url(casorate, "documents:print_job_file", job.pk)
    assert "hx-trigger" not in html and file_url in html
    assert "casorate-primo-relazione-performance-2024.docx" in html
    assert _content(secretary_client.get(file_url)).startswith("DOCX Relazione sulla performance 2024")


@override_settings(TASKS=DUMMY)
def test_rights_changed_before_the_worker_prints_fail_the_job(
    client, casorate, make_member, prints, employee_name
):
    """A lettore made Nucleo after asking: the worker does not print the names for the readers
    the job was asked for; the page says why, and «Riprova» asks again with today's rights."""
    user = make_member(casorate.organization, "reader", username="t-lettore")
    client.force_login(user)
    client.get(_url(casorate, "relazione"))
    job = PrintJob.objects.get(plan=casorate)
    Membership.objects.filter(user=user).update(role="evaluator")
    with pytest.raises(printing.PrintError):
        jobs.run_print_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == PrintStatus.FAILED and job.error == jobs.RIGHTS_CHANGED and prints == []
    # The job was asked for a lettore's rights: the Nucleo member now has others.
    assert client.get(plan_url(casorate, "documents:print_job", job.pk)).status_code == 404
    Membership.objects.filter(user=user).update(role="reader")
    html = client.get(plan_url(casorate, "documents:print_job", job.pk)).content.decode()
    assert "La stampa non è riuscita</strong>: i permessi di chi ha chiesto la stampa sono cambiati" in html
    retry = _url(casorate, "relazione")
    assert f'href="{retry}">Riprova</a>' in html


def test_a_failed_rpct_print_says_why_and_riprova_prints_it(secretary_client, casorate, monkeypatch, prints):
    real = printing.RENDERERS["pdf"]

    def broken(document):
        raise RuntimeError("font mancante")

    monkeypatch.setitem(printing.RENDERERS, "pdf", broken)
    html = secretary_client.get(_url(casorate, "rpct"), follow=True).content.decode()
    assert "La stampa non è riuscita</strong>: errore imprevisto del servizio di stampa" in html
    assert "font mancante" not in html
    assert f'href="{_url(casorate, "rpct")}">Riprova</a>' in html
    monkeypatch.setitem(printing.RENDERERS, "pdf", real)
    again = secretary_client.get(_url(casorate, "rpct"))
    assert again.status_code == 200
    assert again["Content-Disposition"] == 'attachment; filename="casorate-primo-relazione-rpct-2024.pdf"'
    assert "Relazione annuale del RPCT — anno 2024" in _content(again)
    job = PrintJob.objects.get(plan=casorate)  # the failed one is gone
    assert (job.target, job.readers, job.requested_by, job.status) == ("rpct", "", None, PrintStatus.DONE)


def test_the_rpct_report_is_reused_until_its_data_change(client, casorate, make_member, prints):
    secretary = make_member(casorate.organization, "secretary", username="t-segretario")
    client.force_login(secretary)
    first = _content(client.get(_url(casorate, "rpct")))
    # Every member reads the same RPCT report: a lettore gets the same print.
    _login(client, casorate, make_member, "reader", "t-lettore")
    assert _content(client.get(_url(casorate, "rpct"))) == first
    assert prints == ["pdf"]
    # The RPCT rewrites the remarks on the report's page, as a user does.
    client.force_login(secretary)
    page = plan_url(casorate, "risk:rpct_report")
    saved = client.post(page, page_form(client.get(page), remarks="Considerazioni riscritte."))
    assert saved.status_code == 302
    assert RpctReport.objects.get(plan=casorate, year=2024).remarks == "Considerazioni riscritte."
    second = _content(client.get(_url(casorate, "rpct")))
    assert "Considerazioni riscritte." in second and prints == ["pdf", "pdf"]
    assert PrintJob.objects.filter(plan=casorate).count() == 1  # the superseded print is not kept


def test_the_pages_buttons_lead_to_the_prints(secretary_client, casorate, prints, employee_name):
    """As the user does: the Relazione's and the RPCT report's «Scarica» buttons, and the old
    addresses (bookmarks), lead to the background print."""
    for page, label, expected in (
        (plan_url(casorate, "evaluation:report"), "Scarica PDF", employee_name),
        (plan_url(casorate, "risk:rpct_report"), "Scarica in PDF/A", "Relazione annuale del RPCT"),
    ):
        html = secretary_client.get(page).content.decode()
        link = _link(html, label)
        assert expected in _content(secretary_client.get(link))
    for name, document in (("evaluation:report_docx", "relazione"), ("risk:rpct_report_pdf", "rpct")):
        response = secretary_client.get(plan_url(casorate, name))
        fmt = "docx" if name.endswith("docx") else "pdf"
        assert response.status_code == 302 and response["Location"] == _url(casorate, document, fmt)


def _link(html: str, label: str) -> str:
    """The address of the link labelled `label` in the page, as the browser follows it."""
    found = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(label)}</a>', html)
    assert found, f"nessun collegamento «{label}»"
    return unescape(found.group(1))
