"""The ente's texts travel in the plan's JSON and print at the head of their section."""

import copy

import pytest

from openpiao.core.exchange import Audience, ImportProblem
from openpiao.documents.builder import build_document
from openpiao.documents.models import SectionText
from openpiao.plans.json_document import export_plan, import_plan


def test_casorate_texts_come_from_the_seed(casorate):
    sections = set(SectionText.objects.filter(plan=casorate).values_list("section", flat=True))
    assert {"premesse", "2.2", "2.3", "3.2"} <= sections
    premesse = SectionText.objects.get(plan=casorate, section="premesse").body
    assert premesse.startswith("L'art. 6, commi da 1 a 4, del decreto legge 9 giugno 2021, n. 80")
    assert "Vernate" not in premesse  # the stray header of another comune's plan is left out


def test_texts_round_trip_through_the_json(casorate):
    document = export_plan(casorate, audience=Audience.BACKUP)
    assert document["section_texts"][0]["section"] == "premesse"
    copy_of = copy.deepcopy(document)
    copy_of["organization"]["slug"] = "casorate-copia"
    plan = import_plan(copy_of, slug="casorate-copia")
    assert export_plan(plan, audience=Audience.BACKUP)["section_texts"] == document["section_texts"]


def test_unknown_section_is_refused(casorate):
    document = export_plan(casorate, audience=Audience.BACKUP)
    document["section_texts"].append({"section": "9.9", "body": "?"})
    with pytest.raises(ImportProblem, match=r"sezione «9\.9» inesistente"):
        import_plan(document, slug="casorate-errata")


def test_a_section_written_twice_is_refused_in_italian(casorate):
    document = export_plan(casorate, audience=Audience.BACKUP)
    document["section_texts"].append({"section": "premesse", "body": "Di nuovo."})
    with pytest.raises(ImportProblem, match="Il piano ha già un testo per questa sezione"):
        import_plan(document, slug="casorate-doppia")


def test_texts_print_before_the_data_of_their_section(casorate):
    text = build_document(casorate, section="2.2").text()
    intro = text.index("Il presente Piano deve configurarsi come un documento snello e comprensibile.")
    assert intro < text.index("Centro di responsabilità: Servizio Amministrativo")


def test_a_text_is_saved_again_and_again_as_the_page_posts_it(secretary_client, casorate):
    """The page posts its hidden version: the second and third saves are not taken for a conflict."""
    from django.urls import reverse

    from tests.page_forms import page_form

    address = reverse("documents:text", args=[casorate.organization.slug, casorate.first_year, "4"])
    for body in ("Prima stesura.", "Seconda stesura.", "Terza stesura."):
        page = secretary_client.get(address)
        response = secretary_client.post(address, page_form(page, body=body))
        assert response.status_code == 302, body
        assert SectionText.objects.get(plan=casorate, section="4").body == body


def test_a_stale_text_page_saves_nothing(secretary_client, casorate):
    from django.urls import reverse

    from tests.page_forms import page_form

    address = reverse("documents:text", args=[casorate.organization.slug, casorate.first_year, "4"])
    secretary_client.post(address, page_form(secretary_client.get(address), body="Prima."))
    opened_by_both = secretary_client.get(address)
    secretary_client.post(address, page_form(opened_by_both, body="Di Rossi."))
    response = secretary_client.post(address, page_form(opened_by_both, body="Di Bianchi."))
    assert response.status_code == 200 and "Qualcun altro ha modificato" in response.content.decode()
    assert SectionText.objects.get(plan=casorate, section="4").body == "Di Rossi."
