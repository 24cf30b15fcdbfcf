"""The public pages of the published plans: open without login, only adopted versions, nothing
personal, cacheable, in a fixed number of queries (issue 15 §1-2)."""

import io
import json
import re
import shutil
import subprocess
import time
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document as Docx

from openpiao.core.models import Action, AuditEvent
from openpiao.documents.models import PlanVersion, sha256
from openpiao.documents.services import adopt_plan, reopen_plan
from openpiao.evaluation.models import BehaviourAssessment, BonusFund, EmployeeAccount
from openpiao.evaluation.services import validate_report
from openpiao.human_capital.models import SmartWorkingAgreement
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Objective, Participation
from openpiao.plans.models import Plan, PlanStatus
from openpiao.publication.datasets import DATASETS
from openpiao.publication.models import PublicationSettings
from tests.crawl import public_addresses, public_urls
from tests.page_forms import page_form

SLUGS = [d.slug for d in DATASETS]
pytestmark = pytest.mark.django_db


@pytest.fixture
def valdoria(db) -> Plan:
    return Plan.objects.select_related("organization").get(organization__slug="valdoria")


def addresses(plan: Plan) -> list[str]:
    numbers = plan.frozen_versions.values_list("number", flat=True)
    found = public_addresses(plan.organization.slug, plan.first_year, numbers, SLUGS)
    return [address for group in found.values() for address in group]


def _validate_relazione(plan: Plan) -> None:
    """The Nucleo validates the Relazione, so that its public address exists too."""
    nucleo = get_user_model().objects.create_user(username="nucleo-sweep", password="x-test-password-1")
    validate_report(plan=plan, user=nucleo, note="")


def test_every_public_url_of_the_published_demo_plan_opens_without_login(client, valdoria):
    _validate_relazione(valdoria)
    found = public_addresses("valdoria", 2025, [1], SLUGS)
    assert set(found) == set(public_urls())
    for address in [a for group in found.values() for a in group]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert not response.cookies, address  # nothing to log in to, nothing to remember


def test_the_demo_has_a_published_plan_and_the_index_lists_only_it(client):
    page = client.get(reverse("publication:index")).content.decode()
    assert "Comune di Valdoria" in page
    assert "Casorate" not in page and "Albizzate" not in page  # drafts: never adopted


@pytest.mark.parametrize("slug, year", [("casorate-primo", 2024), ("albizzate", 2023), ("nessuno", 2025)])
def test_a_draft_or_missing_plan_is_not_found_on_every_public_url(client, slug, year):
    for group in public_addresses(slug, year, [1], SLUGS).values():
        for address in group:
            if "/pubblico/feed/" in address or address == "/pubblico/":
                continue  # the overall pages name no ente
            assert client.get(address).status_code == 404, address


def test_a_version_that_does_not_exist_or_a_wrong_format_is_not_found(client):
    for address in (
        "/pubblico/valdoria/2025/versioni/2/",
        "/pubblico/valdoria/2024/",
        "/pubblico/valdoria/2025/piano.json",
        "/pubblico/valdoria/2025/dati/premi.csv",
        "/pubblico/valdoria/2025/dati/obiettivi.xlsx",
        "/pubblico/valdoria/catalogo.ttl",
    ):
        assert client.get(address).status_code == 404, address


def _distinctive_numbers(values) -> set[str]:
    """Amounts and hours as a page could write them («137.25», «137,25»): only those that no
    other figure of a plan would show by chance (a fractional part, or five digits and more)."""
    found = set()
    for value in values:
        if value is None:
            continue
        value = Decimal(value).normalize()
        if value == value.to_integral() and abs(value) < 10_000:
            continue
        text = f"{value:f}"
        found |= {text, text.replace(".", ",")}
    return found


