"""A small plan that passes the checks of the documents and performance modules."""

from datetime import date
from decimal import Decimal

import pytest

from openpiao.documents.models import SectionText
from openpiao.organizations.models import Organization, YearlyFigures
from openpiao.plans.models import Plan
from tests import factories

# Sections that a plan without the other apps' data fills with the ente's own text.
TEXT_SECTIONS = ["2.2.2", "2.3", "3.2", "3.3", "3.3.4"]


@pytest.fixture
def clean_plan(db) -> Plan:
    organization = Organization.objects.create(
        slug="comune-di-prova",
        name="Comune di Prova",
        province="PV",
        tax_code="00468580188",
        address="Piazza del Municipio 1",
        pec="protocollo@pec.comune.prova.it",
        head_name="Maria Rossi",
    )
    YearlyFigures.objects.create(organization=organization, year=2024, inhabitants=3200, employees=1)
    plan = Plan.objects.create(organization=organization, first_year=2025, reference_year=2025)
    unit = factories.unit(plan, code="amministrativo", name="Servizio amministrativo")
    objective = factories.objective(plan, unit, title="Sportello telematico", weight=Decimal(100))
    objective.participations.first().employee.__class__.objects.filter(plan=plan).update(
        start_date=date(2020, 1, 1)
    )
    for code in TEXT_SECTIONS:
        SectionText.objects.create(plan=plan, section=code, body=f"Testo dell'ente per la sezione {code}.")
    return plan


@pytest.fixture
def own_checks_only(monkeypatch):
    """Adoption tests exercise the mechanics with the checks of this app and of 2.2 only; the
    other apps test their own readiness items in their suites."""
    from openpiao.documents import readiness
    from openpiao.performance import readiness as performance_readiness

    monkeypatch.setattr(
        readiness, "READINESS_CHECKS", [readiness.readiness_items, performance_readiness.readiness_items]
    )
