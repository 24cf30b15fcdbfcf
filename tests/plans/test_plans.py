import pytest
from django.urls import reverse

from openpiao.plans.models import Plan
from tests.page_forms import page_form


def test_create_plan_refuses_duplicate_triennium(secretary_client, casorate):
    url = reverse("plans:create", args=["casorate-primo"])
    page = secretary_client.get(url)
    response = secretary_client.post(url, page_form(page, first_year="2024", reference_year="2024"))
    assert "Esiste già un piano" in " ".join(response.context["form"].errors["first_year"])
    response = secretary_client.post(url, page_form(page, first_year="2025", reference_year="2028"))
    assert "deve cadere nel triennio 2025-2027" in " ".join(response.context["form"].errors["reference_year"])
    response = secretary_client.post(url, page_form(page, first_year="2025", reference_year="2025"))
    assert response.status_code == 302
    assert Plan.objects.filter(organization=casorate.organization).count() == 2


@pytest.mark.parametrize(
    "kind, first_year, error",
    [
        # The PIAO exists from 2022; the plans of earlier years are kept as history.
        ("piao", "2025", None),
        ("piao", "2021", "Il PIAO esiste dal 2022"),
        ("performance", "2019", None),
        ("peg_pdo", "2016", None),
        ("performance", "1980", "1990"),
    ],
)
def test_create_plan_of_each_kind(secretary_client, casorate, kind, first_year, error):
    url = reverse("plans:create", args=["casorate-primo"])
    page = secretary_client.get(url)
    response = secretary_client.post(
        url, page_form(page, kind=kind, first_year=first_year, reference_year=first_year)
    )
    plan = Plan.objects.filter(organization=casorate.organization, first_year=int(first_year)).first()
    if error is None:
        assert response.status_code == 302
        assert plan.kind == kind
    else:
        assert plan is None
        errors = response.context["form"].errors
        assert error in " ".join(errors.get("kind", []) + errors.get("first_year", []))


@pytest.mark.parametrize(
    "kind, title, shown",
    [
        ("performance", "", "Piano della performance 2024-2026"),
        ("peg_pdo", "", "PEG - Piano dettagliato degli obiettivi 2024-2026"),
        ("performance", "Piano della performance 2024", "Piano della performance 2024"),
        ("piao", "", "PIAO 2024-2026"),
    ],
)
def test_edit_plan_kind_and_title(secretary_client, casorate, kind, title, shown):
    url = reverse("plans:edit", args=["casorate-primo", 2024])
    response = secretary_client.post(url, page_form(secretary_client.get(url), kind=kind, title=title))
    assert response.status_code == 302
    casorate.refresh_from_db()
    assert (casorate.kind, casorate.display_title) == (kind, shown)


def test_plan_page_and_json_download(secretary_client, casorate):
    page = secretary_client.get(reverse("plans:detail", args=["casorate-primo", 2024]))
    assert page.status_code == 200
    download = secretary_client.get(reverse("plans:export", args=["casorate-primo", 2024]))
    assert download["Content-Type"].startswith("application/json")
    assert "casorate-primo-piao-2024-2026-completo.json" in download["Content-Disposition"]
    assert download.json()["plan"]["first_year"] == 2024


def test_adopted_plan_refuses_changes(secretary_client, casorate):
    Plan.objects.filter(pk=casorate.pk).update(status="adopted", resolution_number="12")
    url = reverse("plans:edit", args=["casorate-primo", 2024])
    assert secretary_client.post(url, {"title": "x", "reference_year": "2024"}).status_code == 403


def test_adopted_plan_refuses_edit_pages_even_on_get(secretary_client, casorate):
    objective = casorate.objectives.first()
    Plan.objects.filter(pk=casorate.pk).update(status="adopted", resolution_number="12")
    for url in (
        reverse("plans:edit", args=["casorate-primo", 2024]),
        reverse("performance:objective_edit", args=["casorate-primo", 2024, objective.pk]),
        reverse("performance:objective_part", args=["casorate-primo", 2024, objective.pk, "fasi"]),
    ):
        response = secretary_client.get(url)
        assert response.status_code == 403
        assert "Il piano è adottato" in response.content.decode()
    # Reading stays open.
    assert (
        secretary_client.get(
            reverse("performance:objective", args=["casorate-primo", 2024, objective.pk])
        ).status_code
        == 200
    )


def test_plan_page_reads_the_regime_as_the_printed_plan_does(secretary_client, casorate):
    url = reverse("plans:detail", args=["casorate-primo", 2024])
    page = secretary_client.get(url).content.decode()
    assert "meno di 50 dipendenti (28 al 31/12/2023)" in page and "PIAO in forma semplificata" in page
    assert "facoltativa" in page
    casorate.organization.figures.all().delete()
    page = secretary_client.get(url).content.decode()
    assert "forma semplificata" not in page and "trattato in forma completa" in page
    assert "facoltativa" not in page