def _plant_personal_data(plan: Plan) -> None:
    """Personal data of every kind the product keeps, in Valdoria's plan, with values no page
    would show by chance."""
    participations = list(Participation.objects.filter(objective__plan=plan))
    for n, participation in enumerate(participations):
        participation.hours = Decimal("137.25") + n
        participation.hourly_cost = Decimal("31.77") + n
    Participation.objects.bulk_update(participations, ["hours", "hourly_cost"])
    worker = (
        Employee.objects.filter(plan=plan, headcount=1)
        .exclude(pk__in=plan.units.exclude(head=None).values("head"))
        .first()
    )
    worker.first_name, worker.last_name, worker.hourly_cost = (
        "Ermenegilda",
        "Riservatissima",
        Decimal("29.83"),
    )
    worker.save()
    SmartWorkingAgreement.objects.filter(plan=plan).update(
        priority="disability", presence_derogation=True, derogation_reason="Terapia riservatissima in corso"
    )
    BehaviourAssessment.objects.create(
        plan=plan, employee=worker, assessed_on=date(2025, 12, 15), note="Giudizio personale riservatissimo"
    )
    BonusFund.objects.create(plan=plan, unit=None, amount=Decimal("12345.67"), description="Fondo premiale")


def _shows(value: str, text: str) -> bool:
    """`value` written in `text` as a value of its own: a figure not inside a longer token (the
    SHA-256 of a document may hold «15000» by chance)."""
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])", text) is not None


def _sensitive_values(plan: Plan) -> set[str]:
    """Collected from the database: what no public URL may ever show."""
    values = _distinctive_numbers(
        [
            *Participation.objects.values_list("hours", flat=True),
            *Participation.objects.values_list("hourly_cost", flat=True),
            *Employee.objects.values_list("hourly_cost", flat=True),
            *BonusFund.objects.values_list("amount", flat=True),
        ]
    )
    values |= {r for r in SmartWorkingAgreement.objects.values_list("derogation_reason", flat=True) if r}
    values |= {n for n in BehaviourAssessment.objects.values_list("note", flat=True) if n}
    heads = set(plan.units.exclude(head=None).values_list("head", flat=True))
    values |= {
        f"{first} {last}"
        for pk, first, last in Employee.objects.filter(plan=plan).values_list("pk", "first_name", "last_name")
        if first and last and pk not in heads
    }
    # Texts of plans that were never adopted (Casorate's objectives) and of a draft in progress.
    values |= {
        title  # long enough to be Casorate's own (a «Trasparenza» could be anyone's)
        for title in Objective.objects.filter(plan__organization__slug="casorate-primo").values_list(
            "title", flat=True
        )
        if len(title) >= 30
    }
    values |= {"Testo scritto dopo l'adozione, solo in bozza"}
    # The special categories by their labels, and the codes the document would carry.
    values |= {"disability", "Terapia riservatissima"}
    return values


