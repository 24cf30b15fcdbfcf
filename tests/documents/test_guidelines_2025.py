"""The Linee guida PIAO and the Manuale operativo per i comuni (2025) in the plans they govern:
the phases mapped onto the parts of the plan, and what they ask that the ente has not written."""

from django.urls import reverse

from openpiao.documents import readiness
from openpiao.documents.models import SectionText
from openpiao.plans.models import Plan


def _advice(plan) -> dict[str, str]:
    return {i.section: i.message for i in readiness.readiness_items(plan) if "Linee guida PIAO" in i.message}


def test_the_plans_the_guidelines_govern_are_told_what_to_write(casorate):
    assert _advice(casorate) == {}  # 2024-2026: before the guidelines
    plan = Plan.objects.create(organization=casorate.organization, first_year=2027, reference_year=2027)
    advice = _advice(plan)
    assert sorted(advice) == ["2.1.1", "premesse.1"]  # the other integrated plans are optional
    assert advice["premesse.1"].startswith(
        "Processo di predisposizione del piano e gruppo di lavoro integrato: da scrivere (gruppo di lavoro"
    )
    assert all(not i.blocking for i in readiness.readiness_items(plan) if i.section in advice)
    SectionText.objects.create(
        plan=plan, section="premesse.1", body="Gruppo di lavoro: segretario e responsabili."
    )
    assert sorted(_advice(plan)) == ["2.1.1"]


def test_the_guide_maps_the_phases_onto_the_parts_of_the_plan(secretary_client, casorate):
    Plan.objects.create(organization=casorate.organization, first_year=2027, reference_year=2027)
    page = secretary_client.get(reverse("documents:guide", args=["casorate-primo", 2027])).content.decode()
    assert "Le fasi delle Linee guida PIAO" in page
    assert (
        "Attività preparatorie" in page
        and "Processo di predisposizione del piano e gruppo di lavoro integrato" in page
    )
    assert "2.1.1 Valore pubblico interno: salute organizzativa" in page
    old = secretary_client.get(reverse("documents:guide", args=["casorate-primo", 2024])).content.decode()
    assert "Le fasi delle Linee guida PIAO" not in old
