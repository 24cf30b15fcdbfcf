"""Writes through the API follow the pages' rules: the same services (validation, version
checks, audit), the same permissions and the adopted-plan lock."""

import pytest
from django.contrib.auth.models import User

from openpiao.core.locking import StaleEdit
from openpiao.core.models import Action, AuditEvent
from openpiao.performance.models import Objective
from openpiao.performance.services import CO_UNIT_REPEATS_UNIT, CROSS_UNIT_NEEDS_CO_UNITS
from openpiao.plans.access import ADOPTED_PLAN_IS_LOCKED
from openpiao.plans.models import Plan
from tests.api.conftest import bearer

BASE = "/api/v1/enti/casorate-primo/piani/2024"


@pytest.fixture
def secretary(casorate, token_for):
    return bearer(token_for(casorate.organization, "secretary"))


def patch(client, url, data, headers):
    return client.patch(url, data=data, content_type="application/json", **headers)


def test_a_stale_version_is_refused_with_409(client, casorate_rows, secretary):
    objective = casorate_rows["objective"]
    url = f"{BASE}/obiettivi/{objective.pk}"
    first = patch(client, url, {"expected_version": objective.version, "title": "Prima"}, secretary)
    assert first.status_code == 200 and first.json()["version"] == objective.version + 1
    second = patch(client, url, {"expected_version": objective.version, "title": "Seconda"}, secretary)
    assert second.status_code == 409
    assert second.json() == {"detail": StaleEdit.message}
    assert Objective.objects.get(pk=objective.pk).title == "Prima"


def test_the_models_rules_answer_422_by_field_in_italian(client, casorate, casorate_rows, secretary):
    objective = casorate_rows["objective"]
    url = f"{BASE}/obiettivi/{objective.pk}"
    response = patch(
        client, url, {"expected_version": objective.version, "first_year": 2030, "weight": "-5"}, secretary
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dati non validi: nulla è stato salvato."
    assert body["errors"] == {
        "weight": ["Assicurati che questo valore sia maggiore o uguale a 0."],
        "last_year": ["Gli anni dell'obiettivo devono cadere nel triennio 2024-2026."],
    }
    assert Objective.objects.get(pk=objective.pk).version == objective.version  # nothing saved


def test_a_malformed_body_answers_422_in_italian(client, casorate_rows, secretary):
    url = f"{BASE}/obiettivi/{casorate_rows['objective'].pk}"
    response = patch(client, url, {"expected_version": "due", "colour": "blu"}, secretary)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "data.expected_version": ["Serve un numero intero."],
        "data.colour": ["Campo non previsto."],
    }


