"""ANAC standard publication schemes (art. 48 d.lgs. 33/2013): which duties they cover, since
when they are mandatory, shown on the transparency pages and checked before adoption."""

from datetime import date

import pytest
from django.urls import reverse

from openpiao.plans.access import plan_url
from openpiao.plans.models import Plan
from openpiao.transparency import readiness
from openpiao.transparency.catalogue import manifest, schemes_by_duty
from openpiao.transparency.models import Duty, DutyAssignment
from tests.page_forms import page_form


@pytest.mark.parametrize(
    ("key", "article", "status", "since"),
    [
        ("15.06/150601", "art. 4-bis d.lgs. 33/2013", "obbligatorio", date(2026, 1, 22)),  # delib. 481/2025
        ("02.04/020401", "art. 13 d.lgs. 33/2013", "obbligatorio", date(2026, 1, 22)),  # delib. 495/2024
        ("14.02/140201", "art. 31 d.lgs. 33/2013", "obbligatorio", date(2026, 1, 22)),
        ("04.01/040101", "art. 14 d.lgs. 33/2013", "sperimentale", None),  # delib. 497/2025
        ("15.08/150801", "art. 33 d.lgs. 33/2013", "sperimentale", None),
    ],
)
def test_the_catalogue_marks_the_duties_of_each_scheme(db, key, article, status, since):
    duty = Duty.objects.get(key=key)
    assert (duty.standard_scheme["article"], duty.standard_scheme["status"], duty.scheme_since) == (
        article,
        status,
        since,
    )
    assert duty.standard_scheme["url"].startswith("https://")


def test_the_other_duties_have_no_scheme(db):
    assert (
        Duty.objects.filter(standard_scheme__isnull=False).count() == len(schemes_by_duty(manifest())) == 23
    )
    assert Duty.objects.get(key="09.01/090101").standard_scheme is None
    assert not Duty.objects.get(key="09.01/090101").scheme_mandatory_by(date(2030, 1, 1))


@pytest.mark.parametrize(("day", "bound"), [(date(2026, 1, 21), False), (date(2026, 1, 22), True)])
def test_a_mandatory_scheme_binds_from_its_date(db, day, bound):
    assert Duty.objects.get(key="15.06/150601").scheme_mandatory_by(day) is bound


def _plan_2026(casorate):
    plan = Plan.objects.create(organization=casorate.organization, first_year=2026, reference_year=2026)
    for duty in Duty.objects.filter(key__in=["15.06/150601", "04.01/040101", "09.01/090101"]):
        DutyAssignment.objects.create(plan=plan, duty=duty)
    return plan


def test_readiness_warns_where_a_mandatory_scheme_is_not_applied(casorate):
    assert not [i for i in readiness.readiness_items(casorate) if "schema standard" in i.message]  # 2024
    plan = _plan_2026(casorate)
    [item] = [i for i in readiness.readiness_items(plan) if "schema standard" in i.message]
    assert item.message.startswith(
        "Obbligo «Obbligo di pubblicazione dei dati sui pagamenti»: dal 22/01/2026"
    )
    assert "art. 4-bis d.lgs. 33/2013" in item.message and "481" in item.message and not item.blocking
    DutyAssignment.objects.filter(plan=plan, duty__key="15.06/150601").update(standard_scheme=True)
    assert not [i for i in readiness.readiness_items(plan) if "schema standard" in i.message]


def test_the_pages_show_the_scheme_and_the_form_records_it(secretary_client, casorate):
    plan = _plan_2026(casorate)
    section = Duty.objects.get(key="15.06/150601").section.parent.code
    map_page = secretary_client.get(
        plan_url(plan, "transparency:map") + f"?sezione={section}"
    ).content.decode()
    assert "schema ANAC obbligatorio" in map_page and "obbligatorio dal 22/01/2026" in map_page
    assert "schema non ancora applicato" in map_page
    assignment = DutyAssignment.objects.get(plan=plan, duty__key="15.06/150601")
    url = reverse("transparency:assignment", args=["casorate-primo", 2026, assignment.pk])
    page = secretary_client.get(url)
    assert "ubblicato secondo lo schema standard ANAC" in page.content.decode()
    response = secretary_client.post(url, page_form(page, standard_scheme=True))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.standard_scheme
    other = DutyAssignment.objects.get(plan=plan, duty__key="09.01/090101")
    page = secretary_client.get(reverse("transparency:assignment", args=["casorate-primo", 2026, other.pk]))
    assert "schema standard ANAC" not in page.content.decode()  # no scheme, no field
