"""The ente's risk scale, the numeric method and the risk events' lists through the pages (posted
as the rendered forms send them), the print and the JSON round trip."""

import json

import pytest

from openpiao.core.exchange import Audience
from openpiao.documents.builder import build_document
from openpiao.plans.access import plan_url
from openpiao.plans.json_document import export_plan, import_plan
from openpiao.risk.models import Assessment, RiskArea, RiskEvent, RiskSettings
from openpiao.risk.selectors import risk_register
from tests import factories
from tests.page_forms import page_form

FOUR = "Nullo\nBasso\nMedio\nAlto"
AFFIDAMENTO = {"P1": 2, "P2": 5, "P3": 1, "P4": 5, "P5": 5, "P6": 3, "I1": 1, "I2": 1, "I3": 0, "I4": 3}


def url(plan, name, *args):
    return plan_url(plan, f"risk:{name}", *args)


@pytest.fixture
def process(casorate):
    unit = casorate.units.get(code="territorio")
    return factories.process(
        casorate, unit, code="scala", area=RiskArea.objects.get(code="L16A"), name="Scala"
    )


def _settings(client, plan, **changes):
    page = client.get(url(plan, "settings"))
    return client.post(url(plan, "settings"), page_form(page, **changes))


def test_the_entes_four_levels_judge_the_indicators_and_fill_the_heat_map(
    secretary_client, casorate, process
):
    """Casorate's assessments use basso/medio/alto, all in the new scale: they are judged again."""
    response = _settings(secretary_client, casorate, scale=FOUR, judgment_rule="worst")
    assert response.status_code == 302
    assert RiskSettings.objects.get(plan=casorate).scale == ["Nullo", "Basso", "Medio", "Alto"]
    page = secretary_client.get(url(casorate, "assessment", process.pk))
    assert "Nullo" in page.content.decode()
    levels = [k for k, v in page_form(page).items() if k.startswith("level_")]
    data = page_form(page, **{**dict.fromkeys(levels, "nullo"), levels[0]: "basso"})
    assert secretary_client.post(url(casorate, "assessment", process.pk), data).status_code == 302
    assert Assessment.objects.get(process=process).computed_level == "basso"  # worst of nullo/basso
    register = secretary_client.get(url(casorate, "register")).content.decode()
    assert ">Nullo</th>" in register and ">Non valutati</th>" in register
    assert risk_register(casorate).heat_columns == ["Alto", "Medio", "Basso", "Nullo", "Non valutati"]
    printed = build_document(casorate, section="2.3").text()
    assert "Nullo" in printed and "Non valutati" in printed


def test_a_scale_that_drops_a_level_in_use_is_refused_and_nothing_changes(secretary_client, casorate):
    before = list(Assessment.objects.filter(process__plan=casorate).values_list("computed_level", flat=True))
    response = _settings(secretary_client, casorate, scale="Basso\nMedio\nCritico")
    assert response.status_code == 200
    assert "non prevedono" in response.content.decode()
    assert RiskSettings.objects.get(plan=casorate).scale == ["Basso", "Medio", "Alto"]
    assert (
        list(Assessment.objects.filter(process__plan=casorate).values_list("computed_level", flat=True))
        == before
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scale": "Basso\nAlto"}, "da 3 a 5 livelli"),
        ({"method": "numeric", "numeric_bounds": ""}, "servono 2 soglie"),
        ({"method": "numeric", "numeric_bounds": "8; 4"}, "devono crescere"),
        ({"method": "numeric", "numeric_bounds": "quattro"}, "numeri separati da punto e virgola"),
    ],
)
def test_settings_refuse_with_the_reason_next_to_the_field(secretary_client, casorate, changes, message):
    response = _settings(secretary_client, casorate, **changes)
    assert response.status_code == 200 and message in response.content.decode()
    assert RiskSettings.objects.get(plan=casorate).method == "qualitative"


