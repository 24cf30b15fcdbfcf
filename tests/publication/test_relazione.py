"""The Relazione sulla performance validated by the Nucleo is public (issue 15 §1): frozen at the
validation with its SHA-256, served at a stable address without login, listed on the plan's
page and in the feeds, without individual names or scores."""

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from openpiao.core.models import Action, AuditEvent
from openpiao.documents.models import sha256
from openpiao.documents.printing import print_plan
from openpiao.evaluation import printing, services
from openpiao.evaluation.models import BehaviourAssessment, BonusFund, EmployeeAccount, ReportValidation
from openpiao.organization_chart.models import Employee
from openpiao.plans.models import Plan
from tests.page_forms import page_form

pytestmark = pytest.mark.django_db
ADDRESS = "/pubblico/valdoria/2025/relazione-performance.pdf"
NAME = ("Ermenegilda", "Riservatissima")


@pytest.fixture
def valdoria(db) -> Plan:
    return Plan.objects.select_related("organization").get(organization__slug="valdoria")


@pytest.fixture
def nucleo(valdoria, make_member):
    return make_member(valdoria.organization, "evaluator", username="nucleo-valdoria")


@pytest.fixture
def worker(valdoria) -> Employee:
    """An employee with a name no public file may show, an individual score (a behaviour
    assessment) and an account left without its user (the public reader has none either)."""
    heads = valdoria.units.exclude(head=None).values("head")
    employee = Employee.objects.filter(plan=valdoria, headcount=1).exclude(pk__in=heads).first()
    employee.first_name, employee.last_name = NAME
    employee.save()
    BehaviourAssessment.objects.create(plan=valdoria, employee=employee, assessed_on=date(2025, 12, 15))
    EmployeeAccount.objects.create(plan=valdoria, employee=employee, user=None)
    return employee


def _validate_on_the_page(client, plan, user, note="Relazione conforme al Sistema."):
    client.force_login(user)
    page = reverse("evaluation:report", args=[plan.organization.slug, plan.first_year])
    form = page_form(client.get(page), note=note)
    response = client.post(reverse("evaluation:report_validate", args=[plan.organization.slug, 2025]), form)
    assert response.status_code == 302
    client.logout()
    return ReportValidation.objects.filter(plan=plan).first()


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "relazione.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_nucleo_validates_on_the_page_and_the_relazione_is_frozen_and_public(client, valdoria, nucleo):
    assert client.get(ADDRESS).status_code == 404  # not validated yet
    before = client.get("/pubblico/valdoria/2025/")
    assert "non è ancora stata validata" in before.content.decode()

    validation = _validate_on_the_page(client, valdoria, nucleo)
    # The plan's page lists the Relazione now: a cached copy is not current any more.
    assert client.get("/pubblico/valdoria/2025/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    assert validation.note == "Relazione conforme al Sistema."
    assert sha256(validation.read("pdf")) == validation.pdf_sha256
    assert sha256(validation.read("docx")) == validation.docx_sha256
    event = AuditEvent.objects.get(action=Action.REPORT_VALIDATED)
    assert event.details["pdf_sha256"] == validation.pdf_sha256

    response = client.get(ADDRESS)  # no login
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert sha256(response.content) == validation.pdf_sha256
    assert "relazione-performance-2025.pdf" in response["Content-Disposition"]
    docx = client.get("/pubblico/valdoria/2025/relazione-performance.docx")
    assert sha256(docx.content) == validation.docx_sha256
    assert client.get("/pubblico/valdoria/2025/relazione-performance.odt").status_code == 404

    page = client.get("/pubblico/valdoria/2025/").content.decode()
    assert validation.pdf_sha256 in page and ADDRESS in page
    # The page gives the day in Italy (between 23:00 and midnight UTC it is already the next one).
    day = timezone.localtime(validation.validated_at)
    assert f"validata dal Nucleo di valutazione il {day:%d/%m/%Y}" in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) non installato")
