"""The scorecard and the readiness are cached per plan (core.caching) until the ente's next audited
write: a value entered through the page changes the score at once, and a page served from the
cache asks the database fewer queries."""

import re
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core.caching import Prefetched, data_stamp, forget_local
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
        forget_local()
        with CaptureQueriesContext(connection) as computed, django_capture_on_commit_callbacks(execute=True):
            assert secretary_client.get(page).status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert secretary_client.get(page).status_code == 200
        assert len(cached) < len(computed), f"{page}: {len(computed)} → {len(cached)} query"


def test_a_page_read_from_the_shared_cache_is_the_page_computed(
    secretary_client,
    casorate,
    sample,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Another process (nothing in its own memory) reads the scorecard from the shared cache,
    its prefetched rows as plain lists, and shows the same page in fewer queries."""
    readiness = reverse("documents:readiness", args=[casorate.organization.slug, casorate.first_year])
    for page in (url(casorate, "dashboard"), url(casorate, "scores"), url(casorate, "people"), readiness):
        cache.clear()
        forget_local()
        with CaptureQueriesContext(connection) as computed, django_capture_on_commit_callbacks(execute=True):
            first = secretary_client.get(page)
        forget_local()
        with CaptureQueriesContext(connection) as shared:
            again = secretary_client.get(page)
        assert again.status_code == 200
        a, b = _without_token(again.content), _without_token(first.content)
        i = next((n for n in range(min(len(a), len(b))) if a[n] != b[n]), None)
        assert a == b, (page, a[i - 80 : i + 80] if i else a[-100:], b[i - 80 : i + 80] if i else b[-100:])
        assert len(shared) < len(computed), f"{page}: {len(computed)} → {len(shared)} query"


def _without_token(content: bytes) -> bytes:
    """The page without its CSRF tokens (new for every response)."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'"X-CSRFToken": "[^"]+"', b"", content)


def test_prefetched_rows_from_the_cache_answer_what_pages_ask():
    rows = Prefetched([1, 2])
    assert rows.all() is rows and rows.count() == 2 and rows.exists()
    assert rows.first() == 1 and rows.last() == 2
    assert not Prefetched().exists() and Prefetched().first() is None
    try:
        rows.filter(pk=1)
    except AttributeError as error:
        assert "query them again" in str(error)
    else:
        raise AssertionError("a filter on cached rows must not pass unnoticed")


def test_each_request_gets_its_own_scorecard(casorate, django_capture_on_commit_callbacks):
    """The worker's cached scorecard is shared by its requests: each one gets a copy that holds
    its own plan, never one another request changed."""
    from openpiao.evaluation import selectors
    from openpiao.plans.models import Plan

    first_plan = Plan.objects.get(pk=casorate.pk)
    with django_capture_on_commit_callbacks(execute=True):
        first = selectors.scorecard(first_plan)
    second_plan = Plan.objects.get(pk=casorate.pk)
    second = selectors.scorecard(second_plan)  # from this process's memory
    assert second.plan is second_plan and first.plan is first_plan