def test_no_public_url_or_dataset_shows_personal_data_or_drafts(client, valdoria):
    """Every personal field the product keeps, planted in Valdoria's plan and adopted again (a
    second version), then a text written in the reopened draft: none of them, nor Casorate's
    never-adopted objectives, appears on any public page, dataset, catalogue, feed or package."""
    user = get_user_model().objects.create_user(username="rpct-valdoria", password="x-test-password-1")
    reopen_plan(plan=valdoria, reason="Aggiornamento", expected_version=valdoria.version, user=user)
    valdoria.refresh_from_db()
    _plant_personal_data(valdoria)
    adopt_plan(
        plan=valdoria,
        resolution_number="21",
        resolution_date=date(2025, 3, 20),
        expected_version=valdoria.version,
        user=user,
    )
    valdoria.refresh_from_db()
    reopen_plan(plan=valdoria, reason="Nuova modifica", expected_version=valdoria.version, user=user)
    # The Nucleo validates the Relazione of the amended plan: its frozen file is public too.
    EmployeeAccount.objects.create(
        plan=valdoria, employee=Employee.objects.get(last_name="Riservatissima"), user=None
    )
    _validate_relazione(valdoria)
    Objective.objects.filter(plan=valdoria, number=1).update(
        title="Testo scritto dopo l'adozione, solo in bozza"
    )

    sensitive = _sensitive_values(valdoria)
    assert len(sensitive) > 40
    swept = 0
    for address in addresses(valdoria):
        response = client.get(address, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, address
        if address.endswith((".pdf", ".zip", ".docx")):
            continue  # binary: the documents are checked below, the package's parts too
        text = response.content.decode()
        text = text.replace("\\u00e0", "à")  # JSON-LD escapes nothing else that matters here
        shown = {value for value in sensitive if _shows(value, text)}
        assert not shown, f"{address}: {shown}"
        swept += 1
    assert swept >= 2 * (4 + 2 * len(SLUGS)) + 6  # two versions' pages and datasets, the ente's

    # The package: its texts and its one-page summary.
    package = zipfile.ZipFile(io.BytesIO(client.get("/pubblico/valdoria/2025/portale-piao.zip").content))
    texts = [package.read(n).decode() for n in package.namelist() if n.endswith((".txt", ".json"))]
    texts.append("\n".join(p.text for p in Docx(io.BytesIO(package.read("sintesi.docx"))).paragraphs))
    assert not {value for value in sensitive for text in texts if _shows(value, text)}

    # The adopted documents are the act as printed: still no special category, behaviour
    # judgment, bonus, nor the draft's text (the schede print the staff involved as adopted).
    docx = Docx(io.BytesIO(client.get("/pubblico/valdoria/2025/piano.docx").content))
    printed = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for t in docx.tables for row in t.rows for c in row.cells
    )
    never = {
        "Terapia riservatissima in corso",
        "Giudizio personale riservatissimo",
        "12345,67",
        "12.345,67",
        "Testo scritto dopo l'adozione, solo in bozza",
    }
    assert not {value for value in never if value in printed}

    # The Relazione sulla performance as validated: figures of the ente and its units, the
    # individual scores only as a distribution, never a name, a judgment or a special category.
    relazione = Docx(io.BytesIO(client.get("/pubblico/valdoria/2025/relazione-performance.docx").content))
    texts = [
        "\n".join(p.text for p in relazione.paragraphs)
        + "\n".join(c.text for t in relazione.tables for row in t.rows for c in row.cells)
    ]
    if shutil.which("pdftotext"):
        pdf = client.get("/pubblico/valdoria/2025/relazione-performance.pdf").content
        texts.append(
            subprocess.run(
                ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
        )
    names = {value for value in sensitive if "Riservatissima" in value}
    assert names  # the planted employee is among the values looked for
    for text in texts:
        assert "Relazione sulla performance 2025" in text
        assert not {
            value for value in sensitive - _distinctive_numbers([Decimal("12345.67")]) if _shows(value, text)
        }


def test_the_page_shows_the_adopted_documents_with_their_hashes_and_the_act(client, valdoria):
    version = valdoria.frozen_versions.get()
    page = client.get("/pubblico/valdoria/2025/").content.decode()
    assert version.pdf_sha256 in page and version.docx_sha256 in page
    assert "delibera n. 9 del 30/01/2025" in page
    pdf = client.get(reverse("publication:version_document", args=["valdoria", 2025, 1, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert sha256(pdf.content) == version.pdf_sha256
    for heading in (
        "Obiettivi di performance",
        "Rischi corruttivi",
        "Mappa degli obblighi",
        "Personale in servizio",
    ):
        assert heading in page


def test_a_new_adoption_keeps_the_earlier_version_at_its_own_address(client, valdoria):
    user = get_user_model().objects.create_user(username="rpct-v2", password="x-test-password-1")
    reopen_plan(plan=valdoria, reason="Modifica", expected_version=valdoria.version, user=user)
    Objective.objects.filter(plan=valdoria, number=1, unit__code="area-amministrativa").update(
        title="Titolo della seconda versione"
    )
    valdoria.refresh_from_db()
    adopt_plan(
        plan=valdoria,
        resolution_number="30",
        resolution_date=date(2025, 4, 10),
        expected_version=valdoria.version,
        user=user,
    )
    latest = client.get("/pubblico/valdoria/2025/").content.decode()
    first = client.get("/pubblico/valdoria/2025/versioni/1/").content.decode()
    assert "Titolo della seconda versione" in latest and "delibera n. 30 del 10/04/2025" in latest
    assert "Titolo della seconda versione" not in first and "versione precedente" in first
    assert "/pubblico/valdoria/2025/versioni/1/" in latest  # listed among the versions
    feed = client.get("/pubblico/valdoria/feed/").content.decode()
    assert feed.count("<entry>") == 2


def test_pages_answer_conditional_requests(client):
    response = client.get("/pubblico/valdoria/2025/")
    assert response["Cache-Control"] == "public, max-age=300"
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/pubblico/valdoria/2025/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/pubblico/valdoria/2025/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert (
        client.get("/pubblico/", HTTP_IF_MODIFIED_SINCE=client.get("/pubblico/")["Last-Modified"]).status_code
        == 304
    )
    csv = client.get("/pubblico/valdoria/2025/dati/obiettivi.csv")
    assert csv["ETag"] != etag  # each file its own tag
    assert (
        client.get("/pubblico/valdoria/2025/dati/obiettivi.csv", HTTP_IF_NONE_MATCH=csv["ETag"]).status_code
        == 304
    )


def test_the_etag_changes_with_the_licence(client, valdoria):
    before = client.get("/pubblico/valdoria/2025/dati/obiettivi.json")["ETag"]
    PublicationSettings.objects.create(organization=valdoria.organization, licence="cc0-1.0")
    after = client.get("/pubblico/valdoria/2025/dati/obiettivi.json", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before
    assert json.loads(after.content)["licenza"]["uri"].endswith("A11_CCO10")


@pytest.mark.parametrize(
    "address, queries",
    [
        ("/pubblico/", 3),
        ("/pubblico/valdoria/", 4),
        ("/pubblico/valdoria/2025/", 7),
        ("/pubblico/valdoria/2025/dati/", 7),
        ("/pubblico/valdoria/2025/dati/indicatori.csv", 7),
        ("/pubblico/valdoria/catalogo.rdf", 9),
        ("/pubblico/valdoria/feed/", 3),
        ("/pubblico/valdoria/2025/relazione-performance.pdf", 1),
    ],
)
def test_pages_cost_a_fixed_number_of_queries(client, address, queries, django_assert_max_num_queries):
    if "relazione" in address:
        _validate_relazione(Plan.objects.get(organization__slug="valdoria"))
    with django_assert_max_num_queries(queries):
        assert client.get(address).status_code == 200


def test_the_administrator_chooses_the_licence_and_the_datasets_carry_it(client, valdoria, make_member):
    admin = make_member(valdoria.organization, "admin")
    client.force_login(admin)
    url = reverse("publication:settings", args=["valdoria"])
    page = client.get(url)
    assert "/pubblico/valdoria/2025/" in page.content.decode()
    assert client.post(url, page_form(page, licence="iodl-2.0")).status_code == 302
    assert PublicationSettings.objects.get(organization=valdoria.organization).licence == "iodl-2.0"
    event = AuditEvent.objects.get(action=Action.PUBLICATION_SETTINGS_SAVED)
    assert event.details["licence"] == "iodl-2.0"
    client.logout()
    payload = json.loads(client.get("/pubblico/valdoria/2025/dati/obiettivi.json").content)
    assert payload["licenza"]["nome"] == "Italian Open Data License 2.0 (IODL 2.0)"
    assert "A29_IODL20" in client.get("/pubblico/valdoria/catalogo.rdf").content.decode()


def test_a_licence_outside_the_list_is_refused_next_to_the_field(client, valdoria, make_member):
    client.force_login(make_member(valdoria.organization, "admin"))
    url = reverse("publication:settings", args=["valdoria"])
    response = client.post(url, page_form(client.get(url), licence="tutti-i-diritti-riservati"))
    assert response.status_code == 200
    assert "licence" in response.context["form"].errors
    assert not PublicationSettings.objects.exists()


def test_the_portale_piao_package_holds_the_adopted_pdf_the_act_and_a_summary(client, valdoria):
    version = valdoria.frozen_versions.get()
    assert "Scarica il pacchetto" in client.get("/pubblico/valdoria/2025/portale-piao/").content.decode()
    package = zipfile.ZipFile(io.BytesIO(client.get("/pubblico/valdoria/2025/portale-piao.zip").content))
    names = package.namelist()
    pdf = next(n for n in names if n.endswith(".pdf"))
    assert sha256(package.read(pdf)) == version.pdf_sha256
    adoption = json.loads(package.read("dati-adozione.json"))
    assert (adoption["resolution_number"], adoption["resolution_date"]) == ("9", "30/01/2025")
    assert "Delibera di adozione: n. 9 del 30/01/2025" in package.read("dati-adozione.txt").decode()
    summary = Docx(io.BytesIO(package.read("sintesi.docx")))
    text = "\n".join(p.text for p in summary.paragraphs)
    assert "Comune di Valdoria" in text and "delibera n. 9 del 30/01/2025" in text
    cells = [c.text for t in summary.tables for row in t.rows for c in row.cells]
    assert "Obiettivi di performance (sottosezione 2.2)" in cells
    # The same version always gives the same bytes (its ETag holds).
    assert (
        client.get("/pubblico/valdoria/2025/portale-piao.zip").content
        == client.get("/pubblico/valdoria/2025/portale-piao.zip").content
    )


def test_the_package_is_the_same_bytes_whenever_it_is_asked(client, valdoria, monkeypatch):
    """The package of a version never changes: its summary DOCX is dated by the act, not by the
    clock (python-docx dates each part of the file with the time of writing)."""
    url = "/pubblico/valdoria/2025/portale-piao.zip"
    first = client.get(url).content
    later = time.time() + 3 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(url).content == first
    summary = Docx(io.BytesIO(zipfile.ZipFile(io.BytesIO(first)).read("sintesi.docx")))
    assert summary.core_properties.created.date() == date(2025, 1, 30)


def test_feeds_list_every_adoption(client, valdoria):
    for address in ("/pubblico/feed/", "/pubblico/valdoria/feed/"):
        response = client.get(address)
        assert response["Content-Type"].startswith("application/atom+xml")
        body = response.content.decode()
        assert body.count("<entry>") == 1
        assert re.search(r"Comune di Valdoria — PIAO 2025-2027 in forma semplificata \(versione 1\)", body)
        assert "/pubblico/valdoria/2025/versioni/1/" in body


def test_only_the_frozen_version_is_read_not_the_plan(client, valdoria):
    """The plan's rows change after adoption (a reopened draft): the page keeps the adopted text."""
    adopted_title = Objective.objects.filter(plan=valdoria).order_by("pk").first().title
    user = get_user_model().objects.create_user(username="rpct-bozza", password="x-test-password-1")
    reopen_plan(plan=valdoria, reason="Modifica", expected_version=valdoria.version, user=user)
    Objective.objects.filter(plan=valdoria).update(title="Bozza successiva")
    valdoria.refresh_from_db()
    assert valdoria.status == PlanStatus.DRAFT and PlanVersion.objects.filter(plan=valdoria).count() == 1
    page = client.get("/pubblico/valdoria/2025/").content.decode()
    assert adopted_title in page and "Bozza successiva" not in page
