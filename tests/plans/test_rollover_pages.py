"""The pages «Nuovo piano dal precedente» and «Confronto tra piani», as a browser posts them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.plans import rollover
from openpiao.plans.models import Plan
from tests import factories
from tests.page_forms import page_form

ROLLOVER = reverse("plans:rollover", args=["casorate-primo", 2024])


def test_the_page_shows_what_carries_then_makes_the_plan(secretary_client, casorate):
    page = secretary_client.get(ROLLOVER)
    text = page.content.decode()
    assert "Crea il piano 2025-2027" in text
    assert f"mappa degli obblighi: {casorate.duty_assignments.count()}" in text
    assert f"unità organizzative: {casorate.units.count()}" in text
    assert "obiettivi: 1<" in text and "obiettivi in più: 25" in text  # running on / concluded
    assert "Assunzione programmata nel 2024: Agente di Polizia Locale" in text  # before confirming
    form = page_form(page)
    assert sorted(form["parts"]) == sorted(rollover.default_choices())  # «other_objectives» unticked
    response = secretary_client.post(ROLLOVER, form, follow=True)
    plan = Plan.objects.get(organization=casorate.organization, first_year=2025)
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=["casorate-primo", 2025])
    text = response.content.decode()
    assert "Creato il PIAO 2025-2027 dal piano 2024-2026" in text
    assert "Assunzione programmata nel 2024: Agente di Polizia Locale" in text
    assert plan.units.count() == casorate.units.count()
    assert plan.objectives.count() == casorate.objectives.filter(last_year__gte=2025).count()


def test_the_choices_are_the_users(secretary_client, casorate):
    form = page_form(secretary_client.get(ROLLOVER), parts=["structure", "objectives", "other_objectives"])
    secretary_client.post(ROLLOVER, form)
    plan = Plan.objects.get(organization=casorate.organization, first_year=2025)
    assert plan.objectives.count() == casorate.objectives.count()
    assert not plan.strategic_objectives.exists() and not plan.duty_assignments.exists()


def test_a_choice_without_what_it_needs_is_refused_next_to_it(secretary_client, casorate):
    form = page_form(secretary_client.get(ROLLOVER), parts=["objectives"])
    response = secretary_client.post(ROLLOVER, form)
    assert response.status_code == 200
    assert "richiede anche «Struttura organizzativa e personale»" in response.content.decode()
    assert not Plan.objects.filter(organization=casorate.organization, first_year=2025).exists()


def test_an_existing_next_plan_is_said_before_confirming(secretary_client, casorate):
    Plan.objects.create(organization=casorate.organization, first_year=2025, reference_year=2025)
    page = secretary_client.get(ROLLOVER)
    assert "già un piano per il triennio 2025-2027." in page.content.decode()
    assert "disabled>Crea il piano" in page.content.decode()
    response = secretary_client.post(ROLLOVER, {"parts": ["structure"]})
    assert "già un piano" in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(secretary_client, casorate):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert secretary_client.get(ROLLOVER).status_code == 200
        return len(captured)

    office = casorate.units.get(code="territorio")
    factories.objective(casorate, office, number=100, first_year=2024, last_year=2026)
    first = queries()
    for number in range(101, 111):
        factories.objective(casorate, office, number=number, first_year=2024, last_year=2026)
        factories.process(casorate, office)
    assert queries() == first


def test_compare_page_and_annex(client, secretary_client, casorate, make_member):
    plan, _, _ = rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=None)
    client.force_login(make_member(casorate.organization, "reader"))
    page = client.get(reverse("plans:compare", args=["casorate-primo", 2025]))
    text = page.content.decode()
    assert "rispetto al PIAO 2024-2026" in text
    diffs = {diff.label: diff for diff in page.context["diffs"]}
    # The concluded objectives are no longer there; the one that runs on starts in 2025.
    objectives = diffs["Obiettivi di performance"]
    assert len(objectives.removed) == casorate.objectives.filter(last_year=2024).count() == 25
    assert objectives.added == []
    [running] = objectives.changed
    assert ("dall'anno", "2024", "2025") in [(c.field, c.before, c.after) for c in running.changes]
    leaver = casorate.employees.get(key="terr-d-01")
    assert diffs["Personale"].removed == [f"{leaver.last_name} {leaver.first_name}".strip() or leaver.key]
    assert (
        diffs["Processi e livelli di rischio"].added == diffs["Processi e livelli di rischio"].removed == []
    )
    assert "Nessuna variazione." in text  # e.g. the strategic objectives
    # Every field is named in Italian (the models' names where the diff has none of its own).
    fields = {c.field.split(" › ")[0] for d in diffs.values() for row in d.changed for c in row.changes}
    assert not {name for name in fields if "_" in name}, fields
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        url = reverse(f"plans:compare_{fmt}", args=["casorate-primo", 2025]) + "?con=2024"
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(magic)
        assert "aggiornamento-2024-2026" in response["Content-Disposition"]
    assert plan.first_year == 2025


def test_compare_reads_a_fixed_number_of_queries(secretary_client, casorate):
    rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=None)
    url = reverse("plans:compare", args=["casorate-primo", 2025])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert secretary_client.get(url).status_code == 200
        return len(captured)

    office = casorate.units.get(code="territorio")
    factories.objective(casorate, office, number=100)
    first = queries()
    for number in range(101, 111):
        factories.objective(casorate, office, number=number)
    assert queries() == first


def test_the_comparison_names_each_plan_by_its_kind(client, casorate, make_member):
    """A Piano della performance compared with the PIAO after it is not called a PIAO, on the
    page or in the printed annex."""
    from openpiao.plans.annex import annex_document
    from openpiao.plans.comparison import compare_plans

    plan, _, _ = rollover.roll_over(source=casorate, chosen=rollover.default_choices(), user=None)
    casorate.kind = "performance"
    casorate.save(update_fields=["kind"])
    client.force_login(make_member(casorate.organization, "reader"))
    text = client.get(reverse("plans:compare", args=["casorate-primo", 2025])).content.decode()
    assert "rispetto al Piano della performance 2024-2026" in text
    annex = annex_document(plan, casorate, compare_plans(casorate, plan))
    assert annex.title == (
        "Aggiornamento rispetto al piano precedente: PIAO 2025-2027 rispetto al "
        "Piano della performance 2024-2026"
    )


def test_the_rollover_page_names_the_source_plan_by_its_kind(secretary_client, casorate):
    casorate.kind = "performance"
    casorate.save(update_fields=["kind"])
    text = secretary_client.get(ROLLOVER).content.decode()
    assert "Il PIAO 2025-2027 nasce dai dati del Piano della performance 2024-2026" in text
