"""Printing from the web runs as a background job (Django Tasks API; the suite's backend runs it
at once): the request never prints itself, the progress page follows the job, and the printed
file is served again without printing while the plan's data are the same."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from openpiao.core.printing import render_pdf
from openpiao.documents import jobs, printing
from openpiao.documents.models import PrintJob, PrintStatus
from openpiao.documents.services import save_section_text
from openpiao.plans.access import plan_url
from tests import factories


@pytest.fixture
def prints(monkeypatch) -> list:
    """The renderers replaced by a stand-in that counts what it is asked to print."""
    calls = []

    def fake(fmt):
        def render(document):
            calls.append((fmt, document.title))
            return b"%PDF-1.7 stampa" if fmt == "pdf" else b"PK stampa"

        return render

    for fmt in list(printing.RENDERERS):
        monkeypatch.setitem(printing.RENDERERS, fmt, fake(fmt))
    return calls


def _print_url(plan, fmt="pdf"):
    return plan_url(plan, "documents:print", fmt)


def test_the_job_prints_and_the_request_gets_the_file(secretary_client, casorate, prints):
    response = secretary_client.get(_print_url(casorate))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 stampa"
    assert response["Content-Disposition"] == 'attachment; filename="casorate-primo-piao-2024-2026.pdf"'
    job = PrintJob.objects.get(plan=casorate)
    assert (job.status, job.target, job.fmt, len(job.data_hash)) == (PrintStatus.DONE, "piao", "pdf", 64)
    assert job.task_id and job.finished_at is not None
    assert len(prints) == 1


def test_an_unchanged_plan_is_served_from_the_last_print(secretary_client, casorate, prints):
    first = secretary_client.get(_print_url(casorate))
    second = secretary_client.get(_print_url(casorate))
    assert first.content == second.content
    assert len(prints) == 1  # printed once
    # Another format or section is another document.
    secretary_client.get(_print_url(casorate, "docx"))
    secretary_client.get(_print_url(casorate) + "?sezione=2.2")
    assert [fmt for fmt, _ in prints] == ["pdf", "docx", "pdf"]


def test_an_edit_of_the_plan_prints_again(secretary_client, casorate, prints, make_member):
    secretary_client.get(_print_url(casorate))
    before = jobs.data_hash(casorate)
    save_section_text(plan=casorate, section="1", body="Premessa nuova.", expected_version=None, user=None)
    assert jobs.data_hash(casorate) != before
    secretary_client.get(_print_url(casorate))
    assert len(prints) == 2
    # The superseded print is not kept.
    assert list(PrintJob.objects.filter(plan=casorate).values_list("data_hash", flat=True)) == [
        jobs.data_hash(casorate)
    ]


def test_the_status_and_the_anagrafica_change_the_hash(casorate):
    before = jobs.data_hash(casorate)
    organization = casorate.organization
    organization.version += 1
    organization.save(update_fields=["version"])
    assert jobs.data_hash(casorate) != before


def test_a_new_layout_prints_again():
    """The cached prints are keyed by the renderers' files too: the PDF's template among them."""
    files = jobs.layout_files()
    assert render_pdf.TEMPLATE in files and Path(render_pdf.__file__) in files


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
@pytest.mark.parametrize("document", ["piao", "relazione", "rpct"])
def test_asking_for_a_print_costs_a_page_a_few_queries(
    secretary_client, casorate, monkeypatch, django_assert_max_num_queries, document
):
    """The request keys the print by the ente's count of writes: it does not export the plan or
    lay a report out (0.6 s of a web worker for 200 objectives when it did)."""

    def never(*args, **kwargs):
        raise AssertionError("the request laid the document out")

    monkeypatch.setattr(jobs, "report_blocks", never)
    monkeypatch.setattr(printing, "build_document", never)
    url = _print_url(casorate) + ("" if document == "piao" else f"?documento={document}")
    with django_assert_max_num_queries(16):
        response = secretary_client.get(url)
    assert response.status_code == 302
    assert PrintJob.objects.get(plan=casorate).target == document


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_while_the_job_waits_the_page_polls_it(secretary_client, casorate, prints):
    response = secretary_client.get(_print_url(casorate))
    job = PrintJob.objects.get(plan=casorate)
    page = plan_url(casorate, "documents:print_job", job.pk)
    assert response.status_code == 302 and response["Location"] == page
    assert prints == []  # the request did not print
    html = secretary_client.get(page).content.decode()
    assert "In coda" in html and f'hx-get="{page}"' in html and 'hx-trigger="every 2s"' in html
    # htmx asks for the status alone; the file is not ready yet.
    fragment = secretary_client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="print-job"') and "<html" not in fragment
    file_url = plan_url(casorate, "documents:print_job_file", job.pk)
    assert secretary_client.get(file_url)["Location"] == page
    # The worker runs the job: the page stops polling and links the file.
    jobs.run_print_job.call(job.pk)
    html = secretary_client.get(page).content.decode()
    assert "hx-trigger" not in html and file_url in html
    assert secretary_client.get(file_url).content == b"%PDF-1.7 stampa"
    # Asking again while the same data are printed does not queue a second job.
    assert secretary_client.get(_print_url(casorate)).status_code == 200
    assert PrintJob.objects.count() == 1


def test_a_failed_print_says_why_and_can_be_tried_again(secretary_client, casorate, monkeypatch, prints):
    real = printing.RENDERERS["pdf"]

    def broken(document):
        raise RuntimeError("font mancante")

    monkeypatch.setitem(printing.RENDERERS, "pdf", broken)
    response = secretary_client.get(_print_url(casorate) + "?sezione=2.2", follow=True)
    html = response.content.decode()
    assert "La stampa non è riuscita</strong>: errore imprevisto del servizio di stampa" in html
    assert "font mancante" not in html  # the detail goes to the server's log, not to the page
    job = PrintJob.objects.get(plan=casorate)
    assert job.status == PrintStatus.FAILED and job.error == jobs.UNEXPECTED_FAILURE
    retry = _print_url(casorate) + "?sezione=2.2"
    assert f'href="{retry.replace("&", "&amp;")}">Riprova</a>' in html
    # Once the printer works again, «Riprova» asks for the same document anew and gets it.
    monkeypatch.setitem(printing.RENDERERS, "pdf", real)
    again = secretary_client.get(retry)
    assert again.status_code == 200 and again.content == b"%PDF-1.7 stampa"
    assert PrintJob.objects.get(plan=casorate).status == PrintStatus.DONE  # the failed one is gone


def test_a_print_error_gives_its_own_message(secretary_client, casorate, monkeypatch):
    def refused(document):
        raise printing.PrintError("Il documento è troppo grande per essere stampato.")

    monkeypatch.setitem(printing.RENDERERS, "docx", refused)
    html = secretary_client.get(_print_url(casorate, "docx"), follow=True).content.decode()
    assert "La stampa non è riuscita</strong>: Il documento è troppo grande per essere stampato." in html


def test_a_print_of_another_ente_is_not_found(client, casorate, albizzate, make_member, prints):
    other = PrintJob.objects.create(
        plan=albizzate,
        target="piao",
        fmt="pdf",
        data_hash="1" * 64,
        status="done",
        file=ContentFile(b"x", name="x.pdf"),
    )
    client.force_login(make_member(casorate.organization, "admin"))
    for name in ("documents:print_job", "documents:print_job_file"):
        assert client.get(plan_url(casorate, name, other.pk)).status_code == 404
    client.force_login(make_member(albizzate.organization, "reader", username="albizzate-reader"))
    assert client.get(plan_url(albizzate, "documents:print_job_file", other.pk)).content == b"x"


def test_an_objective_of_another_plan_is_not_printed(secretary_client, casorate, albizzate, prints):
    foreign = factories.objective(albizzate, factories.unit(albizzate, code="x"), number=1, title="X")
    url = plan_url(casorate, "documents:print_objective", foreign.pk, "pdf")
    assert secretary_client.get(url).status_code == 404
    assert prints == [] and not PrintJob.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_and_its_worker_run_the_job(secretary_client, casorate, prints, monkeypatch):
    """The production backend: the request leaves the job in the database queue, `db_worker`
    takes it from there."""
    # The worker closes connections it finds inside a transaction: the test's own, here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    response = secretary_client.get(_print_url(casorate))
    job = PrintJob.objects.get(plan=casorate)
    assert response.status_code == 302 and job.status == PrintStatus.QUEUED and prints == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == PrintStatus.DONE and job.file.read() == b"%PDF-1.7 stampa"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_job_lost_by_its_worker_is_asked_again(secretary_client, casorate, prints):
    secretary_client.get(_print_url(casorate))
    PrintJob.objects.update(created_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1))
    secretary_client.get(_print_url(casorate))
    assert PrintJob.objects.filter(plan=casorate, status=PrintStatus.QUEUED).count() == 2


def test_a_section_the_plans_kind_does_not_hold_is_not_found(secretary_client, casorate, prints):
    """A Piano della performance has no «2.3»: 404 at once, as before the background jobs, not
    a job that fails in the worker."""
    casorate.kind = "performance"
    casorate.save(update_fields=["kind"])
    assert secretary_client.get(_print_url(casorate) + "?sezione=2.3").status_code == 404
    assert not PrintJob.objects.filter(plan=casorate).exists()
    assert secretary_client.get(_print_url(casorate) + "?sezione=2.2").status_code == 200
