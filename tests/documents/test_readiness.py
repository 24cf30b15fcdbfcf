"""The readiness check: a table of broken plans and the items each must list."""

from decimal import Decimal

import pytest

from openpiao.documents import readiness
from openpiao.documents.models import SectionText
from openpiao.organization_chart.models import Employee
from openpiao.performance import readiness as performance_readiness
from openpiao.performance.models import Indicator, IndicatorTarget, Objective, Participation, Phase
from openpiao.plans.models import Plan
from tests import factories


def own_items(plan):
    return readiness.readiness_items(plan) + performance_readiness.readiness_items(plan)


def test_the_clean_plan_has_nothing_to_report(clean_plan):
    assert own_items(clean_plan) == []


def _no_indicators(plan):
    Indicator.objects.filter(objective__plan=plan).delete()


def _no_indicators_nor_phases(plan):
    _no_indicators(plan)
    Phase.objects.filter(objective__plan=plan).delete()


def _no_target(plan):
    IndicatorTarget.objects.filter(indicator__objective__plan=plan).first().delete()


def _weights(plan):
    Objective.objects.filter(plan=plan).update(weight=Decimal(80))


def _phase_without_months(plan):
    Phase.objects.filter(objective__plan=plan).update(months=[], schedule_note="")


def _staff_elsewhere(plan):
    other = factories.unit(plan, code="tecnico", name="Servizio tecnico")
    Employee.objects.filter(plan=plan).update(unit=other)


def _headcount(plan):
    factories.employee(plan, plan.units.first(), key="nuovo-assunto")


def _hire_after_staff_date(plan):
    from datetime import date

    factories.employee(plan, plan.units.first(), key="assunto-2025", start_date=date(2025, 2, 1))


def _empty_section(plan):
    SectionText.objects.filter(plan=plan, section="2.3").delete()


def _anagrafica(plan):
    plan.organization.__class__.objects.filter(pk=plan.organization_id).update(tax_code="", pec="")


def _no_figures(plan):
    plan.organization.figures.all().delete()


def _old_figures(plan):
    plan.organization.figures.update(year=2022)


def _no_weights_at_all(plan):
    Objective.objects.filter(plan=plan).update(weight=None)


def _target_only_next_year(plan):
    # Albizzate's "INFORMATIZZAZIONE REGISTRI": objective 2025-2026, deadline 31.12.2026 only.
    Objective.objects.filter(plan=plan).update(last_year=2026)
    target = IndicatorTarget.objects.filter(indicator__objective__plan=plan).first()
    IndicatorTarget.objects.filter(pk=target.pk).update(year=2026)


def _prerequisite_among_weights(plan):
    # A pre-requisito has no weight: the unit's weights still add up.
    factories.objective(plan, plan.units.first(), is_prerequisite=True, title="Codice di comportamento")


def _objective_without_weight(plan):
    factories.objective(plan, plan.units.first(), title="Senza peso")


def _staff_jump(plan):
    plan.organization.figures.create(year=2023, inhabitants=3210, employees=3)  # 3 → 1 in 2024


def _deadline_next_year(plan):
    # Written before the rule (or by hand in the database): the 2025 target, due in 2026.
    indicator = Indicator.objects.filter(objective__plan=plan).first()
    Indicator.objects.filter(pk=indicator.pk).update(kind="deadline")
    indicator.targets.update(value="Entro 31/03/2026")


@pytest.mark.parametrize(
    ("break_plan", "section", "blocking", "says"),
    [
        (_no_indicators_nor_phases, "2.2", True, "nessun indicatore di risultato né fasi"),
        # Measured by its phases: valid, said as advice.
        (_no_indicators, "2.2", False, "misurato dal completamento e dal rispetto dei tempi delle fasi"),
        (_no_target, "2.2", True, "non ha il valore atteso per il 2025"),
        (_weights, "2.2", True, "i pesi sommano 80% invece di 100%"),
        (_objective_without_weight, "2.2", True, "1 obiettivo senza peso"),
        (_phase_without_months, "2.2", False, "la fase 1 non ha mesi nel cronoprogramma"),
        (_staff_elsewhere, "2.2", False, "non lavora nell'unità responsabile"),
        (_empty_section, "2.3", True, "sezione obbligatoria senza contenuto"),
        (_anagrafica, "1", True, "manca codice fiscale, PEC"),
        (_no_figures, "1", True, "Indicare abitanti e dipendenti al 31/12/2024"),
        (_old_figures, "1", False, "richiede quelli al 31/12/2024"),
        (_staff_jump, "1", False, "passano da 3 nel 2023 a 1 nel 2024, una variazione di oltre la metà"),
        (_no_weights_at_all, "2.2", False, "Il piano non assegna pesi agli obiettivi"),
        (_target_only_next_year, "2.2", False, "ne ha per il 2026: non sarà misurato nel 2025"),
        (_deadline_next_year, "2.2", True, "La scadenza del valore atteso 2025 deve cadere nel 2025"),
    ],
)
def test_broken_plans_list_their_items(clean_plan, break_plan, section, blocking, says):
    break_plan(clean_plan)
    items = own_items(Plan.objects.get(pk=clean_plan.pk))
    matching = [i for i in items if says in i.message]
    assert matching, [i.message for i in items]
    assert all(i.section == section and i.blocking is blocking for i in matching)
    assert all(i.url.startswith("/enti/comune-di-prova/") for i in matching)


