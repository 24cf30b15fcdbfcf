"""A new comune from nothing, in a real browser: the service operator creates «Comune di Prova»
from the ISTAT list and invites its administrator; the administrator opens the e-mail's link,
sets a password, creates the first plan and its units, invites a unit head with her unit;
the unit head accepts and may write only for her unit."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from openpiao.demo.loader import DEMO_PASSWORD
from openpiao.organizations.models import Organization

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The first plan of a new ente is the triennium starting this year.
FIRST = timezone.localdate().year


def link_of(message) -> str:
    return re.search(r"https?://[^/\s]+(/invito/[\w-]+/)", message.body).group(1)


def log_out(page):
    page.get_by_role("button", name="Esci").click()


def set_password(page, first: str, last: str, password: str):
    page.get_by_label(re.compile("^nome")).fill(first)
    page.get_by_label("cognome").fill(last)
    page.get_by_label(re.compile("^password")).fill(password)
    page.get_by_label("ripeti la password").fill(password)
    page.get_by_role("button", name="Imposta la password ed entra").click()


def test_a_new_comune_from_the_istat_list_to_its_unit_head(page):
    # The operator picks a comune from the ISTAT list (htmx) and renames the ente.
    log_in(page, "operatore", DEMO_PASSWORD)
    page.get_by_role("link", name="Area dell'operatore del servizio").click()
    page.get_by_role("link", name="Nuovo ente").click()
    page.get_by_label("Cerca il comune nell'elenco ISTAT").fill("Provaglio")
    page.get_by_role("link", name="Provaglio Val Sabbia (BS)").click()
    expect(page.get_by_label("codice ISTAT")).to_have_value("017157")
    expect(page.get_by_label("codice catastale")).to_have_value("H077")
    expect(page.get_by_text("censimento 2011 era di 966 abitanti")).to_be_visible()
    page.get_by_label("denominazione").fill("Comune di Prova")
    page.get_by_label("abitanti al 31/12").fill("950")
    page.get_by_label("dipendenti al 31/12").fill("8")
    page.get_by_label("e-mail dell'amministratore dell'ente").fill("sindaco@prova.example.it")
    page.get_by_role("button", name="Crea l'ente e invia l'invito").click()
    expect(page.get_by_text("Creato l'ente Comune di Prova")).to_be_visible()
    assert Organization.objects.get(name="Comune di Prova").istat_code == "017157"
    log_out(page)

    # The administrator opens the e-mail's link and sets a password.
    page.goto(link_of(mail.outbox[-1]))
    set_password(page, "Sara", "Sindaco", "Prova-piao-2026")
    expect(page.get_by_role("heading", name="Comune di Prova", level=1)).to_be_visible()

    # The guided first plan, then two units.
    page.get_by_role("link", name="Crea il primo piano").click()
    page.get_by_label("primo anno del triennio").fill(str(FIRST))
    page.get_by_label("anno di riferimento").fill(str(FIRST))
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Forma semplificata: l'ente ha 8 dipendenti")).to_be_visible()
    page.get_by_role("link", name="Struttura").first.click()
    for code, name in (("tecnico", "Area Tecnica"), ("anagrafe", "Servizi Demografici")):
        page.get_by_role("link", name="Nuova unità").click()
        page.get_by_label("codice").fill(code)
        page.get_by_role("textbox", name="Denominazione", exact=True).fill(name)
        page.get_by_role("button", name="Salva").click()
        expect(page.get_by_text("Unità salvata.")).to_be_visible()

    # She invites a unit head and gives her the Servizi Demografici (offered only for that role).
    page.goto("/enti/prova/persone/")
    page.get_by_label("e-mail").fill("capa.ufficio@prova.example.it")
    demographics = page.locator("label", has_text="Servizi Demografici")
    expect(demographics).to_be_hidden()
    page.get_by_label("ruolo").select_option(label="Responsabile di unità")
    demographics.click()  # Bootstrap Italia draws the box on the label
    expect(page.get_by_label("Servizi Demografici")).to_be_checked()
    page.get_by_role("button", name="Invia l'invito").click()
    expect(page.get_by_text("Invito inviato a capa.ufficio@prova.example.it")).to_be_visible()
    expect(page.get_by_text("Unità: Servizi Demografici")).to_be_visible()
    log_out(page)

    # The unit head accepts.
    page.goto(link_of(mail.outbox[-1]))
    set_password(page, "Carla", "Capa", "Ufficio-prova-26")
    expect(page.get_by_text("ora accede a Comune di Prova come responsabile di unità")).to_be_visible()
    log_out(page)

    # The administrator sees her with the unit chosen in the invitation.
    log_in(page, "sindaco@prova.example.it", "Prova-piao-2026")
    page.get_by_role("link", name="Comune di Prova").click()
    page.get_by_role("link", name="Persone e accessi").click()
    expect(page.get_by_role("cell", name=re.compile("Servizi Demografici"))).to_be_visible()
    log_out(page)

    # The unit head may write objectives for her unit only.
    log_in(page, "capa.ufficio@prova.example.it", "Ufficio-prova-26")
    page.get_by_role("link", name="Comune di Prova").click()
    page.get_by_role("link", name=f"PIAO {FIRST}-{FIRST + 2}").click()
    page.get_by_role("link", name="Performance").first.click()
    page.get_by_role("link", name="Nuovo obiettivo").click()
    options = page.locator("select[name=unit] option").all_inner_texts()
    assert [o for o in options if o.strip("- ")] == ["Servizi Demografici"]


def test_the_header_switches_ente_on_the_same_page(page):
    log_in(page, "segretario", DEMO_PASSWORD)
    page.goto("/enti/casorate-primo/piani/2024/rischi/")
    page.get_by_role("button", name="Cambia ente").click()
    page.get_by_role("link", name="Comune di Albizzate").click()
    expect(page).to_have_url(re.compile("/enti/albizzate/piani/2023/rischi/$"))
