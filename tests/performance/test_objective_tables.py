"""The scheda obiettivo's tables written in one pass: rows added and removed on the page (htmx),
then one save, all or nothing. The posts are what the page sends (tests/page_forms.py)."""

from django.urls import reverse

from openpiao.core.models import AuditEvent
from openpiao.organization_chart.models import Employee
from openpiao.performance.models import Indicator, Participation, Phase, Resource
from tests import factories
from tests.page_forms import add_row, page_form, remove_row


def _scheda(plan, objective, part="scheda"):
    return reverse(
        "performance:objective_part", args=[plan.organization.slug, plan.first_year, objective.pk, part]
    )


def _empty_objective(plan):
    unit = plan.units.order_by("pk").first()
    return factories.objective(plan, unit, with_details=False, number=900)


def _fill_scheda(client, plan, objective, url):
    """3 indicators, 5 phases and 4 staff, plus one phase added and removed again."""
    data = page_form(client.get(url))
    year = plan.reference_year
    for n in range(1, 4):
        index = n - 1 if n == 1 else None
        values = {
            "order": str(n),
            "description": f"Indicatore {n}",
            "kind": "number",
            f"target_{year}": str(10 * n),
        }
        if index == 0:  # the blank row the page opens with
            data.update({f"indicatori-0-{name}": value for name, value in values.items()})
        else:
            add_row(client, url, data, "indicatori", **values)
    for n in range(1, 6):
        values = {"order": str(n), "description": f"Fase {n}", "months": [str(n), str(n + 1)]}
        if n == 1:
            data.update({f"fasi-0-{name}": value for name, value in values.items()})
        else:
            add_row(client, url, data, "fasi", **values)
    removed = add_row(client, url, data, "fasi", order="6", description="Fase tolta", months=["12"])
    remove_row(data, "fasi", removed)
    staff = list(Employee.objects.filter(plan=plan).order_by("pk")[:4])
    for n, person in enumerate(staff):
        values = {"employee": str(person.pk), "percent": "25", "hours": "10"}
        if n == 0:
            data.update({f"personale-0-{name}": value for name, value in values.items()})
        else:
            add_row(client, url, data, "personale", **values)
    return data


def test_a_scheda_with_3_indicators_5_phases_4_staff_is_one_save(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    objective = _empty_objective(casorate)
    url = _scheda(casorate, objective)
    data = _fill_scheda(client, casorate, objective, url)
    assert (data["indicatori-TOTAL_FORMS"], data["fasi-TOTAL_FORMS"], data["personale-TOTAL_FORMS"]) == (
        "3",
        "6",
        "4",
    )
    assert data["risorse-TOTAL_FORMS"] == "1"  # the blank row, left empty: nothing to save

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    indicators = Indicator.objects.filter(objective=objective).order_by("order")
    assert [i.description for i in indicators] == ["Indicatore 1", "Indicatore 2", "Indicatore 3"]
    assert [[t.value for t in i.targets.all()] for i in indicators] == [["10"], ["20"], ["30"]]
    phases = Phase.objects.filter(objective=objective).order_by("order")
    assert [(p.description, p.months) for p in phases] == [(f"Fase {n}", [n, n + 1]) for n in range(1, 6)]
    assert Participation.objects.filter(objective=objective).count() == 4
    assert not Resource.objects.filter(objective=objective).exists()
    objective.refresh_from_db()
    assert objective.version == 1 + 4  # one change of the objective per table, in one save


def test_one_table_alone_also_adds_rows(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    objective = _empty_objective(casorate)
    url = _scheda(casorate, objective, "risorse")
    data = page_form(
        client.get(url),
        **{"risorse-0-kind": "equipment", "risorse-0-description": "PC", "risorse-0-cost": "800"},
    )
    add_row(client, url, data, "risorse", kind="external_services", description="Corso", cost="1.200,50")
    assert client.post(url, data).status_code == 302
    assert sorted(Resource.objects.filter(objective=objective).values_list("description", flat=True)) == [
        "Corso",
        "PC",
    ]


def test_an_error_is_shown_on_its_row_and_nothing_is_saved(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    objective = _empty_objective(casorate)
    url = _scheda(casorate, objective)
    data = _fill_scheda(client, casorate, objective, url)
    data["indicatori-2-target_" + str(casorate.reference_year)] = "molti"  # not a number
    events = AuditEvent.objects.count()

    response = client.post(url, data)

    assert response.status_code == 200
    formsets = {f.prefix: f for _, f in response.context["tables"]}
    assert list(formsets["indicatori"].forms[2].errors) == ["target_" + str(casorate.reference_year)]
    assert [bool(f.errors) for f in formsets["indicatori"].forms] == [False, False, True]
    assert not Indicator.objects.filter(objective=objective).exists()
    assert not Phase.objects.filter(objective=objective).exists()
    assert not Participation.objects.filter(objective=objective).exists()
    assert AuditEvent.objects.count() == events
    # The page sent back keeps every row typed, the removed one hidden, so a correction is one more save.
    html = response.content.decode()
    assert html.count("data-formset-row") == 3 + 6 + 4 + 1 and html.count("data-formset-row hidden") == 1
    assert 'name="fasi-TOTAL_FORMS" value="6"' in html


def test_a_table_refused_by_the_service_saves_no_other_table(client, casorate, make_member):
    """Two shares over 100% pass each form but not the staff table: the phases stay unsaved too."""
    client.force_login(make_member(casorate.organization, "secretary"))
    objective = _empty_objective(casorate)
    url = _scheda(casorate, objective)
    data = _fill_scheda(client, casorate, objective, url)
    data["personale-3-percent"] = "60"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "non può superare il 100%" in response.content.decode()
    assert not Phase.objects.filter(objective=objective).exists()
    assert not Indicator.objects.filter(objective=objective).exists()


def test_an_added_row_must_name_its_table_and_number(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    objective = _empty_objective(casorate)
    url = _scheda(casorate, objective, "fasi")
    assert client.get(url, {"tabella": "indicatori", "riga": "1"}).status_code == 400  # not on this page
    assert client.get(url, {"tabella": "fasi", "riga": "-1"}).status_code == 400
    row = client.get(url, {"tabella": "fasi", "riga": "7"})
    assert 'name="fasi-7-description"' in row.content.decode() and "Rimuovi riga" in row.content.decode()


def test_a_new_objective_goes_on_to_its_tables_two_saves_in_all(client, casorate, make_member):
    """The objective's form, then its tables: the scheda with 3 indicators, 5 phases and 4 staff
    takes two saves (it took 13 when each save added one row: 1 + 3 + 5 + 4)."""
    client.force_login(make_member(casorate.organization, "secretary"))
    create = reverse("performance:objective_create", args=["casorate-primo", casorate.first_year])
    unit = casorate.units.order_by("pk").first()
    form = page_form(client.get(create), unit=str(unit.pk), number="900", kind="improvement", title="Nuovo")
    response = client.post(create, form)
    objective = casorate.objectives.get(unit=unit, number=900)
    assert response.status_code == 302 and response["Location"] == _scheda(casorate, objective)
    response = client.post(
        response["Location"], _fill_scheda(client, casorate, objective, response["Location"])
    )
    assert response.status_code == 302
    counts = (objective.indicators.count(), objective.phases.count(), objective.participations.count())
    assert counts == (3, 5, 4)
