"""The demo loads, and loads again (make demo on an existing database resets the two comuni)."""

from openpiao.demo.loader import load_demo
from openpiao.organizations.models import Organization


def test_demo_reloads_over_itself(db):
    load_demo()
    load_demo()
    assert set(Organization.objects.values_list("slug", flat=True)) >= {"casorate-primo", "albizzate"}


def test_demo_reloads_over_an_adopted_demo_plan(casorate):
    """Someone tried adoption on the demo: `make demo` still resets the two comuni."""
    from datetime import date

    from openpiao.documents.models import PlanVersion

    PlanVersion.objects.create(
        organization=casorate.organization,
        plan=casorate,
        number=1,
        resolution_number="5",
        resolution_date=date(2024, 1, 30),
    )
    load_demo()
    assert not PlanVersion.objects.exists()
    assert Organization.objects.filter(slug="casorate-primo").exists()
