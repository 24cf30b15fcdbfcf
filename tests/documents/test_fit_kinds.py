"""The plan's kind decides its document: title, legal basis, parts, and what readiness requires.
Albizzate's 2023 plan is a Piano della performance; the clean plan is tried as every kind."""

from itertools import pairwise

import pytest
from django.urls import reverse

from openpiao.documents import readiness
from openpiao.documents.builder import NOT_REQUIRED, build_document
from openpiao.documents.models import SectionText
from openpiao.performance.models import Indicator, Phase
from openpiao.plans.models import Plan

PIAO_ONLY = ("Sottosezione 2.3", "Sezione 3 - Organizzazione", "Sottosezione 3.3", "Piano integrato")


def test_albizzate_prints_as_its_piano_della_performance(albizzate):
    document = build_document(albizzate)
    assert document.title == "Piano della performance e Piano degli obiettivi 2023"
    assert "art. 10 c. 1 lett. a d.lgs. 27 ottobre 2009 n. 150" in document.subject
    text = document.text()
    assert "art. 10 c. 1 lett. a d.lgs. 27 ottobre 2009 n. 150" in text
    assert not [phrase for phrase in PIAO_ONLY if phrase in text]
    assert NOT_REQUIRED not in text
    assert "Obiettivi di performance" in text and "Obiettivo esecutivo 2023" in text
    levels = [h.level for h in document.headings()]
    assert levels[0] == 1 and all(after - before <= 1 for before, after in pairwise(levels))


def test_albizzate_is_ready_without_invented_data(albizzate):
    report = readiness.collect(albizzate)
    assert report.ready, [i.message for i in report.blocking]
    assert {s.code for s in report.sections} <= {"premesse", "1", "2.1", "2.2", "3.1", "4"}


def _break(plan):
    """2.3 without text, anagrafica without PEC, an objective with neither indicators nor phases."""
    SectionText.objects.filter(plan=plan, section="2.3").delete()
    plan.organization.__class__.objects.filter(pk=plan.organization_id).update(pec="")
    Indicator.objects.filter(objective__plan=plan).delete()
    Phase.objects.filter(objective__plan=plan).delete()


@pytest.mark.parametrize(
    "kind, expected",
    [
        # (section, blocking) of each item the broken plan gets.
        ("piao", {("1", True), ("2.2", True), ("2.3", True)}),
        # Not a PIAO: no 2.3 at all; the anagrafica advises; the objectives still block.
        ("performance", {("1", False), ("2.2", True)}),
        ("peg_pdo", {("1", False), ("2.2", True)}),
    ],
)
def test_readiness_follows_the_kind(clean_plan, own_checks_only, kind, expected):
    Plan.objects.filter(pk=clean_plan.pk).update(kind=kind)
    _break(clean_plan)
    report = readiness.collect(Plan.objects.get(pk=clean_plan.pk))
    assert {(i.section, i.blocking) for i in report.items} == expected


@pytest.mark.parametrize(
    "kind, title, header",
    [
        ("piao", "Piano integrato di attività e organizzazione (PIAO) 2025-2027", "PIAO 2025-2027"),
        ("performance", "Piano della performance 2025-2027", "Piano della performance 2025-2027"),
        (
            "peg_pdo",
            "Piano esecutivo di gestione - Piano dettagliato degli obiettivi 2025-2027",
            "PEG 2025-2027",
        ),
    ],
)
def test_document_title_follows_the_kind(clean_plan, kind, title, header):
    Plan.objects.filter(pk=clean_plan.pk).update(kind=kind)
    document = build_document(Plan.objects.get(pk=clean_plan.pk))
    assert (document.title, document.header_right) == (title, header)


def test_pages_list_the_parts_of_the_kind(client, albizzate, make_member):
    secretary_client = client
    client.force_login(make_member(albizzate.organization, "secretary"))
    base = ["albizzate", 2023]
    texts = secretary_client.get(reverse("documents:texts", args=base)).content.decode()
    assert "Obiettivi di performance" in texts and "Sottosezione 2.3" not in texts
    plan_page = secretary_client.get(reverse("plans:detail", args=base)).content.decode()
    assert "Rischi corruttivi" not in plan_page and "Performance: obiettivi" in plan_page
    assert secretary_client.get(reverse("documents:text", args=[*base, "2.3"])).status_code == 404
