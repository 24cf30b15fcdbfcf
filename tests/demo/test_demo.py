"""The demo loads, and loads again (make demo on an existing database resets the two comuni);
every demo login finds something to look at or to do."""

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openpiao.demo.loader import demo_logins, load_demo
from openpiao.organizations.models import Membership, Organization, Role, is_service_operator
from openpiao.performance.models import Objective


def test_demo_reloads_over_itself(db):
    load_demo()
    load_demo()
    assert set(Organization.objects.values_list("slug", flat=True)) >= {"casorate-primo", "albizzate"}


def _text(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).xpath("//main")[0].text_content().split())


def test_demo_unit_head_sees_the_objectives_she_takes_part_in(client, casorate):
    """resp.amministrativo is Deborah Ariboni, responsabile del Servizio Amministrativo."""
    client.force_login(get_user_model().objects.get(username="resp.amministrativo"))
    response = client.get(reverse("evaluation:mine", args=["casorate-primo", 2024]))
    assert response.context["account"].employee.key == "ariboni"
    expected = Objective.objects.filter(plan=casorate, participations__employee__key="ariboni")
    assert expected.count() == 3
    assert {result.objective.pk for result, _ in response.context["mine"]} == {o.pk for o in expected}
    text = _text(response)
    assert "non è collegato" not in text
    for objective in expected:
        assert f"{objective.number}. {objective.title[:40]}" in text


@pytest.mark.parametrize("username", [username for username, _ in demo_logins()])
def test_every_demo_login_finds_its_work(client, db, username):
    """The first page lists the login's enti; a responsabile di unità is linked to its employee
    and enters the data of units that have objectives."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    text = _text(client.get("/", follow=True))
    memberships = list(Membership.objects.filter(user=user).select_related("organization"))
    if is_service_operator(user) and not user.is_superuser:
        # The service operator belongs to no ente: its work is the operator's area.
        assert memberships == [] and "Area dell'operatore del servizio" in text
        assert "Comune di Casorate Primo" in _text(client.get(reverse("organizations:operator")))
        return
    assert memberships
    for membership in memberships:
        assert membership.organization.name in text
        plan = membership.organization.plans.get()
        args = [membership.organization.slug, plan.first_year]
        assert client.get(reverse("plans:detail", args=args)).status_code == 200
        if membership.role != Role.UNIT_HEAD:
            continue
        units = plan.units.filter(editors=user)
        objectives = plan.objectives.filter(unit__in=units)
        assert objectives.exists(), f"{username}: le sue unità non hanno obiettivi"
        review = reverse("evaluation:review_edit", args=[*args, objectives.first().pk, "intermedia"])
        assert client.get(review).status_code == 200
        mine = client.get(reverse("evaluation:mine", args=args))
        assert mine.context["account"] is not None, f"{username}: utente non collegato al dipendente"
        assert mine.context["mine"] or mine.context["directed"]


def test_albizzates_eq_holder_sees_the_objectives_of_the_settore_it_heads(client, albizzate):
    """Albizzate's plan lists no staff per objective: the titolare di E.Q. answers for its
    settore's objectives, which are the results of its own evaluation."""
    client.force_login(get_user_model().objects.get(username="albizzate"))
    response = client.get(reverse("evaluation:mine", args=["albizzate", 2023]))
    assert response.context["account"].employee.key == "dip-16"
    assert response.context["mine"] == []
    expected = albizzate.objectives.filter(unit__code="settore-lavori-pubblici")
    assert expected.count() == 4
    assert [r.objective.pk for r in response.context["directed"]] == [
        o.pk for o in expected.order_by("number")
    ]
    assert "Obiettivi delle unità che dirige" in _text(response)


def test_demo_reloads_over_an_adopted_demo_plan(casorate):
    """Someone tried adoption on the demo: `make demo` still resets the demo comuni (and adopts
    again the plan its fixture says is adopted, Valdoria's)."""
    from datetime import date

    from openpiao.documents.models import PlanVersion

    PlanVersion.objects.create(
        plan=casorate,
        number=1,
        resolution_number="5",
        resolution_date=date(2024, 1, 30),
    )
    load_demo()
    assert list(PlanVersion.objects.values_list("organization__slug", "number")) == [("valdoria", 1)]
    assert Organization.objects.filter(slug="casorate-primo").exists()
