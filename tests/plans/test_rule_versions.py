"""A plan follows the editions of the reference catalogues in force for its triennium: recorded
when it is made, kept with the adopted act, moved to the new ones (with what changed) by the
roll-over."""

from django.urls import reverse

from openpiao.core import rulebook
from openpiao.plans import rollover
from openpiao.plans.models import Plan
from tests.page_forms import page_form


def _plan(organization, year):
    return Plan.objects.create(organization=organization, first_year=year, reference_year=year)


def test_a_new_plan_records_the_editions_of_its_first_year(casorate):
    old, new = _plan(casorate.organization, 2026), _plan(casorate.organization, 2027)
    assert old.rule_versions == rulebook.versions_for(2026)
    assert old.rule_versions["rischi-mappa-tipo-comuni"] == "2024.1"
    assert new.rule_versions["rischi-mappa-tipo-comuni"] == "2027.01"
    new.title = "PIAO rinnovato"
    new.save(update_fields=["title"])
    new.refresh_from_db()
    assert new.rule_versions == rulebook.versions_for(2027)  # never recomputed


def test_the_roll_over_moves_the_plan_to_the_new_editions_and_lists_what_changed(secretary_client, casorate):
    source = _plan(casorate.organization, 2026)
    url = reverse("plans:rollover", args=["casorate-primo", 2026])
    page = secretary_client.get(url)
    text = page.content.decode()
    assert "Regole e cataloghi di riferimento che cambiano" in text
    assert "processi della mappa tipo — inserimento: P-B05" in text
    assert "misure generali — inserimento: MG16" in text
    response = secretary_client.post(url, page_form(page), follow=True)
    target = Plan.objects.get(organization=casorate.organization, first_year=2027)
    assert target.rule_versions == rulebook.versions_for(2027)
    assert source.rule_versions == rulebook.versions_for(2026)  # the source keeps its own
    assert "2 cataloghi di riferimento cambiati" in response.content.decode()
    changes = rollover.rule_changes(source, target)
    assert [c.key for c in changes] == ["misure-generali", "rischi-mappa-tipo-comuni"]
    compare = secretary_client.get(reverse("plans:compare", args=["casorate-primo", 2027]))
    assert "processi della mappa tipo — inserimento: P-G08" in compare.content.decode()
    detail = secretary_client.get(reverse("plans:detail", args=["casorate-primo", 2027])).content.decode()
    assert "Regole applicate al piano" in detail and "2027.01" in detail and "dal 2027" in detail


def test_the_starter_map_offers_the_processes_of_the_plans_edition(secretary_client, casorate):
    _plan(casorate.organization, 2027)
    old = secretary_client.get(reverse("risk:starter_map", args=["casorate-primo", 2024])).content.decode()
    new = secretary_client.get(reverse("risk:starter_map", args=["casorate-primo", 2027])).content.decode()
    fvoe = "piattaforme di approvvigionamento digitale"
    assert fvoe not in old and "versione 2024.1" in old
    assert fvoe in new and "versione 2027.01" in new
