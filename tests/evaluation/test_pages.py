"""Pages of the measurement cycle: they render for every role, they show the working, and the
monitoring page asks the database a fixed number of queries whatever the number of objectives."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.evaluation.models import BonusFund, EmployeeAccount

D = Decimal


def url(plan, name, *args):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year, *args])


@pytest.fixture
def sample(build):
    """Two units, three objectives with an intermediate review, staff on objectives of both units."""
    plan = build.plan
    first, second = build.unit(name="Servizio Amministrativo"), build.unit(name="Polizia Locale")
    head = build.employee(
        first, is_eq_holder=True, old_category="D", area="funzionari_eq", last_name="Ariboni"
    )
    first.head = head
    first.save()
    clerk = build.employee(first, last_name="Garimberti", part_time_pct=D(50))
    officer = build.employee(second, last_name="Rallo")
    o1 = build.objective(
        first,
        weight=D(60),
        indicators=[
            ("number", "ge", "1100"),
            ("deadline", "ge", "Entro 15/05/2024"),
            ("boolean", "ge", "SI"),
        ],
        phases=[list(range(1, 13)), [4, 5, 6]],
    )
    o2 = build.objective(first, weight=D(40), indicators=[("number", "le", "< di 5")], phases=[[1, 2, 3]])
    o3 = build.objective(second, weight=D(100), indicators=[("text", "ge", "Relazione al Sindaco")])
    build.participate(o1, clerk, D(33))
    build.participate(o3, clerk, D(50))
    build.participate(o3, officer, D(50))
    build.review(
        o1,
        values=[{"number": D(640)}, {"done_on": date(2024, 5, 16)}, {"flag": True}],
        phases=[(list(range(1, 8)), False), ([4, 5, 6], True)],
        causes="Ritardo della software house",
    )
    build.review(o2, values=[{"number": D(3)}], phases=[([1, 2, 3], True)])
    BonusFund.objects.create(plan=plan, amount=D("5000"))
    return {"units": (first, second), "objectives": (o1, o2, o3), "people": (head, clerk, officer)}


PAGES = [
    ("dashboard", ()),
    ("scores", ()),
    ("people", ()),
    ("bonus", ()),
    ("report", ()),
    ("system", ()),
    ("mine", ()),
]


@pytest.mark.parametrize("role", ["admin", "secretary", "unit_head", "evaluator", "reader"])
def test_pages_render_for_every_role(client, casorate, make_member, sample, role):
    client.force_login(make_member(casorate.organization, role))
    o1 = sample["objectives"][0]
    for name, args in [*PAGES, ("objective", (o1.pk,)), ("unit", (sample["units"][0].pk,))]:
        response = client.get(url(casorate, name, *args))
        assert response.status_code == 200, name


def test_dashboard_shows_status_progress_and_charts(secretary_client, casorate, sample):
    response = secretary_client.get(url(casorate, "dashboard") + "?mese=7")
    html = response.content.decode()
    assert "Situazione a luglio 2024" in html
    assert "progressbar" in html and "<svg" in html
    assert "Indicatori senza valore" in html
    assert "Obiettivo di prova" in html
    assert "Relazione al Sindaco" not in html  # targets are not listed, indicators are
    card = response.context["card"]
    _, o2, o3 = sample["objectives"]
    statuses = {r.objective.pk: r.status.code for r in card.objectives}
    assert statuses[o3.pk] == "non_misurato"
    assert statuses[o2.pk] in {"in_linea", "in_ritardo"}


def test_scores_page_shows_the_working(secretary_client, casorate, sample):
    html = secretary_client.get(url(casorate, "scores")).content.decode()
    assert "Come è calcolato il punteggio dell'ente" in html
    assert "media valore raggiunto" in html
    assert "art. 8 d.lgs. 150/2009" in html


def _objectives(build, count):
    unit = build.unit()
    person = build.employee(unit)
    for _ in range(count):
        objective = build.objective(
            unit,
            weight=D(10),
            indicators=[("number", "ge", "100"), ("boolean", "ge", "SI")],
            phases=[[1, 2, 3], [4, 5]],
        )
        build.participate(objective, person, D(10))
        build.review(objective, values=[{"number": D(50)}, {"flag": True}], phases=[([1, 2, 3], True)])


@pytest.mark.parametrize("name", ["dashboard", "scores", "people", "bonus", "report"])
def test_query_count_is_constant_in_the_number_of_objectives(secretary_client, casorate, build, name):
    _objectives(build, 2)
    secretary_client.get(url(casorate, name))  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert secretary_client.get(url(casorate, name)).status_code == 200
    _objectives(build, 8)
    with CaptureQueriesContext(connection) as many:
        assert secretary_client.get(url(casorate, name)).status_code == 200
    assert len(many) == len(few), f"{name}: {len(few)} → {len(many)} query"


def test_monitoring_page_query_count(secretary_client, casorate, build, django_assert_max_num_queries):
    _objectives(build, 12)
    secretary_client.get(url(casorate, "dashboard"))
    with django_assert_max_num_queries(20):
        secretary_client.get(url(casorate, "dashboard"))


def test_my_objectives_for_a_linked_employee(client, casorate, make_member, sample):
    user = make_member(casorate.organization, "reader", username="garimberti")
    clerk = sample["people"][1]
    EmployeeAccount.objects.create(plan=casorate, employee=clerk, user=user)
    client.force_login(user)
    html = client.get(url(casorate, "mine")).content.decode()
    assert str(clerk) in html
    assert "Servizio Amministrativo" in html and "Polizia Locale" in html  # objectives of two units
    people = client.get(url(casorate, "people")).content.decode()
    assert "Garimberti" in people and "Rallo" not in people  # a reader sees only itself


def test_names_follow_the_role(client, casorate, make_member, sample):
    first = sample["units"][0]
    head_user = make_member(casorate.organization, "unit_head", username="resp-amm")
    first.editors.add(head_user)
    client.force_login(head_user)
    html = client.get(url(casorate, "people")).content.decode()
    assert "Garimberti" in html and "Rallo" not in html
    client.force_login(make_member(casorate.organization, "evaluator", username="nucleo-x"))
    html = client.get(url(casorate, "people")).content.decode()
    assert "Garimberti" in html and "Rallo" in html
