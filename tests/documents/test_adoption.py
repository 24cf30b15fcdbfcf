"""Adoption: refused while blocking items remain, atomic, audited; frozen versions never change."""

import hashlib
import json
from datetime import date

import pytest
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.locking import StaleEdit
from openpiao.core.models import AuditEvent
from openpiao.documents.models import PlanVersion
from openpiao.documents.services import (
    AdoptionRefused,
    adopt_plan,
    mark_published,
    reopen_plan,
    save_section_text,
)
from openpiao.performance.models import Objective
from openpiao.plans.models import Plan, PlanStatus


def _adopt(plan, user=None, number="7", day=date(2025, 1, 28)):
    return adopt_plan(
        plan=plan, resolution_number=number, resolution_date=day, expected_version=plan.version, user=user
    )


def test_adoption_is_refused_while_blocking_items_remain(casorate, make_member):
    user = make_member(casorate.organization, "secretary")
    with pytest.raises(AdoptionRefused, match="problem"):
        _adopt(casorate, user, day=date(2024, 3, 28))
    casorate.refresh_from_db()
    assert casorate.status == PlanStatus.DRAFT and not casorate.resolution_number
    assert not PlanVersion.objects.filter(plan=casorate).exists()
    adopted = AuditEvent.objects.filter(action=Action.PLAN_ADOPTED, organization=casorate.organization)
    assert not adopted.exists()


def test_adoption_page_shows_the_refusal_in_italian(secretary_client, casorate):
    url = reverse("documents:adopt", args=["casorate-primo", 2024])
    response = secretary_client.post(
        url,
        {"resolution_number": "12", "resolution_date": "2024-03-28", "expected_version": casorate.version},
    )
    assert response.status_code == 200
    assert "Il piano non può essere adottato: la verifica segnala" in response.content.decode()
    casorate.refresh_from_db()
    assert casorate.status == PlanStatus.DRAFT


def test_adoption_freezes_a_version_that_never_changes(clean_plan, own_checks_only, make_member):
    user = make_member(clean_plan.organization, "secretary")
    version = _adopt(clean_plan, user)
    plan = Plan.objects.get(pk=clean_plan.pk)
    assert plan.status == PlanStatus.ADOPTED
    assert (plan.resolution_number, plan.resolution_date) == ("7", date(2025, 1, 28))
    assert version.number == 1
    stored = PlanVersion.objects.get(pk=version.pk)
    pdf, docx, data = stored.pdf.read(), stored.docx.read(), stored.data.read()
    assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")
    assert stored.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert stored.docx_sha256 == hashlib.sha256(docx).hexdigest()
    assert stored.json_sha256 == hashlib.sha256(data).hexdigest()
    assert json.loads(data)["plan"]["resolution_number"] == "7"
    event = AuditEvent.objects.get(action=Action.PLAN_ADOPTED, organization=plan.organization)
    assert event.details["pdf_sha256"] == stored.pdf_sha256 and event.user == user

    # Amend: reopen, change the data, adopt again → version 2; version 1 is untouched.
    plan = reopen_plan(plan=plan, reason="aggiornamento", expected_version=plan.version, user=user)
    assert plan.status == PlanStatus.DRAFT
    Objective.objects.filter(plan=plan).update(title="Sportello telematico rinnovato")
    second = _adopt(Plan.objects.get(pk=plan.pk), user, number="21", day=date(2025, 6, 30))
    assert second.number == 2
    first = PlanVersion.objects.get(pk=version.pk)
    assert (first.pdf.read(), first.docx.read(), first.data.read()) == (pdf, docx, data)
    assert "rinnovato" not in data.decode() and "rinnovato" in second.data.read().decode()
    assert first.resolution_number == "7" and second.resolution_number == "21"


def test_adoption_is_refused_on_a_stale_form(clean_plan, own_checks_only):
    stale = clean_plan.version
    Plan.objects.filter(pk=clean_plan.pk).update(version=stale + 1)
    with pytest.raises(StaleEdit):
        adopt_plan(
            plan=clean_plan,
            resolution_number="7",
            resolution_date=date(2025, 1, 28),
            expected_version=stale,
            user=None,
        )
    assert not PlanVersion.objects.filter(plan=clean_plan).exists()


def test_an_adopted_plan_refuses_a_second_adoption_and_can_be_published(clean_plan, own_checks_only):
    _adopt(clean_plan)
    plan = Plan.objects.get(pk=clean_plan.pk)
    with pytest.raises(AdoptionRefused, match="già adottato"):
        _adopt(plan)
    plan = mark_published(plan=plan, expected_version=plan.version, user=None)
    assert plan.status == PlanStatus.PUBLISHED


def test_adoption_date_is_checked_next_to_the_field(client, clean_plan, make_member):
    client.force_login(make_member(clean_plan.organization, "secretary"))
    url = reverse("documents:adopt", args=["comune-di-prova", 2025])
    response = client.post(
        url,
        {"resolution_number": "7", "resolution_date": "2020-01-01", "expected_version": clean_plan.version},
    )
    assert "non può precedere il 01/01/2024" in response.content.decode()
    assert not PlanVersion.objects.filter(plan=clean_plan).exists()


