"""Shared fixtures. Tests run against a real database (SQLite or PostgreSQL by DATABASE_URL)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from openpiao.core.caching import forget_local
from openpiao.demo.loader import load_demo
from openpiao.organizations.models import Membership, Organization
from openpiao.plans.models import Plan
from tests import factories
from tests.migrated import migrated_from_nothing


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo comuni once per test database; each test then runs in a transaction."""
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def casorate(db) -> Plan:
    return Plan.objects.select_related("organization").get(
        organization__slug="casorate-primo", first_year=2024
    )


@pytest.fixture
def albizzate(db) -> Plan:
    return Plan.objects.select_related("organization").get(organization__slug="albizzate", first_year=2023)


@pytest.fixture
def casorate_rows(casorate) -> dict:
    """One row of each kind a URL names by id, in Casorate's plan (tests/crawl.py ARGUMENTS)."""
    return factories.one_row_of_each_kind(casorate)


@pytest.fixture
def make_member(db):
    """A user with one role in one ente."""

    def make(organization: Organization, role: str, username: str | None = None):
        username = username or f"{role}-{organization.slug}"
        user = get_user_model().objects.create_user(username=username, password="x-test-password-1")
        Membership.objects.create(user=user, organization=organization, role=role)
        return user

    return make


@pytest.fixture
def secretary_client(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "secretary"))
    return client


def pytest_terminal_summary(terminalreporter):
    """The counts of the hostile import corpus (tests/documents/test_hostile_imports.py), when it ran."""
    outcomes = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "hostile_import"
    ]
    if outcomes:
        counts = {kind: outcomes.count(kind) for kind in sorted(set(outcomes))}
        terminalreporter.write_sep("-", "hostile import corpus")
        terminalreporter.write_line(
            f"tried {len(outcomes)}: "
            + ", ".join(f"{kind} {count}" for kind, count in counts.items())
            + f"; crashed {counts.get('crashed', 0)}, saved wrongly {counts.get('saved wrongly', 0)}"
        )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test gives its ids and data stamps
    again to the next (core.caching keys results by them)."""
    cache.clear()
    forget_local()


@pytest.fixture
def migrated(tmp_path_factory, worker_id) -> dict:
    """Every migration applied to a new database (tests/migrated.py), once per run: under xdist
    the workers share the base temporary folder's parent."""
    shared = None if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    built = migrated_from_nothing(shared)
    assert "error" not in built, built.get("error")
    return built