def test_a_prerequisite_needs_no_weight(clean_plan):
    _prerequisite_among_weights(clean_plan)
    assert not [i for i in own_items(clean_plan) if "Pesi" in i.message]


def test_a_hire_after_the_staff_date_does_not_break_the_headcount(clean_plan):
    _hire_after_staff_date(clean_plan)
    assert own_items(clean_plan) == []


def test_report_groups_items_by_section_in_plan_order(clean_plan, own_checks_only):
    _anagrafica(clean_plan)
    _no_indicators_nor_phases(clean_plan)
    _empty_section(clean_plan)
    report = readiness.collect(Plan.objects.get(pk=clean_plan.pk))
    assert [s.code for s in report.sections] == ["1", "2.2", "2.3"]
    assert not report.ready and len(report.blocking) == 3


def test_the_other_apps_contribute_their_items(casorate):
    assert performance_readiness.readiness_items in readiness.READINESS_CHECKS
    report = readiness.collect(casorate)
    assert report.items  # the demo keeps the seed's gaps (units without weights …)


def test_staff_in_a_co_unit_is_fine(clean_plan):
    other = factories.unit(clean_plan, code="tecnico", name="Servizio tecnico")
    objective = Objective.objects.get(plan=clean_plan)
    objective.co_units.add(other)
    Participation.objects.filter(objective=objective).update(
        employee=factories.employee(clean_plan, other, key="tecnico-1")
    )
    messages = [i.message for i in own_items(clean_plan)]
    assert not any("non lavora" in m for m in messages)


def test_headcount_contradiction_is_listed_once(clean_plan):
    _headcount(clean_plan)
    plan = Plan.objects.get(pk=clean_plan.pk)
    about_headcount = [
        i for i in readiness.collect(plan).items if i.section == "3.1" and "Sezione 1" in i.message
    ]
    assert len(about_headcount) == 1 and about_headcount[0].blocking


def test_readiness_page_queries_do_not_grow_with_objectives(client, clean_plan, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client.force_login(make_member(clean_plan.organization, "reader"))
    url = reverse("documents:readiness", args=["comune-di-prova", 2025])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    unit = clean_plan.units.first()
    for _ in range(3):
        factories.objective(clean_plan, unit, weight=Decimal(0))
    assert queries() == before


def test_an_ente_of_50_or_more_must_fill_every_section(clean_plan):
    """With 50 employees the full PIAO applies: valore pubblico and monitoraggio become due, and
    the printed plan carries no sentence of the simplified regime."""
    from openpiao.core.printing.blocks import NotRequired
    from openpiao.documents.builder import build_document

    clean_plan.organization.figures.update(employees=50)
    plan = Plan.objects.get(pk=clean_plan.pk)
    items = {(i.section, i.blocking) for i in own_items(plan) if "sezione obbligatoria" in i.message}
    assert items == {("2.1", True), ("4", True)}
    assert not [b for b in build_document(plan).blocks if isinstance(b, NotRequired)]


def test_fix_links_only_for_those_who_can_fix(client, casorate, make_member):
    from django.urls import reverse

    url = reverse("documents:readiness", args=["casorate-primo", 2024])
    client.force_login(make_member(casorate.organization, "reader"))
    assert "Correggi" not in client.get(url).content.decode()
    client.force_login(make_member(casorate.organization, "secretary"))
    assert "Correggi" in client.get(url).content.decode()


def test_the_staff_check_reuses_what_the_sections_loaded(clean_plan, django_assert_num_queries):
    """Sottosezione 2.2 (due from 50 employees) and 3.1 load the objectives and the units: the
    check of the staff outside the units, run on the same context, reads nothing again."""
    from openpiao.documents.parts import section_content
    from openpiao.plans.sections import get_section

    context = readiness.print_context(clean_plan)
    assert section_content(get_section("2.2"), context) and section_content(get_section("3.1"), context)
    with django_assert_num_queries(0):
        assert readiness._staff_outside_units(context) == []


def test_the_seeds_wrong_figures_stay_in_the_readiness_check(casorate):
    """Casorate's seed quotes Tabella 3 at 25% and the Tabella 1 threshold at € 1.379.694,00: the
    plan prints the DM's values, and the readiness check reports the ente's text (not blocking);
    the unverified reference value of Tabella 3 is reported too, never printed."""
    text = SectionText.objects.get(plan=casorate, section="3.3")
    text.body += (
        "\n\nla percentuale prevista in Tabella 3 è pari al 25%; una soglia teorica di spesa, ai sensi "
        "della *Tabella 1* del decreto, di Euro 1.379.694,00."
    )
    text.save()
    messages = {item.message: item.blocking for item in readiness.collect(casorate).items}
    assert (
        messages[
            "Il testo della sezione indica per la Tabella 3 25%, mentre il DM 17 marzo 2020 dà 30,9% "
            "(il valore stampato nei dati): correggere il testo."
        ]
        is False
    )
    assert any(
        "soglia di spesa della Tabella 1 € 1.379.694,00" in m and "€ 1.447.233,48" in m for m in messages
    )
    assert any("Tabella 3 (fascia e): valore da verificare sul testo G.U." in m for m in messages)
