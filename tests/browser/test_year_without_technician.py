"""A comune's whole year in a real browser, without a technician (issue 11): the service operator
creates «Comune di Prova» from the ISTAT list and invites its administrator; the administrator
invites a segretario and a unit head; the segretario writes the first plan through its pages,
rolls it over to the next triennium, imports objectives from the plan's workbook (one row is
refused, then fixed) and prints the plan; the administrator gives the unit head her unit, and
the unit head edits her unit's objectives and no other."""

import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from openpiao.organizations.models import OPERATE_SERVICE
from openpiao.performance.models import Objective
from openpiao.plans.models import Plan

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPERATOR_PASSWORD = "Operatore-servizio-26"
ADMIN = ("sindaco@prova.example.it", "Prova-piao-2027")
SECRETARY = ("segretario@prova.example.it", "Segreteria-prova-26")
UNIT_HEAD = ("capa.ufficio@prova.example.it", "Ufficio-prova-26")
PROVA = "/enti/prova/"
# The first plan is the triennium starting this year, the roll-over makes the next one.
FIRST = timezone.localdate().year
NEXT = FIRST + 1


@pytest.fixture
def page(browser, live_server, settings, tmp_path):
    """A browser on the live server, and the service operator's account (whoever runs the
    service creates it: `make demo` or the Django admin); the demo's enti may be there or not."""
    settings.MEDIA_ROOT = tmp_path
    operator, _ = get_user_model().objects.get_or_create(username="operatore")
    operator.set_password(OPERATOR_PASSWORD)
    operator.save()
    operator.user_permissions.add(
        Permission.objects.get(content_type__app_label="organizations", codename=OPERATE_SERVICE)
    )
    context = browser.new_context(locale="it-IT", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def invitation_link(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    return re.search(r"https?://[^/\s]+(/invito/[\w-]+/)", message.body).group(1)


def accept(page, address: str, first: str, last: str, password: str) -> None:
    page.goto(invitation_link(address))
    page.get_by_label(re.compile("^nome")).fill(first)
    page.get_by_label("cognome").fill(last)
    page.get_by_label(re.compile("^password")).fill(password)
    page.get_by_label("ripeti la password").fill(password)
    page.get_by_role("button", name="Imposta la password ed entra").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Esci").click()


def invite(page, address: str, role: str) -> None:
    page.get_by_role("link", name="Comune di Prova").first.click()
    page.get_by_role("link", name="Persone e accessi").click()
    page.get_by_label("e-mail").fill(address)
    page.get_by_label("ruolo").select_option(label=role)
    page.get_by_role("button", name="Invia l'invito").click()
    expect(page.get_by_text(f"Invito inviato a {address}")).to_be_visible()


def new_unit(page, code: str, name: str) -> None:
    page.get_by_role("link", name="Nuova unità").click()
    page.get_by_label("codice").fill(code)
    page.get_by_role("textbox", name="Denominazione", exact=True).fill(name)
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Unità salvata.")).to_be_visible()


def new_objective(page, unit: str, number: int, title: str, weight: str) -> None:
    page.get_by_role("link", name="Nuovo obiettivo").click()
    page.get_by_label("Unità responsabile").select_option(label=unit)
    page.get_by_label("Numero").fill(str(number))
    page.get_by_label("Tipo", exact=True).select_option(label="Innovativo")
    page.get_by_label("descrizione sintetica").fill(title)
    page.get_by_label("Peso (%)").fill(weight)
    page.get_by_label(re.compile("^All'anno")).select_option(str(NEXT))
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Obiettivo salvato.")).to_be_visible()
    expect(page.get_by_text(f"{number}. {title}")).to_be_visible()


def with_objectives(content: bytes, weight: str) -> bytes:
    """The downloaded workbook with two objectives typed in, the second one's weight as given."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Obiettivi"]
    headers = [cell.value for cell in sheet[1]]
    for unit, number, title, peso in (
        ("tecnico", 3, "Manutenzione delle strade comunali", "30"),
        ("anagrafe", 4, "Carta d'identità elettronica in giornata", weight),
    ):
        values = {
            "Unità": unit,
            "Numero": number,
            "Tipo": "Innovativo",
            "Titolo": title,
            "Peso": peso,
            "Dall'anno": NEXT,
            "All'anno": NEXT,
        }
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_comunes_year_without_a_technician(page, tmp_path):
    # 1. The service operator creates the ente from the ISTAT list and invites its administrator.
    log_in(page, "operatore", OPERATOR_PASSWORD)
    page.get_by_role("link", name="Area dell'operatore del servizio").click()
    page.get_by_role("link", name="Nuovo ente").click()
    page.get_by_label("Cerca il comune nell'elenco ISTAT").fill("Provaglio")
    page.get_by_role("link", name="Provaglio Val Sabbia (BS)").click()
    expect(page.get_by_label("codice ISTAT")).to_have_value("017157")
    page.get_by_label("denominazione").fill("Comune di Prova")
    page.get_by_label("abitanti al 31/12").fill("950")
    page.get_by_label("dipendenti al 31/12").fill("8")
    page.get_by_label("e-mail dell'amministratore dell'ente").fill(ADMIN[0])
    page.get_by_role("button", name="Crea l'ente e invia l'invito").click()
    expect(page.get_by_text("Creato l'ente Comune di Prova")).to_be_visible()
    log_out(page)

    # 2. The administrator accepts, then invites a segretario and a unit head.
    accept(page, ADMIN[0], "Sara", "Sindaco", ADMIN[1])
    expect(page.get_by_role("heading", name="Comune di Prova", level=1)).to_be_visible()
    invite(page, SECRETARY[0], "Segretario / RPCT")
    invite(page, UNIT_HEAD[0], "Responsabile di unità")
    log_out(page)

    # 3. The segretario accepts and writes the first plan through its pages.
    accept(page, SECRETARY[0], "Giulia", "Segreti", SECRETARY[1])
    expect(page.get_by_role("heading", name="Comune di Prova", level=1)).to_be_visible()
    page.get_by_role("link", name="Crea il primo piano").click()
    page.get_by_label("primo anno del triennio").fill(str(FIRST))
    page.get_by_label("anno di riferimento").fill(str(FIRST))
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Forma semplificata: l'ente ha 8 dipendenti")).to_be_visible()
    page.get_by_role("link", name="Struttura").first.click()
    new_unit(page, "tecnico", "Area Tecnica")
    new_unit(page, "anagrafe", "Servizi Demografici")
    page.get_by_role("link", name="Nuovo dipendente").click()
    page.get_by_label("codice").fill("m001")
    page.get_by_label("cognome").fill("Rossi")
    page.get_by_label("Nome", exact=True).fill("Mario")
    page.get_by_label("genere").select_option(label="Uomo")
    page.get_by_label("unità").select_option(label="Area Tecnica")
    page.get_by_label("area CCNL 2022").select_option(index=1)
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Rossi")).to_be_visible()
    page.get_by_role("link", name="Performance").first.click()
    new_objective(page, "Area Tecnica", 1, "Piano delle asfaltature", "60")
    page.get_by_role("link", name="Obiettivi di performance").click()
    new_objective(page, "Servizi Demografici", 2, "Anagrafe digitale", "40")
    log_out(page)

    # 4. The unit head accepts; the administrator gives her the Servizi Demografici.
    accept(page, UNIT_HEAD[0], "Carla", "Capa", UNIT_HEAD[1])
    expect(page.get_by_text("ora accede a Comune di Prova come responsabile di unità")).to_be_visible()
    log_out(page)
    log_in(page, *ADMIN)
    page.get_by_role("link", name="Comune di Prova").click()
    page.get_by_role("link", name="Persone e accessi").click()
    page.get_by_role("link", name=re.compile("Assegna le unità a Carla Capa")).click()
    page.locator(
        "label", has_text="Servizi Demografici"
    ).click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("cell", name=re.compile("Servizi Demografici"))).to_be_visible()
    log_out(page)

    # 5. The segretario rolls the plan over to the next triennium.
    log_in(page, *SECRETARY)
    page.get_by_role("link", name="Comune di Prova").click()
    page.get_by_role("link", name=f"PIAO {FIRST}-{FIRST + 2}").click()
    page.get_by_role("link", name="Nuovo piano dal precedente").click()
    page.get_by_role("button", name=f"Crea il piano {NEXT}-{NEXT + 2}").click()
    expect(page.get_by_text(re.compile(f"Creato il PIAO {NEXT}-{NEXT + 2}"))).to_be_visible()
    new = Plan.objects.get(organization__slug="prova", first_year=NEXT)
    assert sorted(new.objectives.values_list("title", flat=True)) == [
        "Anagrafe digitale",
        "Piano delle asfaltature",
    ]

    # 6. … imports objectives from the workbook: one row refused, fixed, imported.
    page.get_by_role("link", name="Documento").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica il foglio compilato (XLSX)").click()
    original = download.value.path().read_bytes()
    rows = load_workbook(io.BytesIO(original))["Obiettivi"].max_row
    page.get_by_role("link", name="Importa il foglio di calcolo").click()
    wrong = tmp_path / "obiettivi.xlsx"
    wrong.write_bytes(with_objectives(original, "molto"))
    page.get_by_label("File da importare").set_input_files(str(wrong))
    page.get_by_role("button", name="Carica e verifica").click()
    problems = page.locator("#problemi")
    expect(problems).to_contain_text("nulla è stato salvato")
    expect(problems).to_contain_text(
        f"Foglio Obiettivi, riga {rows + 2}, colonna Peso: atteso un numero (es. 1250,40), trovato «molto»."
    )
    fixed = tmp_path / "obiettivi-corretto.xlsx"
    fixed.write_bytes(with_objectives(original, "40"))
    page.get_by_label("File da importare").set_input_files(str(fixed))
    page.get_by_role("button", name="Carica e verifica").click()
    expect(page.get_by_role("heading", name="Anteprima dell'importazione")).to_be_visible()
    page.get_by_role("button", name="Sostituisci il piano con il file").click()
    expect(page.get_by_text("Importazione completata")).to_be_visible()
    expect(page.get_by_text("Carta d'identità elettronica in giornata")).to_be_visible()
    assert new.objectives.count() == 4
    first = Plan.objects.get(organization__slug="prova", first_year=FIRST)
    assert sorted(first.objectives.values_list("title", flat=True)) == [
        "Anagrafe digitale",
        "Piano delle asfaltature",
    ]  # the plan it came from does not change

    # … sees what changed from the plan before (the annex of a mid-term update)…
    trail = page.get_by_role("navigation", name="Percorso di navigazione")
    trail.get_by_role("link", name=f"PIAO {NEXT}-{NEXT + 2}").click()
    page.get_by_role("link", name="Confronto con un altro piano").click()
    expect(page.get_by_role("heading", name="Confronto tra piani")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Manutenzione delle strade comunali")).to_be_visible()

    # 7. … and prints it (a background job; immediate in the tests) and downloads the document.
    page.get_by_role("link", name="Documento").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Intero piano in Word (DOCX)").click()
    with zipfile.ZipFile(download.value.path()) as printed:
        body = printed.read("word/document.xml").decode()
    assert "Comune di Prova" in body and "Manutenzione delle strade comunali" in body
    log_out(page)

    # 8. The unit head sees the plan's objectives and edits only those of her unit.
    log_in(page, *UNIT_HEAD)
    page.get_by_role("link", name="Comune di Prova").click()
    page.get_by_role("link", name=f"PIAO {NEXT}-{NEXT + 2}").click()
    page.get_by_role("link", name="Performance").first.click()
    expect(page.get_by_text("Piano delle asfaltature")).to_be_visible()
    other = new.objectives.get(title="Piano delle asfaltature")
    mine = new.objectives.get(title="Anagrafe digitale")
    page.get_by_role("link", name=re.compile("Anagrafe digitale")).click()
    page.get_by_role("link", name="Modifica obiettivo").click()
    page.get_by_label("descrizione sintetica").fill("Anagrafe digitale e certificati online")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Obiettivo salvato.")).to_be_visible()
    expect(page.get_by_role("cell", name="Anagrafe digitale e certificati online")).to_be_visible()
    assert Objective.objects.get(pk=mine.pk).title == "Anagrafe digitale e certificati online"
    page.get_by_role("link", name="Obiettivi di performance").click()
    page.get_by_role("link", name=re.compile("Piano delle asfaltature")).click()
    expect(page.get_by_role("link", name="Modifica obiettivo")).to_have_count(0)
    for part in ("modifica", "scheda", "indicatori", "elimina"):
        response = page.goto(PROVA + f"piani/{NEXT}/performance/obiettivi/{other.pk}/{part}/")
        assert response.status == 403
    assert Objective.objects.get(pk=other.pk).title == "Piano delle asfaltature"
