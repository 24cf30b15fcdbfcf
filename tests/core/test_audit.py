"""The one audited save and delete (core.audit), the rows of a table edited as a whole
(core.rows), the typed actions and the data migration of the stored sentences, the import's
audit row."""

import json
from decimal import Decimal
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse

from openpiao.core.audit import Action, delete_audited, record, save_audited
from openpiao.core.exchange import Audience, ImportProblem
from openpiao.core.locking import StaleEdit
from openpiao.core.models import AuditEvent
from openpiao.core.rows import RowEdit, RowsInvalid, save_rows
from openpiao.organization_chart.models import OrgUnit
from openpiao.performance.models import Phase
from openpiao.plans.json_document import export_plan_json, import_plan
from tests import factories

MIGRATION = import_module("openpiao.core.migrations.0006_audit_action_codes")


def _events(**filters):
    return AuditEvent.objects.filter(**filters)


# --- save_audited / delete_audited --------------------------------------------------------


def test_a_new_row_is_checked_saved_and_logged_with_its_code(casorate, make_member):
    user = make_member(casorate.organization, "secretary")
    unit = OrgUnit(organization=casorate.organization, plan=casorate, code="nuova", name="Nuova unità")
    save_audited(unit, user=user, action=Action.UNIT_SAVED, note="prova")
    event = _events(object_type="orgunit", object_id=str(unit.pk)).get()
    assert (event.action, event.get_action_display()) == ("unit_saved", "unità salvata")
    assert event.user == user and event.organization == casorate.organization
    assert event.details == {"note": "prova"}


def test_a_refused_row_saves_nothing_and_logs_nothing(casorate):
    existing = casorate.units.first()
    duplicate = OrgUnit(organization=casorate.organization, plan=casorate, code=existing.code, name="Doppia")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        save_audited(duplicate, user=None, action=Action.UNIT_SAVED)
    assert "code" in refused.value.message_dict or "__all__" in refused.value.message_dict
    assert duplicate.pk is None and AuditEvent.objects.count() == before


def test_an_update_writes_its_fields_only_if_the_version_is_unchanged(casorate):
    unit = casorate.units.order_by("pk").first()
    stale_version = unit.version
    unit.name = "Primo nome"
    save_audited(unit, user=None, action=Action.UNIT_SAVED, expected_version=stale_version, fields=["name"])
    unit.refresh_from_db()
    assert (unit.name, unit.version) == ("Primo nome", stale_version + 1)

    other = OrgUnit.objects.get(pk=unit.pk)
    other.name = "Secondo nome"
    logged = _events(object_id=str(unit.pk), action=Action.UNIT_SAVED).count()
    with pytest.raises(StaleEdit):
        save_audited(
            other, user=None, action=Action.UNIT_SAVED, expected_version=stale_version, fields=["name"]
        )
    unit.refresh_from_db()
    assert unit.name == "Primo nome"
    assert _events(object_id=str(unit.pk), action=Action.UNIT_SAVED).count() == logged


def test_an_update_checks_the_fields_it_writes(casorate):
    unit = casorate.units.order_by("pk").first()
    unit.name = ""
    with pytest.raises(ValidationError) as refused:
        save_audited(
            unit, user=None, action=Action.UNIT_SAVED, expected_version=unit.version, fields=["name"]
        )
    assert list(refused.value.message_dict) == ["name"]


def test_delete_audited_logs_the_row_it_removes(casorate):
    objective = casorate.objectives.order_by("pk").first()
    pk = objective.pk
    delete_audited(objective, user=None, action=Action.OBJECTIVE_DELETED, title=objective.title)
    event = _events(object_type="objective", object_id=str(pk)).get()
    assert event.action == Action.OBJECTIVE_DELETED and event.details == {"title": objective.title}
    assert not casorate.objectives.filter(pk=pk).exists()


def test_a_refused_delete_leaves_no_audit_row(casorate):
    unit = casorate.objectives.order_by("pk").first().unit  # objectives RESTRICT their unit
    with pytest.raises((ProtectedError, RestrictedError)):
        delete_audited(unit, user=None, action=Action.UNIT_SAVED)
    assert not _events(object_type="orgunit", object_id=str(unit.pk)).exists()


