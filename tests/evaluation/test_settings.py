"""The ente's settings of the cycle: SMVP parameters and presets, funds, behaviour assessments,
employee ↔ user links, readiness items."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.models import AuditEvent
from openpiao.evaluation import services
from openpiao.evaluation.models import (
    BehaviourAssessment,
    BonusFund,
    EmployeeAccount,
    EvaluationSystem,
)
from openpiao.evaluation.readiness import readiness_items

D = Decimal


def url(plan, name, *args):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year, *args])


def system_post(**changes) -> dict:
    data = {
        "reference": "Delibera G.C. n. 1/2024",
        "achievement_cap": "120",
        "achievement_floor": "0",
        "deadline_reduction": "10",
        "deadline_period_days": "30",
        "weighted_indicators": "on",
        "value_share": "70",
        "time_share": "30",
        "organization_method": "units",
        "eq_results_share": "70",
        "staff_results_share": "50",
        "behaviour_scale_max": "10",
        "bonus_threshold": "60",
        "at_risk_ratio": "70",
        "rounding_mode": "round",
        "rounding_decimals": "2",
        "rounding_level": "end",
        "missing_rule": "exclude",
    }
    data.update(changes)
    return data


def test_defaults_until_the_ente_sets_its_system(secretary_client, casorate, build):
    html = secretary_client.get(url(casorate, "system")).content.decode()
    assert "non ha ancora confermato" in html
    assert [i.blocking for i in readiness_items(casorate)] == [False]
    response = secretary_client.post(url(casorate, "system_edit"), system_post())
    assert response.status_code == 302
    system = EvaluationSystem.objects.get(plan=casorate)
    assert system.achievement_cap == D(120) and system.value_share == D(70)
    assert system.criteria.count() == 9  # the default criteria come with the first save
    assert readiness_items(casorate) == []
    assert AuditEvent.objects.filter(action=Action.EVALUATION_SYSTEM_CREATED).exists()


def test_two_first_saves_of_the_system_get_the_conflict(secretary_client, casorate, build):
    page = secretary_client.get(url(casorate, "system_edit")).content.decode()
    assert 'name="expected_version" value="0"' in page
    assert (
        secretary_client.post(url(casorate, "system_edit"), system_post(expected_version="0")).status_code
        == 302
    )
    response = secretary_client.post(
        url(casorate, "system_edit"), system_post(expected_version="0", achievement_cap="110")
    )
    html = response.content.decode()
    assert "Qualcun altro ha modificato" in html and "obbligatorio" not in html
    assert EvaluationSystem.objects.get(plan=casorate).achievement_cap == D(120)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"value_share": "70", "time_share": "20"}, "time_share", "devono sommare 100%"),
        ({"eq_results_share": "50"}, "eq_results_share", "peso prevalente"),
        ({"achievement_cap": "90"}, "achievement_cap", "maggiore o uguale a 100"),
        ({"bonus_threshold": "101"}, "bonus_threshold", "minore o uguale a 100"),
    ],
)
def test_bad_parameters_save_nothing(secretary_client, casorate, build, changes, field, message):
    response = secretary_client.post(url(casorate, "system_edit"), system_post(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not EvaluationSystem.objects.filter(plan=casorate).exists()


def test_only_plan_editors_change_the_system(client, casorate, make_member, build):
    for role in ("unit_head", "evaluator", "reader"):
        client.force_login(make_member(casorate.organization, role, username=f"smvp-{role}"))
        assert client.post(url(casorate, "system_edit"), system_post()).status_code == 403
        assert client.post(url(casorate, "preset"), {"preset": "predefinito"}).status_code == 403


def test_presets_apply_and_refuse_to_drop_votes(secretary_client, casorate, build):
    response = secretary_client.post(url(casorate, "preset"), {"preset": "fasce-di-merito"})
    assert response.status_code == 302
    system = EvaluationSystem.objects.get(plan=casorate)
    assert system.use_merit_bands and system.bands.count() == 3 and system.achievement_cap == D(120)
    secretary_client.post(url(casorate, "preset"), {"preset": "casorate-primo"})
    system.refresh_from_db()
    assert "n. 114 del 07/12/2021" in system.reference and not system.weighted_indicators
    person = build.employee(build.unit())
    assessment = BehaviourAssessment.objects.create(
        plan=casorate, employee=person, assessed_on=date(2024, 12, 1)
    )
    assessment.votes.create(criterion=system.criteria.last(), value=7)
    response = secretary_client.post(url(casorate, "preset"), {"preset": "predefinito"}, follow=True)
    assert "non si possono sostituire" in response.content.decode()
    assert assessment.votes.count() == 1


def test_criteria_and_bands_are_edited_once_saved(secretary_client, casorate, build):
    system = services.apply_preset(plan=casorate, key="fasce-di-merito", user=None)
    page = secretary_client.get(url(casorate, "system_edit"))
    criteria, bands = page.context["criteria"], page.context["bands"]
    data = system_post(use_merit_bands="on", **{"expected_version": system.version})
    for prefix, formset in (("criteri", criteria), ("fasce", bands)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(formset.forms),
                f"{prefix}-INITIAL_FORMS": formset.initial_form_count(),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, form in enumerate(formset.forms):
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if name == "DELETE" or value is None:
                    continue
                data[f"{prefix}-{i}-{name}"] = getattr(value, "pk", value)
    # Two bands from the same score: refused, nothing saved.
    bad = dict(data, **{"fasce-1-min_score": "90"})
    response = secretary_client.post(url(casorate, "system_edit"), bad)
    assert "stesso punteggio" in response.content.decode()
    data["criteri-0-name"] = "Programmazione del lavoro"
    assert secretary_client.post(url(casorate, "system_edit"), data).status_code == 302
    assert system.criteria.order_by("order").first().name == "Programmazione del lavoro"


def test_assessment_by_the_unit_head_of_its_staff_only(client, casorate, make_member, build):
    services.apply_preset(plan=casorate, key="predefinito", user=None)
    own, other = build.unit(), build.unit()
    clerk, stranger = build.employee(own), build.employee(other)
    leader = build.employee(own, is_eq_holder=True, old_category="D", area="funzionari_eq")
    head = make_member(casorate.organization, "unit_head", username="resp-valuta")
    own.editors.add(head)
    client.force_login(head)
    form = client.get(url(casorate, "person", clerk.pk)).context["form"]
    data = {"assessed_on": "2025-01-15", "note": ""}
    data.update({f"c{c.pk}": "8" for c in form.criteria})
    assert client.post(url(casorate, "person", clerk.pk), data).status_code == 302
    assessment = BehaviourAssessment.objects.get(employee=clerk)
    assert assessment.votes.count() == 5 and assessment.assessed_by == head
    # A second form opened before that save (version 0) must not overwrite it.
    response = client.post(url(casorate, "person", clerk.pk), dict(data, **{f"c{form.criteria[0].pk}": "2"}))
    assert "Qualcun altro" in response.content.decode()
    assert assessment.votes.get(criterion=form.criteria[0]).value == 8
    data["expected_version"] = assessment.version
    assert client.post(url(casorate, "person", stranger.pk), data).status_code == 403
    assert client.post(url(casorate, "person", leader.pk), data).status_code == 403  # E.Q.: the Nucleo
    missing = dict(data)
    missing.pop(f"c{form.criteria[0].pk}")
    response = client.post(url(casorate, "person", clerk.pk), missing)
    assert response.status_code == 200 and "obbligatorio" in response.content.decode()


def test_nucleo_assesses_the_eq_holders(client, casorate, make_member, build):
    services.apply_preset(plan=casorate, key="predefinito", user=None)
    leader = build.employee(build.unit(), is_eq_holder=True, old_category="D", area="funzionari_eq")
    client.force_login(make_member(casorate.organization, "evaluator", username="nucleo-eq"))
    form = client.get(url(casorate, "person", leader.pk)).context["form"]
    assert len(form.criteria) == 4  # the E.Q. criteria
    data = {"assessed_on": "2025-01-15"} | {f"c{c.pk}": "9" for c in form.criteria}
    assert client.post(url(casorate, "person", leader.pk), data).status_code == 302
    votes = BehaviourAssessment.objects.get(employee=leader).votes.values_list("value", flat=True)
    assert list(votes) == [9, 9, 9, 9]


def test_funds_page_queries_do_not_grow_with_funds(secretary_client, casorate, build):
    secretary_client.get(url(casorate, "funds"))  # warm the session
    with CaptureQueriesContext(connection) as before:
        secretary_client.get(url(casorate, "funds"))
    for n in range(4):
        BonusFund.objects.create(plan=casorate, unit=build.unit(name=f"U{n}"), amount=100)
    with CaptureQueriesContext(connection) as after:
        secretary_client.get(url(casorate, "funds"))
    assert len(after) == len(before)


def test_funds_and_links(secretary_client, casorate, make_member, build):
    unit = build.unit(name="Polizia Locale")
    data = {
        "fondi-TOTAL_FORMS": 2,
        "fondi-INITIAL_FORMS": 0,
        "fondi-MIN_NUM_FORMS": 0,
        "fondi-MAX_NUM_FORMS": 1000,
        "fondi-0-unit": "",
        "fondi-0-amount": "10.000,00",
        "fondi-1-unit": unit.pk,
        "fondi-1-amount": "2500",
    }
    assert secretary_client.post(url(casorate, "funds"), data).status_code == 302
    assert sorted(BonusFund.objects.filter(plan=casorate).values_list("amount", flat=True)) == [
        D(2500),
        D(10000),
    ]
    person = build.employee(unit)
    user = make_member(casorate.organization, "reader", username="agente")
    response = secretary_client.post(url(casorate, "accounts"), {f"e{person.pk}": user.pk})
    assert response.status_code == 302
    assert EmployeeAccount.objects.get(employee=person).user == user
    other = build.employee(unit)
    response = secretary_client.post(
        url(casorate, "accounts"), {f"e{person.pk}": user.pk, f"e{other.pk}": user.pk}
    )
    assert "più di un dipendente" in response.content.decode()


def test_a_fund_changed_meanwhile_is_not_overwritten(secretary_client, casorate, build):
    fund = BonusFund.objects.create(plan=casorate, amount=D(1000))
    data = {
        "fondi-TOTAL_FORMS": 1,
        "fondi-INITIAL_FORMS": 1,
        "fondi-MIN_NUM_FORMS": 0,
        "fondi-MAX_NUM_FORMS": 1000,
        "fondi-0-id": fund.pk,
        "fondi-0-expected_version": fund.version,
        "fondi-0-unit": "",
        "fondi-0-amount": "2000",
    }
    BonusFund.objects.filter(pk=fund.pk).update(amount=D(1500), version=fund.version + 1)  # someone else
    response = secretary_client.post(url(casorate, "funds"), data, follow=True)
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert BonusFund.objects.get(pk=fund.pk).amount == D(1500)
    response = secretary_client.post(url(casorate, "funds"), data | {"fondi-0-DELETE": "on"})
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert BonusFund.objects.filter(pk=fund.pk).exists()
    data["fondi-0-expected_version"] = fund.version + 1
    assert secretary_client.post(url(casorate, "funds"), data).status_code == 302
    assert BonusFund.objects.get(pk=fund.pk).amount == D(2000)


def test_a_link_changed_meanwhile_is_not_overwritten(secretary_client, casorate, make_member, build):
    unit = build.unit(name="Polizia Locale")
    person, other = build.employee(unit), build.employee(unit)
    first = make_member(casorate.organization, "reader", username="agente-1")
    second = make_member(casorate.organization, "reader", username="agente-2")
    page = secretary_client.get(url(casorate, "accounts")).content.decode()
    assert f'name="initial-e{person.pk}"' in page
    # Someone else links `person` to the second user while this page is open.
    EmployeeAccount.objects.create(plan=casorate, employee=person, user=second)
    response = secretary_client.post(
        url(casorate, "accounts"), {f"e{person.pk}": first.pk, f"initial-e{person.pk}": ""}
    )
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert EmployeeAccount.objects.get(employee=person).user == second
    # A change to another employee keeps the link made meanwhile.
    response = secretary_client.post(
        url(casorate, "accounts"),
        {f"e{person.pk}": second.pk, f"initial-e{person.pk}": second.pk, f"e{other.pk}": first.pk},
    )
    assert response.status_code == 302
    assert EmployeeAccount.objects.get(employee=person).user == second
    assert EmployeeAccount.objects.get(employee=other).user == first
