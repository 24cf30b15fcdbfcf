"""The scorecard and the readiness are cached per plan (core.caching) until the ente's next audited
write: a value entered through the page changes the score at once, and a page served from the
cache asks the database fewer queries."""

from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.caching import data_stamp
from openpiao.evaluation.models import Review
from tests.page_forms import page_form

from .test_pages import sample, url  # noqa: F401 (the fixture)


def _objective_score(client, plan, objective):
    response = client.get(url(plan, "dashboard"))
    assert response.status_code == 200
    return next(r.score for r in response.context["card"].objectives if r.objective.pk == objective.pk)


def test_a_value_entered_through_the_page_changes_the_cached_score(
    secretary_client,
    casorate,
    sample,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    objective = sample["objectives"][0]
    with django_capture_on_commit_callbacks(execute=True):
        before = _objective_score(secretary_client, casorate, objective)
    assert before == _objective_score(secretary_client, casorate, objective)  # from the cache
    stamp = data_stamp(casorate.organization_id)

    edit = url(casorate, "review_edit", objective.pk, "intermedia")
    number = objective.indicators.get(order=1)
    data = page_form(secretary_client.get(edit), **{f"ind{number.pk}-number": "1100"})
    with django_capture_on_commit_callbacks(execute=True):
        assert secretary_client.post(edit, data).status_code == 302
    assert Review.objects.get(objective=objective).values.get(indicator=number).number == Decimal(1100)
    assert data_stamp(casorate.organization_id) > stamp

    after = _objective_score(secretary_client, casorate, objective)
    assert after > before


def test_pages_served_from_the_cache_ask_fewer_queries(
    secretary_client,
    casorate,
    sample,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    readiness = reverse("documents:readiness", args=[casorate.organization.slug, casorate.first_year])
    for page in (url(casorate, "dashboard"), url(casorate, "scores"), readiness):
        cache.clear()  # the dashboard and the scores page share the plan's scorecard
        with CaptureQueriesContext(connection) as computed, django_capture_on_commit_callbacks(execute=True):
            assert secretary_client.get(page).status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert secretary_client.get(page).status_code == 200
        assert len(cached) < len(computed), f"{page}: {len(computed)} → {len(cached)} query"
