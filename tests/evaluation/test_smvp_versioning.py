"""The system is versioned with the plan: an adopted plan keeps the system it was adopted with
(its pages refuse a change, as for the rest of the plan's content: reopening the plan and
adopting it again freezes a new version), and a new system applies from the next plan (the
roll-over copy is the next plan's own: tests/evaluation/test_smvp_settings.py). Within a year,
each monitoring period (verifica intermedia, verifica finale) keeps its own values."""

from datetime import date

import lxml.html
from django.urls import reverse

from openpiao.evaluation.models import EvaluationSystem
from openpiao.plans.models import Plan
from tests.page_forms import page_form


def url(plan, name, *args):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year, *args])


def test_an_adopted_plan_keeps_its_system(build, casorate, secretary_client):
    objective = build.objective(build.unit(code="smvp-ver"), indicators=[("number", "ge", "50")])
    indicator = objective.indicators.get()
    page = secretary_client.get(url(casorate, "system_edit"))
    assert (
        secretary_client.post(
            url(casorate, "system_edit"), page_form(page, rounding_decimals="1")
        ).status_code
        == 302
    )
    system = EvaluationSystem.objects.get(plan=casorate)
    # The forms as the pages showed them before the adoption: what a stale page would post.
    system_page = secretary_client.get(url(casorate, "system"))
    presets = [page_form(system_page, index=i) for i in range(len(_post_forms(system_page)))]
    inail = next(form for form in presets if form.get("preset") == "inail-strutture")
    scale = page_form(secretary_client.get(url(casorate, "scale", indicator.pk)), bands=";49;0\n50;;100")
    Plan.objects.filter(pk=casorate.pk).update(
        status="adopted", resolution_number="5", resolution_date=date(2024, 1, 30)
    )

    shown = secretary_client.get(url(casorate, "system")).content.decode()
    assert (
        "Il piano è adottato: i punteggi dell'anno si calcolano con il sistema con cui è stato adottato."
        in shown
    )
    assert url(casorate, "system_edit") not in shown and "Applica questo modello" not in shown
    refused = [
        secretary_client.get(url(casorate, "system_edit")),
        secretary_client.post(url(casorate, "system_edit"), page_form(page, rounding_decimals="0")),
        secretary_client.post(url(casorate, "preset"), inail),
        secretary_client.post(url(casorate, "scale", indicator.pk), scale),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403]
    assert "Il piano è adottato: le modifiche richiedono una nuova versione." in refused[1].content.decode()
    kept = EvaluationSystem.objects.get(plan=casorate)
    assert (kept.rounding_decimals, kept.version) == (1, system.version)
    assert not kept.scales.exists()


def test_each_monitoring_period_keeps_its_own_values(build, casorate, secretary_client):
    """Periods: the verifica intermedia and the verifica finale of a year, each with its values
    and its score; the year's score is the final one, the intermediate stays on the page."""
    from decimal import Decimal

    from openpiao.evaluation import selectors

    objective = build.objective(
        build.unit(code="smvp-per"), weight=Decimal(1), indicators=[("number", "ge", "100")]
    )
    build.review(objective, kind="intermediate", on=date(2024, 7, 1), values=[{"number": Decimal(40)}])
    build.review(objective, kind="final", on=date(2025, 1, 20), values=[{"number": Decimal(90)}])
    result = selectors.scorecard(casorate).objective(objective.pk)
    periods = [(r.review.kind, r.indicators[0].score.value) for r in (result.intermediate, result.final)]
    assert periods == [("intermediate", Decimal(40)), ("final", Decimal(90))]
    assert result.current is result.final
    page = secretary_client.get(url(casorate, "objective", objective.pk)).content.decode()
    assert "Verifica intermedia" in page and "Verifica finale" in page


def _post_forms(page) -> list:
    return [f for f in lxml.html.fromstring(page.content.decode()).forms if f.method.lower() == "post"]
