"""Starter content of sottosezione 2.3 for a small comune (Aggiornamento 2024 al PNA 2022, delib.
ANAC n. 31/2025): who qualifies, and the one-click seed from the risk section."""

import lxml.html
import pytest
from django.urls import reverse

from openpiao.organizations.models import Organization, YearlyFigures
from openpiao.plans.models import Plan
from openpiao.risk.models import Measure, Process
from openpiao.risk.services import seed_small_comune
from openpiao.risk.small_comuni import eligibility
from tests import factories
from tests.page_forms import page_form


@pytest.mark.parametrize(
    ("inhabitants", "employees", "qualifies"),
    [(4999, 49, True), (1200, 6, True), (5000, 10, False), (3000, 50, False), (None, 4, False)],
)
def test_who_qualifies(inhabitants, employees, qualifies):
    result = eligibility(year=2025, inhabitants=inhabitants, employees=employees)
    assert result.qualifies is qualifies
    if inhabitants is not None:
        assert "delib. ANAC n. 31 del 30/1/2025" in result.reason
        assert (": rientra tra" in result.reason) is qualifies


def test_the_reason_reads_in_italian():
    reason = eligibility(year=2025, inhabitants=3200, employees=12).reason
    assert reason.startswith("Al 31/12/2025 l'ente ha 3.200 abitanti e 12 dipendenti: rientra tra i comuni")


@pytest.fixture
def small(db):
    organization = Organization.objects.create(slug="comune-piccolo", name="Comune Piccolo", province="PV")
    YearlyFigures.objects.create(organization=organization, year=2026, inhabitants=3200, employees=12)
    plan = Plan.objects.create(organization=organization, first_year=2027, reference_year=2027)
    for code in ("territorio", "amministrativo", "socio-educativo", "segreteria", "finanziario"):
        factories.unit(plan, code=code, name=f"Area {code}")
    return plan


def test_the_seed_adopts_the_processes_of_the_small_areas_and_the_general_measures(small):
    seeded = seed_small_comune(plan=small, user=None)
    codes = sorted(p.code for p in seeded.processes)
    assert codes[:3] == ["p-a01", "p-a02", "p-a04"] and "p-b05" in codes  # the plan's PNA 2025 map
    assert seeded.without_unit == ["Autorizzazioni e concessioni di suolo pubblico"]  # polizia locale
    assert {p.area.code for p in seeded.processes} == {"L16A", "L16B", "L16C", "L16D"}
    general = Measure.objects.filter(plan=small, kind="general")
    assert sorted(general.values_list("general_measure__code", flat=True)) == ["MG02", "MG04", "MG05", "MG11"]
    again = seed_small_comune(plan=small, user=None)  # nothing twice
    assert again.processes == [] and again.measures == []
    assert Process.objects.filter(plan=small).count() == len(codes)


def _seed_form(page):
    forms = [f for f in lxml.html.fromstring(page.content.decode()).forms if f.method.lower() == "post"]
    return next(i for i, f in enumerate(forms) if "piccoli-comuni" in (f.action or ""))


def test_one_click_from_the_starter_map(client, small, make_member):
    client.force_login(make_member(small.organization, "secretary"))
    page = client.get(reverse("risk:starter_map", args=["comune-piccolo", 2027]))
    assert "Aggiornamento 2024 al PNA 2022" in page.content.decode()
    url = reverse("risk:small_comune_seed", args=["comune-piccolo", 2027])
    response = client.post(url, page_form(page, index=_seed_form(page)), follow=True)
    text = response.content.decode()
    assert "4 misure generali inseriti" in text and "Da adottare scegliendo l&#x27;unità" in text
    assert Measure.objects.filter(plan=small, kind="general").count() == 4


def test_an_ente_that_does_not_qualify_sees_no_button_and_is_refused(secretary_client, casorate):
    page = secretary_client.get(reverse("risk:starter_map", args=["casorate-primo", 2024]))
    assert "Inserisci il contenuto di partenza dei piccoli comuni" not in page.content.decode()  # 9.128 ab.
    before = Measure.objects.filter(plan=casorate).count()
    response = secretary_client.post(
        reverse("risk:small_comune_seed", args=["casorate-primo", 2024]), follow=True
    )
    assert "non rientra tra i comuni" in response.content.decode()
    assert Measure.objects.filter(plan=casorate).count() == before
