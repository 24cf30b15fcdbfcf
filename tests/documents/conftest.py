"""A small plan that passes the checks of the documents and performance modules."""

import pytest

from openpiao.plans.models import Plan
from tests import factories


@pytest.fixture
def clean_plan(db) -> Plan:
    return factories.clean_plan()


@pytest.fixture
def own_checks_only(monkeypatch):
    """Adoption tests exercise the mechanics with the checks of this app and of 2.2 only; the
    other apps test their own readiness items in their suites."""
    from openpiao.documents import readiness
    from openpiao.performance import readiness as performance_readiness

    monkeypatch.setattr(
        readiness, "READINESS_CHECKS", [readiness.readiness_items, performance_readiness.readiness_items]
    )