def test_the_numeric_method_scores_the_criteria_and_shows_its_working(secretary_client, casorate, process):
    # Casorate's qualitative assessments have no scores: they must be rejudged first, so the switch
    # is tried on a plan of its own.
    Assessment.objects.filter(process__plan=casorate).delete()
    response = _settings(secretary_client, casorate, method="numeric", numeric_bounds="4; 8")
    assert response.status_code == 302
    page = secretary_client.get(url(casorate, "assessment", process.pk))
    assert "Rilevanza esterna" in page.content.decode()
    scores = {f"score_{code}": str(value) for code, value in AFFIDAMENTO.items()}
    response = secretary_client.post(url(casorate, "assessment", process.pk), page_form(page, **scores))
    assert response.status_code == 302
    assessment = Assessment.objects.get(process=process)
    assert (str(assessment.score), assessment.computed_level, assessment.scores) == (
        "4.38",
        "medio",
        AFFIDAMENTO,
    )
    detail = secretary_client.get(url(casorate, "process", process.pk)).content.decode()
    assert "Valutazione complessiva del rischio" in detail and "4,38" in detail
    printed = build_document(casorate, section="2.3").text()
    assert "Valutazione complessiva (probabilità × impatto)" in printed and "Rilevanza esterna" in printed
    # the bounds move: every assessment is judged again
    _settings(secretary_client, casorate, numeric_bounds="5; 10")
    assert Assessment.objects.get(process=process).computed_level == "basso"


def test_a_value_not_in_the_allegato_is_refused_by_the_form(secretary_client, casorate, process):
    Assessment.objects.filter(process__plan=casorate).delete()
    _settings(secretary_client, casorate, method="numeric", numeric_bounds="4; 8")
    page = secretary_client.get(url(casorate, "assessment", process.pk))
    response = secretary_client.post(url(casorate, "assessment", process.pk), page_form(page, score_P2="3"))
    assert response.status_code == 200 and not Assessment.objects.filter(process=process).exists()


def test_risk_events_hold_phases_owners_and_enabling_factors(secretary_client, casorate, process):
    page = secretary_client.get(url(casorate, "process_edit", process.pk))
    form = page_form(page)
    prefix = next(k[: -len("-0-description")] for k in form if k.endswith("-0-description"))
    data = page_form(
        page,
        **{
            f"{prefix}-0-description": "Frazionamento artificioso dell'affidamento",
            f"{prefix}-0-phases": "Programmazione\nScelta del contraente",
            f"{prefix}-0-owners": "Responsabile del servizio\nRUP",
            f"{prefix}-0-enabling_factors": (
                "Mancanza di controlli\n\nEsercizio prolungato della responsabilità"
            ),
        },
    )
    assert secretary_client.post(url(casorate, "process_edit", process.pk), data).status_code == 302
    event = RiskEvent.objects.get(process=process)
    assert event.phases == ["Programmazione", "Scelta del contraente"]
    assert event.owners == ["Responsabile del servizio", "RUP"]
    assert event.enabling_factors == ["Mancanza di controlli", "Esercizio prolungato della responsabilità"]
    detail = secretary_client.get(url(casorate, "process", process.pk)).content.decode()
    assert "Fattori abilitanti" in detail and "RUP" in detail


def test_scale_method_scores_and_event_lists_go_round_the_json(casorate, process):
    Assessment.objects.filter(process__plan=casorate).delete()
    settings = casorate.risk_settings
    settings.scale, settings.method, settings.numeric_bounds = (
        ["Basso", "Medio", "Alto", "Critico"],
        "numeric",
        ["3", "6", "12"],
    )
    settings.save()
    RiskEvent.objects.create(
        process=process,
        description="Evento",
        phases=["Istruttoria"],
        owners=["RUP"],
        enabling_factors=["Opacità"],
    )
    Assessment.objects.create(
        process=process, year=casorate.reference_year, rule="mode_worst", scores=AFFIDAMENTO
    )
    document = json.loads(json.dumps(export_plan(casorate, audience=Audience.BACKUP), default=str))
    assert document["risk_settings"]["scale"] == ["Basso", "Medio", "Alto", "Critico"]
    copy = import_plan(document, slug="copia-scala")
    again = RiskSettings.objects.get(plan=copy)
    assert (again.scale, again.method, again.numeric_bounds) == (settings.scale, "numeric", ["3", "6", "12"])
    event = RiskEvent.objects.get(process__plan=copy, process__code="scala")
    assert (event.phases, event.owners, event.enabling_factors) == (["Istruttoria"], ["RUP"], ["Opacità"])
    imported = Assessment.objects.get(process__plan=copy, process__code="scala")
    # recomputed on import, never trusted: 4,38 is «Medio» with bounds 3; 6; 12
    assert (str(imported.score), imported.computed_level) == ("4.38", "medio")
