"""The demo loads, and loads again (make demo on an existing database resets the two comuni)."""

from openpiao.demo.loader import load_demo
from openpiao.organizations.models import Organization


def test_demo_reloads_over_itself(db):
    load_demo()
    load_demo()
    assert set(Organization.objects.values_list("slug", flat=True)) >= {"casorate-primo", "albizzate"}
