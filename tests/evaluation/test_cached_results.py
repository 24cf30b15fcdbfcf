"""The scorecard and the readiness are cached per plan (core.caching) until the ente's next audited
write: a value entered through the page changes the score at once, and a page served from the
cache asks the database fewer queries."""

import dataclasses
import pickle
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpiao.core import caching
from openpiao.core.caching import NotPlain, data_stamp, forget_local
from openpiao.evaluation import plain, selectors
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
    o1, unit, person = sample["objectives"][0], sample["units"][0], sample["people"][1]
    for page in (
        url(casorate, "dashboard"),
        url(casorate, "scores"),
        url(casorate, "people"),
        url(casorate, "bonus"),
        url(casorate, "objective", o1.pk),
        url(casorate, "unit", unit.pk),
        url(casorate, "person", person.pk),
        readiness,
    ):
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


PLAIN_LEAVES = (str, int, bool, Decimal, date, datetime, type(None))


def _walk(value, path="result"):
    """Every value held by a cached result, with where it sits; a leaf must be a plain value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, list | tuple | set | frozenset):
        for n, item in enumerate(value):
            yield from _walk(item, f"{path}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, f"{path} key")
            yield from _walk(item, f"{path}[{key!r}]")
    else:
        yield path, value


@pytest.fixture
def stored(monkeypatch):
    """What core.caching puts in the shared cache, by result name, read back as another
    process would."""
    kept = {}
    dumps = caching.dumps

    def recording(result):
        data = dumps(result)
        kept[type(result).__name__] = pickle.loads(data)
        return data

    monkeypatch.setattr(caching, "dumps", recording)
    return kept


def test_the_cached_scorecard_and_readiness_hold_only_plain_values(
    secretary_client,
    casorate,
    sample,  # noqa: F811
    stored,
    django_capture_on_commit_callbacks,
):
    cache.clear()
    forget_local()
    readiness = reverse("documents:readiness", args=[casorate.organization.slug, casorate.first_year])
    with django_capture_on_commit_callbacks(execute=True):
        assert secretary_client.get(url(casorate, "dashboard")).status_code == 200
        assert secretary_client.get(readiness).status_code == 200
    card, report = stored["Scorecard"], stored["ReadinessReport"]
    assert card.plan is None and card.system is None  # each request brings its own
    assert card.objectives and card.units
    for result in (card, report):
        odd = [(where, type(v).__name__) for where, v in _walk(result) if not isinstance(v, PLAIN_LEAVES)]
        assert not odd, odd[:5]
    first = next(r for r in card.objectives if r.current and r.current.indicators)
    assert isinstance(first.objective, plain.PlainObjective)
    assert isinstance(first.current.review, plain.PlainReview)
    assert isinstance(first.current.indicators[0].value, plain.PlainReviewValue)
    assert first.objective.indicators.all() == first.objective.indicators  # as a prefetched relation


def test_a_result_holding_a_model_instance_is_refused_by_the_cache(casorate):
    with pytest.raises(NotPlain, match="Plan in a cached result"):
        caching.dumps({"plan": casorate})


def test_plain_rows_answer_what_pages_ask_of_a_relation():
    rows = plain.Rows([1, 2])
    assert rows.all() is rows and rows.count() == 2 and rows.exists()
    assert rows.first() == 1 and rows.last() == 2
    assert not plain.Rows().exists() and plain.Rows().first() is None
    with pytest.raises(AttributeError):
        rows.filter(pk=1)  # a query on cached rows must not pass unnoticed


def test_the_scorecard_from_another_process_has_the_figures_computed(
    casorate,
    sample,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Read back from the shared cache (this process's copies forgotten), the scorecard holds
    the scores, the working and the rows computed, in 1 query for the stamp and 3 for the
    evaluation system."""
    cache.clear()
    forget_local()
    with django_capture_on_commit_callbacks(execute=True):
        computed = selectors.scorecard(casorate)
    forget_local()
    with CaptureQueriesContext(connection) as queries:
        shared = selectors.scorecard(casorate)
        shared.system  # noqa: B018 (loaded with the card)
    assert len(queries) <= 4
    assert shared is not computed and shared.plan is casorate
    assert shared.system.pk == computed.system.pk
    assert dataclasses.replace(shared, system=None) == dataclasses.replace(computed, system=None)
    assert shared.organization_score.steps  # the working is kept


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


def test_an_objective_s_reviews_are_read_back_only_when_a_page_shows_them(
    casorate,
    sample,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Pages that count every objective (scores, statuses, whether the year is closed) read
    the scorecard without unpickling the reviews' indicators, phases and working."""
    cache.clear()
    forget_local()
    with django_capture_on_commit_callbacks(execute=True):
        computed = selectors.scorecard(casorate)
    forget_local()
    card = selectors.scorecard(casorate)
    reviewed = next(r for r in card.objectives if r.objective.pk == sample["objectives"][0].pk)
    figures = [(r.score, r.status.code, r.prerequisite, r.has_final) for r in card.objectives]
    assert card.is_final is False and card.unit_scores
    assert not any("intermediate" in vars(r) for r in card.objectives)
    assert reviewed.current.review.causes == "Ritardo della software house"  # read back now
    assert "intermediate" in vars(reviewed)
    assert figures == [(r.score, r.status.code, r.prerequisite, r.has_final) for r in computed.objectives]
    assert reviewed.score == reviewed.current.score.value is not None