def test_an_action_outside_the_choices_is_refused(casorate):
    with pytest.raises(ValueError):
        record(organization=casorate.organization, user=None, action="qualcosa è stato salvato")


# --- save_rows ------------------------------------------------------------------------------


@pytest.fixture
def objective(casorate):
    unit = factories.unit(casorate, code="righe")
    return factories.objective(casorate, unit, with_details=False)


def save_rows_kwargs(objective):
    return {
        "queryset": Phase.objects.filter(objective=objective),
        "new": lambda: Phase(organization=objective.organization, objective=objective),
    }


def test_rows_are_added_changed_and_deleted_within_their_scope(objective):
    first, second = save_rows(
        [
            RowEdit(values={"description": "Analisi", "months": [1, 2]}),
            RowEdit(values={"description": "Gara"}),
        ],
        **save_rows_kwargs(objective),
    )
    save_rows(
        [RowEdit(pk=first.pk, values={"months": [3]}), RowEdit(pk=second.pk, delete=True)],
        **save_rows_kwargs(objective),
    )
    assert list(objective.phases.values_list("description", "months")) == [("Analisi", [3])]


def test_a_row_of_another_table_is_not_touched(casorate, objective):
    foreign = Phase.objects.exclude(objective=objective).first()
    with pytest.raises(StaleEdit):
        save_rows([RowEdit(pk=foreign.pk, values={"description": "presa"})], **save_rows_kwargs(objective))
    foreign.refresh_from_db()
    assert foreign.description != "presa"


def test_refused_rows_are_named_by_position_and_nothing_is_written(objective):
    rows = [RowEdit(values={"description": "Buona"}), RowEdit(values={"description": "Mesi", "months": [13]})]
    with pytest.raises(RowsInvalid) as refused:
        save_rows(rows, **save_rows_kwargs(objective))
    assert list(refused.value.rows) == [1] and "months" in refused.value.rows[1].message_dict
    assert not objective.phases.exists()


def test_versioned_rows_refuse_a_stale_change(casorate):
    from openpiao.evaluation.models import BonusFund

    unit = factories.unit(casorate, code="fondo")
    fund = BonusFund.objects.create(
        organization=casorate.organization, plan=casorate, unit=unit, amount=Decimal(100)
    )
    scope = {
        "queryset": BonusFund.objects.filter(plan=casorate),
        "new": lambda: BonusFund(organization=casorate.organization, plan=casorate),
        "versioned": True,
    }
    save_rows([RowEdit(pk=fund.pk, values={"amount": Decimal(200)}, expected_version=fund.version)], **scope)
    with pytest.raises(StaleEdit):
        save_rows([RowEdit(pk=fund.pk, delete=True, expected_version=fund.version)], **scope)
    fund.refresh_from_db()
    assert fund.amount == Decimal(200)


# --- Actions and the migration of the stored sentences ---------------------------------------


def test_every_action_reads_as_the_sentence_the_log_stored_before():
    """The migration maps each sentence to the code whose label is that sentence."""
    new = {
        Action.PLAN_IMPORTED,
        Action.PLAN_ROLLED_OVER,
        Action.UNIT_RESOURCE_SAVED,
        Action.UNIT_RESOURCE_DELETED,
        # Onboarding (issue 11): actions that never had a stored sentence.
        Action.ORGANIZATION_CREATED,
        Action.INVITATION_SENT,
        Action.INVITATION_RESENT,
        Action.INVITATION_CANCELLED,
        Action.INVITATION_ACCEPTED,
        Action.MEMBER_ROLE_CHANGED,
        Action.MEMBER_REVOKED,
        Action.UNIT_EDITORS_CHANGED,
        # Publication (issue 15): the licence of the open data.
        Action.PUBLICATION_SETTINGS_SAVED,
        # REST API (issue 15): personal tokens.
        Action.API_TOKEN_CREATED,
        Action.API_TOKEN_REVOKED,
        # Round 3: deadlines, the SMVP's scales and the Nucleo's decisions, sign-in settings.
        Action.DEADLINE_DONE,
        Action.DEADLINE_REOPENED,
        Action.DECISIONS_SAVED,
        Action.SCALE_SAVED,
    }
    for action in Action:
        if action in new or action.name.startswith("ADMIN_"):
            continue
        assert MIGRATION.CODES[action.label] == action.value, action