def test_the_public_relazione_names_nobody_and_states_its_validation(
    client, valdoria, nucleo, worker, tmp_path
):
    live = print_plan(
        valdoria,
        fmt="pdf",
        document="relazione",
        membership=valdoria.organization.memberships.get(user=nucleo),
    )
    assert "Riservatissima" in _pdf_text(live.content, tmp_path)  # the Nucleo's own print names them
    _validate_on_the_page(client, valdoria, nucleo)
    text = _pdf_text(client.get(ADDRESS).content, tmp_path)
    assert "Validata dal Nucleo di valutazione" in text
    assert "Riservatissima" not in text and "Punteggi individuali" not in text
    assert re.search(r"Punteggi di \d+ dipendenti riportati solo nella distribuzione", text)


def test_another_ente_or_a_plan_never_adopted_has_no_public_relazione(client, casorate, make_member):
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-casorate")
    services.validate_report(plan=casorate, user=nucleo, note="")
    assert casorate.report_validations.get().pdf_sha256  # frozen, but the plan is a draft
    slug, year = casorate.organization.slug, casorate.first_year
    assert client.get(f"/pubblico/{slug}/{year}/relazione-performance.pdf").status_code == 404
    assert client.get(f"/pubblico/valdoria/{year}/relazione-performance.pdf").status_code == 404
    assert client.get(f"/pubblico/{slug}/2025/relazione-performance.pdf").status_code == 404


def test_a_new_validation_replaces_the_public_one_and_keeps_the_earlier_file(client, valdoria, nucleo):
    first = services.validate_report(plan=valdoria, user=nucleo, note="Prima validazione")
    etag = client.get(ADDRESS)["ETag"]
    assert client.get(ADDRESS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    second = services.validate_report(plan=valdoria, user=nucleo, note="Seconda validazione")
    response = client.get(ADDRESS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and sha256(response.content) == second.pdf_sha256
    assert default_storage.exists(first.pdf.name)  # the earlier act stays in the storage
    page = client.get("/pubblico/valdoria/2025/").content.decode()
    assert second.pdf_sha256 in page and first.pdf_sha256 not in page
    feed = client.get("/pubblico/valdoria/feed/").content.decode()
    assert feed.count("Relazione sulla performance 2025") == 1 and second.pdf_sha256 in feed


def test_feeds_carry_the_validated_relazione(client, valdoria, nucleo):
    validation = services.validate_report(plan=valdoria, user=nucleo, note="")
    for address in ("/pubblico/feed/", "/pubblico/valdoria/feed/"):
        body = client.get(address).content.decode()
        assert body.count("<entry>") == 2
        assert (
            "Comune di Valdoria — Relazione sulla performance 2025 validata dal Nucleo di valutazione" in body
        )
        assert validation.pdf_sha256 in body and ADDRESS in body


def test_if_printing_fails_nothing_is_validated_nor_stored(valdoria, nucleo, monkeypatch):
    stored_before = _stored()

    def broken(document):
        raise RuntimeError("stampa non riuscita")

    monkeypatch.setitem(printing.RENDERERS, "docx", broken)
    with pytest.raises(RuntimeError):
        services.validate_report(plan=valdoria, user=nucleo, note="")
    assert not ReportValidation.objects.exists()
    assert _stored() == stored_before


def test_if_saving_fails_the_stored_files_are_removed(valdoria, nucleo, monkeypatch):
    stored_before = _stored()

    def refuse(**kwargs):
        raise RuntimeError("registro non disponibile")

    monkeypatch.setattr(services, "record", refuse)
    with pytest.raises(RuntimeError):
        services.validate_report(plan=valdoria, user=nucleo, note="")
    assert not ReportValidation.objects.exists()
    assert _stored() == stored_before


def _stored() -> set[str]:
    folder = "relazioni/valdoria/2025"
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def test_no_bonus_of_a_named_person_in_the_public_docx(client, valdoria, nucleo, worker):
    BonusFund.objects.create(plan=valdoria, unit=None, amount=Decimal("4321.09"), description="Fondo")
    services.validate_report(plan=valdoria, user=nucleo, note="")
    word = Docx(io.BytesIO(client.get("/pubblico/valdoria/2025/relazione-performance.docx").content))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )
    assert "4.321,09" in text  # the fund's total is public
    assert "Riservatissima" not in text
