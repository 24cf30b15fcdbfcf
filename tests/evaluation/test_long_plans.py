"""A plan of many objectives (a large comune, or one grown by openpiao.demo.scaling) is listed a
page of objectives at a time on the objectives, monitoring and scores pages, in a fixed number of
queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.exchange import Audience
from openpiao.demo.scaling import resized
from openpiao.evaluation.selectors import scorecard
from openpiao.evaluation.views.common import OBJECTIVES_PER_PAGE
from openpiao.plans.json_document import export_plan, import_plan


@pytest.fixture
def long_plan(casorate):
    return import_plan(resized(export_plan(casorate, audience=Audience.BACKUP), 120), slug="casorate-lungo")


@pytest.mark.parametrize("name", ["evaluation:dashboard", "evaluation:scores", "performance:objectives"])
def test_a_long_plan_is_listed_a_page_at_a_time(client, make_member, long_plan, name):
    client.force_login(make_member(long_plan.organization, "secretary"))
    address = reverse(name, args=[long_plan.organization.slug, long_plan.first_year])
    counted = []
    pages = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address, {"mese": 6, "pagina": number})
        assert response.status_code == 200
        counted.append(len(queries))
        pages.append(response.content.decode())
    listed = [len(re.findall(r"<tr>\s*<td>\d+</td>", html)) for html in pages]
    total = (
        long_plan.objectives.count()  # the objectives page lists the pre-requisiti with their unit
        if name == "performance:objectives"
        else sum(len(u.objectives) for u in scorecard(long_plan).units)
    )
    assert listed == [OBJECTIVES_PER_PAGE, OBJECTIVES_PER_PAGE, total - 2 * OBJECTIVES_PER_PAGE]
    assert "Pagina 2 di 3" in pages[1] and "Obiettivi 51–100 di" in pages[1]
    assert "mese=6&amp;pagina=3" in pages[1] and "mese=6&amp;pagina=1" in pages[1]  # the month kept
    assert "Successiva" not in pages[2] and "Precedente" not in pages[0]
    assert counted[1] == counted[2], f"{name}: {counted}"  # the same queries on every page


def test_a_comune_s_plan_fits_in_one_page(secretary_client, casorate):
    html = secretary_client.get(
        reverse("evaluation:dashboard", args=["casorate-primo", 2024])
    ).content.decode()
    assert "Pagine degli obiettivi" not in html and "pagina=" not in html


def test_the_objectives_page_loads_only_the_objectives_it_shows(client, make_member, long_plan):
    """The units' weight totals come from one query of plain values: the page builds model
    instances only for the 50 objectives it lists, and each total is still the whole unit's."""
    from django.db.models.signals import post_init

    from openpiao.core.templatetags.piao import num
    from openpiao.performance.models import Objective

    client.force_login(make_member(long_plan.organization, "secretary"))
    address = reverse("performance:objectives", args=[long_plan.organization.slug, long_plan.first_year])
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance.pk)

    post_init.connect(count, sender=Objective)
    try:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(address, {"pagina": 2}).content.decode()
    finally:
        post_init.disconnect(count, sender=Objective)
    assert len(built) == OBJECTIVES_PER_PAGE
    assert len(queries) <= 9  # as many as for a plan of 26
    shown = re.findall(r'id="unit-(\d+)".*?Totale pesi</th><td class="num"><strong>([^<%/ ]+)', html, re.S)
    assert shown
    for unit_id, total in shown:
        weights = long_plan.objectives.filter(unit_id=unit_id, is_prerequisite=False, weight__isnull=False)
        assert total == num(sum(o.weight for o in weights))