def test_the_migration_turns_stored_sentences_into_codes_and_back(casorate):
    sentences = [
        "cessazione eliminata",
        "cessazione eliminato",  # the wording before the participles agreed
        "obiettivo modificato: personale coinvolto",
        "obiettivo: fasi modificati",
        "unità salvato",
        "dati per la capacità assunzionale modificati",
        "ente: modifica nell'amministrazione del sito",
        "appartenenza: eliminazione nell'amministrazione del sito",
        "una frase sconosciuta",
    ]
    object_types = {
        "ente: modifica nell'amministrazione del sito": "organization",
        "appartenenza: eliminazione nell'amministrazione del sito": "membership",
    }
    rows = [
        AuditEvent.objects.create(
            organization=casorate.organization, action=sentence, object_type=object_types.get(sentence, "")
        )
        for sentence in sentences
    ]
    MIGRATION.to_codes(apps, None)
    codes = [AuditEvent.objects.get(pk=row.pk).action for row in rows]
    assert codes == [
        "cessation_deleted",
        "cessation_deleted",
        "objective_staff_saved",
        "objective_phases_saved",
        "unit_saved",
        "staffing_inputs_changed",
        "admin_changed",
        "admin_deleted",
        "una frase sconosciuta",
    ]
    MIGRATION.to_sentences(apps, None)
    back = [AuditEvent.objects.get(pk=row.pk).action for row in rows]
    assert back == [
        "cessazione eliminata",
        "cessazione eliminata",
        "obiettivo modificato: personale coinvolto",
        "obiettivo modificato: fasi",
        "unità salvata",
        "dati per la capacità assunzionale modificati",
        "ente: modifica nell'amministrazione del sito",
        "appartenenza: eliminazione nell'amministrazione del sito",
        "una frase sconosciuta",
    ]


def test_the_admin_log_shows_the_italian_labels(client, casorate):
    cessation = casorate.cessations.first()
    record(organization=casorate.organization, user=None, action=Action.CESSATION_DELETED, obj=cessation)
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert 'field-action">cessazione eliminata<' in page and ">cessation_deleted<" not in page
    assert 'field-object_name">cessazione<' in page  # the object, by its Italian name


# --- Imports ----------------------------------------------------------------------------------


def test_an_import_writes_one_audit_row_with_its_counts(casorate, make_member):
    user = make_member(casorate.organization, "secretary")
    document = json.loads(export_plan_json(casorate, audience=Audience.BACKUP))
    plan = import_plan(document, slug="copia-registro", user=user, source="prova.json")
    event = _events(organization=plan.organization).get()
    assert (event.action, event.user, event.object_id) == (Action.PLAN_IMPORTED, user, str(plan.pk))
    rows = event.details["rows"]
    assert rows["objectives"] == casorate.objectives.count() == plan.objectives.count()
    assert rows["units"] == plan.units.count()
    assert rows["human_capital.cessations"] == plan.cessations.count()
    assert event.details["source"] == "prova.json"


def test_a_refused_import_writes_no_audit_row(casorate):
    document = json.loads(export_plan_json(casorate, audience=Audience.BACKUP))
    document["objectives"][0]["weight"] = "molto"
    before = AuditEvent.objects.count()
    with pytest.raises(ImportProblem):
        import_plan(document, slug="copia-rifiutata")
    assert AuditEvent.objects.count() == before


def test_the_import_command_writes_the_audit_row(casorate, tmp_path):
    path = tmp_path / "piano.json"
    path.write_text(export_plan_json(casorate, audience=Audience.BACKUP), encoding="utf-8")
    call_command("import_plan", str(path), "--ente", "copia-comando", stdout=StringIO())
    event = _events(action=Action.PLAN_IMPORTED, organization__slug="copia-comando").get()
    assert event.user is None and event.details["source"] == "manage.py import_plan piano.json"