def test_rows_of_a_table_are_refused_by_position(client, casorate_rows, secretary):
    objective = casorate_rows["objective"]
    url = f"{BASE}/obiettivi/{objective.pk}/fasi"
    rows = [{"description": "Avvio", "months": [1, 2]}, {"description": "Chiusura", "months": [13]}]
    response = client.put(
        url,
        data={"expected_version": objective.version, "rows": rows},
        content_type="application/json",
        **secretary,
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["rows[1].months"]
    assert not objective.phases.exists()


def test_an_adopted_plan_refuses_changes_but_keeps_monitoring(client, casorate, casorate_rows, secretary):
    Plan.objects.filter(pk=casorate.pk).update(status="adopted")
    objective, measure = casorate_rows["objective"], casorate_rows["measure"]
    response = patch(
        client, f"{BASE}/obiettivi/{objective.pk}", {"expected_version": 0, "title": "x"}, secretary
    )
    assert response.status_code == 403 and response.json()["detail"] == ADOPTED_PLAN_IS_LOCKED
    monitoring = client.post(
        f"{BASE}/rischi/misure/{measure.pk}/monitoraggi",
        data={"date": "2024-06-30", "status": "done", "value": "fatto"},
        content_type="application/json",
        **secretary,
    )
    assert monitoring.status_code == 201 and monitoring.json()["status"] == "done"


def test_a_unit_head_edits_only_its_units_objectives(client, casorate, casorate_rows, token_for):
    headers = bearer(token_for(casorate.organization, "unit_head"))
    objective = casorate_rows["objective"]
    url = f"{BASE}/obiettivi/{objective.pk}"
    refused = patch(client, url, {"expected_version": objective.version, "title": "x"}, headers)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Non può modificare gli obiettivi di questa unità."
    casorate_rows["unit"].editors.add(User.objects.get(username="api-unit_head-casorate-primo"))
    assert (
        patch(client, url, {"expected_version": objective.version, "title": "x"}, headers).status_code == 200
    )


def test_a_created_objective_is_audited_with_the_tokens_user(client, casorate, casorate_rows, secretary):
    data = {
        "unit": casorate_rows["unit"].code,
        "number": 42,
        "title": "Dall'API",
        "first_year": 2024,
        "last_year": 2024,
    }
    response = client.post(f"{BASE}/obiettivi", data=data, content_type="application/json", **secretary)
    assert response.status_code == 201
    created = Objective.objects.get(pk=response.json()["id"])
    event = AuditEvent.objects.get(action=Action.OBJECTIVE_CREATED, object_id=str(created.pk))
    assert event.user.username == "api-secretary-casorate-primo"
    assert created.history.get().history_user.username == "api-secretary-casorate-primo"


def test_review_values_go_through_the_review_service(client, casorate, casorate_rows, secretary):
    objective, indicator = casorate_rows["objective"], casorate_rows["indicator"]
    url = f"{BASE}/obiettivi/{objective.pk}/verifiche/intermedia"
    data = {"reference_date": "2024-07-31", "values": [{"indicator": indicator.pk, "number": "12.5"}]}
    response = client.put(url, data=data, content_type="application/json", **secretary)
    assert response.status_code == 200, response.json()
    assert response.json()["values"][0]["number"] == "12.5000"
    again = client.put(url, data=data, content_type="application/json", **secretary)  # version 0: stale
    assert again.status_code == 409
    assert client.get(url, **secretary).json()["reference_date"] == "2024-07-31"


def test_the_forms_rules_on_co_units_hold_for_the_api_too(client, casorate_rows, secretary):
    """An intersettoriale objective needs a co-responsible unit, which is not the unit itself."""
    objective, unit = casorate_rows["objective"], casorate_rows["unit"]
    url = f"{BASE}/obiettivi/{objective.pk}"
    alone = patch(client, url, {"expected_version": objective.version, "kind": "cross_unit"}, secretary)
    assert alone.status_code == 422
    assert alone.json()["errors"] == {"co_units": [CROSS_UNIT_NEEDS_CO_UNITS]}
    itself = patch(client, url, {"expected_version": objective.version, "co_units": [unit.code]}, secretary)
    assert itself.json()["errors"] == {"co_units": [CO_UNIT_REPEATS_UNIT]}
    assert Objective.objects.get(pk=objective.pk).version == objective.version


def test_an_objective_names_an_office_of_its_own_unit_only(client, casorate, secretary):
    """`office` by code, as the form offers it: an office within the objective's unit."""
    objective = casorate.objectives.filter(office__isnull=False).select_related("office", "unit").first()
    url = f"{BASE}/obiettivi/{objective.pk}"
    assert client.get(url, **secretary).json()["office"] == objective.office.code
    other = casorate.units.exclude(pk=objective.office.pk).exclude(parent=objective.unit).first()
    refused = patch(client, url, {"expected_version": objective.version, "office": other.code}, secretary)
    assert refused.status_code == 422 and "office" in refused.json()["errors"]
    cleared = patch(client, url, {"expected_version": objective.version, "office": None}, secretary)
    assert cleared.status_code == 200 and cleared.json()["office"] is None
    assert Objective.objects.get(pk=objective.pk).office is None