def test_a_change_made_while_printing_records_nothing(clean_plan, own_checks_only, monkeypatch):
    """Printing takes seconds outside the transaction: an edit saved meanwhile (simulated here by
    saving it right after the DOCX is printed) must make the adoption fail rather than freeze
    documents that no longer match the data."""
    from openpiao.documents import services

    real_render = services.render_docx

    def render_then_someone_edits(document):
        content = real_render(document)
        Objective.objects.filter(plan=clean_plan).update(title="Titolo cambiato da un collega")
        return content

    monkeypatch.setattr(services, "render_docx", render_then_someone_edits)
    with pytest.raises(StaleEdit, match="cambiati mentre si stampava"):
        _adopt(clean_plan)
    plan = Plan.objects.get(pk=clean_plan.pk)
    assert plan.status == PlanStatus.DRAFT and not PlanVersion.objects.filter(plan=plan).exists()


def test_the_adoption_page_checks_the_plan_once(
    client, clean_plan, own_checks_only, make_member, monkeypatch
):
    """The readiness check queries every app: a successful adoption runs it once in the request
    (to refuse next to the form before anything is queued) and once in the worker (adopt_plan:
    the plan may have changed meanwhile), not once more for a page it does not show."""
    from openpiao.documents import readiness

    calls = []
    real_collect = readiness.collect
    monkeypatch.setattr(readiness, "collect", lambda plan: calls.append(plan.pk) or real_collect(plan))
    client.force_login(make_member(clean_plan.organization, "secretary"))
    url = reverse("documents:adopt", args=["comune-di-prova", 2025])
    response = client.post(
        url,
        {"resolution_number": "7", "resolution_date": "2025-01-28", "expected_version": clean_plan.version},
    )
    assert response.status_code == 302
    assert PlanVersion.objects.filter(plan=clean_plan).count() == 1
    assert calls == [clean_plan.pk, clean_plan.pk]


def test_deleting_the_user_who_adopted_keeps_its_name_on_the_version_and_the_log(
    clean_plan, own_checks_only, make_member
):
    user = make_member(clean_plan.organization, "secretary", username="mrossi")
    user.first_name, user.last_name = "Mario", "Rossi"
    user.save()
    version = _adopt(clean_plan, user)
    user.delete()
    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.created_by is None and stored.adopted_by_name == "Mario Rossi (mrossi)"
    event = AuditEvent.objects.get(action=Action.PLAN_ADOPTED, organization=clean_plan.organization)
    assert event.user is None and event.user_name == "Mario Rossi (mrossi)"


def test_deleting_an_ente_keeps_its_audit_rows(clean_plan, make_member):
    user = make_member(clean_plan.organization, "secretary")
    save_section_text(plan=clean_plan, section="2.3", body="Nuovo testo.", expected_version=1, user=user)
    logged = AuditEvent.objects.filter(organization=clean_plan.organization)
    events = list(logged.values_list("pk", flat=True))
    assert events
    clean_plan.organization.delete()
    kept = AuditEvent.objects.filter(pk__in=events)
    assert kept.count() == len(events)
    assert {(e.organization_id, e.organization_name, e.user_name) for e in kept} == {
        (None, "Comune di Prova", "secretary-comune-di-prova")
    }


def test_existing_rows_get_the_names_from_the_data_migrations(clean_plan, own_checks_only, make_member):
    """Rows written before the names were kept get them from the data migrations."""
    from importlib import import_module

    from django.apps import apps

    user = make_member(clean_plan.organization, "secretary", username="mrossi")
    version = _adopt(clean_plan, user)
    AuditEvent.objects.update(user_name="", organization_name="")
    PlanVersion._base_manager.filter(pk=version.pk).update(adopted_by_name="")
    import_module("openpiao.core.migrations.0004_fill_audit_names").fill_names(apps, None)
    import_module("openpiao.documents.migrations.0004_fill_adopted_by_name").fill_names(apps, None)
    assert PlanVersion.objects.get(pk=version.pk).adopted_by_name == "mrossi"
    event = AuditEvent.objects.get(action=Action.PLAN_ADOPTED, organization=clean_plan.organization)
    assert (event.user_name, event.organization_name) == ("mrossi", "Comune di Prova")


def test_the_frozen_version_holds_no_special_categories(clean_plan, own_checks_only):
    """The frozen JSON is the open-data document: no smart-working agreement by person."""
    import io
    import zipfile

    from openpiao.human_capital.models import SmartWorkingAgreement

    employee = clean_plan.employees.first()
    SmartWorkingAgreement.objects.create(
        plan=clean_plan,
        employee=employee,
        requested_on=date(2025, 1, 8),
        remote_days=3,
        priority="fragile",
        presence_derogation=True,
        derogation_reason="Grave patologia documentata",
    )
    version = _adopt(clean_plan)
    data = version.data.read().decode()
    assert json.loads(data)["audience"] == "public"
    assert "fragile" not in data and "Grave patologia" not in data and '"priority"' not in data
    docx = zipfile.ZipFile(io.BytesIO(version.docx.read())).read("word/document.xml").decode()
    assert "Grave patologia" not in docx and "fragile" not in docx.lower()


def test_adoption_freezes_a_docx_whatever_text_is_stored(clean_plan, own_checks_only, make_member):
    """Adoption prints the DOCX it freezes: a vertical tab stored in a text made it answer 500."""
    from io import BytesIO

    from docx import Document as WordDocument

    from openpiao.documents.models import SectionText

    SectionText.objects.filter(plan=clean_plan, section="2.3").update(body="Riga\x0bda Word\x01 fine")
    _adopt(clean_plan, make_member(clean_plan.organization, "secretary"))
    frozen = WordDocument(BytesIO(PlanVersion.objects.get(plan=clean_plan).docx.read()))
    assert "Riga\nda Word fine" in "\n".join(p.text for p in frozen.paragraphs)
