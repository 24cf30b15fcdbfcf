"""Entering reviews: unit-scoped permissions, validation by the Nucleo, revisions, audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from openpiao.core.audit import Action
from openpiao.core.models import AuditEvent
from openpiao.evaluation import services
from openpiao.evaluation.models import Review, ReviewPhase, ReviewValue, ValidatedReviewError
from tests.page_forms import page_form

D = Decimal


def url(plan, name, *args):
    return reverse(f"evaluation:{name}", args=[plan.organization.slug, plan.first_year, *args])


@pytest.fixture
def two_units(build):
    own, other = build.unit(name="Servizio Amministrativo"), build.unit(name="Polizia Locale")
    spec = {
        "indicators": [("number", "ge", "1100"), ("deadline", "ge", "Entro 15/05/2024")],
        "phases": [[4, 5, 6]],
    }
    return (
        own,
        other,
        build.objective(own, weight=D(100), **spec),
        build.objective(other, weight=D(100), **spec),
    )


def review_form(
    client,
    objective,
    kind="intermedia",
    *,
    day="2024-07-31",
    number="640",
    done_on="",
    months=(4, 5, 6),
    completed=True,
    **changes,
):
    """The review page's form as the browser posts it, after the user typed these values."""
    response = client.get(url(objective.plan, "review_edit", objective.pk, kind))
    assert response.status_code == 200
    indicators = list(objective.indicators.order_by("order"))
    phase = objective.phases.get()
    data = page_form(
        response,
        **{
            "verifica-reference_date": day,
            "verifica-causes": "Ritardo nella consegna dei dispositivi",
            "verifica-actions_taken": "Sollecito al fornitore",
            f"ind{indicators[0].pk}-number": number,
            f"ind{indicators[1].pk}-done_on": done_on,
            f"fase{phase.pk}-actual_months": [str(m) for m in months],
            f"fase{phase.pk}-completed": "on",
        },
        **changes,
    )
    if not completed:
        del data[f"fase{phase.pk}-completed"]  # the box left unticked is not posted
    return data


@pytest.fixture
def unit_head(client, casorate, make_member, two_units):
    own = two_units[0]
    user = make_member(casorate.organization, "unit_head", username="resp-amministrativo")
    own.editors.add(user)
    client.force_login(user)
    return user


def test_unit_head_enters_values_for_its_unit(client, casorate, two_units, unit_head):
    objective = two_units[2]
    data = review_form(client, objective)
    response = client.post(url(casorate, "review_edit", objective.pk, "intermedia"), data)
    assert response.status_code == 302
    review = Review.objects.get(objective=objective)
    assert review.kind == "intermediate" and review.entered_by == unit_head
    assert ReviewValue.objects.get(review=review, indicator__order=1).number == D(640)
    assert ReviewPhase.objects.get(review=review).completed
    assert AuditEvent.objects.filter(action=Action.REVIEW_CREATED, object_id=str(review.pk)).exists()


def test_unit_head_cannot_enter_values_for_another_unit(client, casorate, make_member, two_units, unit_head):
    other_objective = two_units[3]
    target = url(casorate, "review_edit", other_objective.pk, "intermedia")
    assert client.get(target).status_code == 403
    # The form as the page shows it to whom may use it, posted by the other unit's head.
    secretary = Client()
    secretary.force_login(make_member(casorate.organization, "secretary", username="segr-form"))
    assert client.post(target, review_form(secretary, other_objective)).status_code == 403
    assert not Review.objects.filter(objective=other_objective).exists()


@pytest.mark.parametrize("role, allowed", [("reader", False), ("evaluator", False), ("secretary", True)])
def test_who_enters_reviews(client, casorate, make_member, two_units, role, allowed):
    objective = two_units[3]
    secretary = Client()
    secretary.force_login(make_member(casorate.organization, "secretary", username="segr-form"))
    data = review_form(secretary, objective, "finale", day="2025-01-31")
    client.force_login(make_member(casorate.organization, role))
    response = client.post(url(casorate, "review_edit", objective.pk, "finale"), data)
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize(
    "changes, field_error",
    [
        ({"number": "mille"}, "number"),
        ({"done_on": "2024-08-15"}, "done_on"),  # after the review date
        ({"months": (4, 5, 6, 8), "completed": False}, "actual_months"),  # a month after the review
        ({"day": "2023-12-31"}, "reference_date"),
        ({"day": "2025-01-10"}, "reference_date"),  # an intermediate review falls within the year
    ],
)
def test_bad_input_saves_nothing(client, casorate, two_units, unit_head, changes, field_error):
    objective = two_units[2]
    response = client.post(
        url(casorate, "review_edit", objective.pk, "intermedia"), review_form(client, objective, **changes)
    )
    assert response.status_code == 200
    assert not Review.objects.filter(objective=objective).exists()
    html = response.content.decode()
    assert "is-invalid" in html
    assert any(
        field_error in name
        for form in [
            response.context["form"],
            *response.context["value_forms"],
            *response.context["phase_forms"],
        ]
        for name in form.errors
    )


def test_italian_numbers_are_accepted(client, casorate, two_units, unit_head):
    objective = two_units[2]
    client.post(
        url(casorate, "review_edit", objective.pk, "intermedia"),
        review_form(client, objective, number="1.100,5"),
    )
    assert ReviewValue.objects.get(indicator__order=1, review__objective=objective).number == D("1100.5")


def test_stale_edit_is_refused(client, casorate, two_units, unit_head):
    objective = two_units[2]
    client.post(url(casorate, "review_edit", objective.pk, "intermedia"), review_form(client, objective))
    review = Review.objects.get(objective=objective)
    stale = review_form(client, objective, number="700")
    assert stale["verifica-expected_version"] == str(review.version)
    Review.objects.filter(pk=review.pk).update(version=review.version + 1)  # someone else saved meanwhile
    response = client.post(url(casorate, "review_edit", objective.pk, "intermedia"), stale)
    assert response.status_code == 200
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert ReviewValue.objects.get(review=review, indicator__order=1).number == D(640)


def test_two_users_creating_the_same_review_get_the_conflict(client, casorate, two_units, unit_head):
    """Both opened the empty form (version 0); the second to save is told someone else did."""
    objective = two_units[2]
    target = url(casorate, "review_edit", objective.pk, "intermedia")
    first, second = review_form(client, objective), review_form(client, objective, number="700")
    assert first["verifica-expected_version"] == second["verifica-expected_version"] == "0"
    client.post(target, first)
    response = client.post(target, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Qualcun altro ha modificato" in html and "obbligatorio" not in html
    assert ReviewValue.objects.get(review__objective=objective, indicator__order=1).number == D(640)


def test_the_final_review_starts_from_the_intermediate_one(client, casorate, two_units, unit_head):
    """The verifica finale of an objective opens with what the verifica intermedia recorded and
    still holds (prefill.py), dated at the end of the plan's year; posted as it opens, the phase
    concluded in June keeps its 100% on timing instead of scoring 0%."""
    from openpiao.evaluation import selectors

    objective = two_units[2]
    indicators = list(objective.indicators.order_by("order"))
    phase = objective.phases.get()
    intermediate = review_form(client, objective, done_on="2024-05-16", **{"verifica-effects": "Attese"})
    assert (
        client.post(url(casorate, "review_edit", objective.pk, "intermedia"), intermediate).status_code == 302
    )

    response = client.get(url(casorate, "review_edit", objective.pk, "finale"))
    final = page_form(response)
    assert final[f"fase{phase.pk}-actual_months"] == ["4", "5", "6"]
    assert final[f"fase{phase.pk}-completed"] == "on"
    assert final["verifica-reference_date"] == "2024-12-31"
    assert final[f"ind{indicators[1].pk}-done_on"] == "2024-05-16"  # a completion stays
    # (a textarea's first newline is markup: browsers drop it, as Django's CharField does)
    assert final["verifica-causes"].strip() == "Ritardo nella consegna dei dispositivi"
    assert final["verifica-actions_taken"].strip() == "Sollecito al fornitore"
    # Measured again at the year's end: the July figure is shown, not carried.
    assert not final.get(f"ind{indicators[0].pk}-number")
    assert final["verifica-effects"].strip() == ""
    html = response.content.decode()
    assert "Alla verifica intermedia del 31/07/2024: <strong>640</strong>" in html
    assert "Alla verifica intermedia: Attese" in html

    assert client.post(url(casorate, "review_edit", objective.pk, "finale"), final).status_code == 302
    review = Review.objects.get(objective=objective, kind="final")
    assert review.reference_date == date(2024, 12, 31)
    progress = review.phase_progress.get()
    assert (progress.actual_months, progress.completed) == ([4, 5, 6], True)
    result = selectors.scorecard(casorate).objective(objective.pk)
    assert result.final.phases[0].score.value == D(100)
    assert result.final.time_mean.value == D(100)


def test_a_new_intermediate_review_is_dated_within_the_plans_year(client, casorate, two_units, unit_head):
    objective = two_units[2]
    form = page_form(client.get(url(casorate, "review_edit", objective.pk, "intermedia")))
    assert form["verifica-reference_date"] == "2024-07-31"
    assert form["verifica-causes"].strip() == ""
    assert f"fase{objective.phases.get().pk}-actual_months" not in form  # nothing ticked


def test_a_review_inserted_meanwhile_is_a_conflict_not_an_error(casorate, build, two_units, unit_head):
    """The narrowest race: the other insert lands after the page looked for the review."""
    from openpiao.core.forms import model_values
    from openpiao.core.locking import StaleEdit
    from openpiao.evaluation.forms import ReviewForm

    objective = two_units[2]
    fresh = Review(kind="intermediate", plan=casorate)
    form = ReviewForm({"verifica-reference_date": "2024-07-31"}, instance=fresh, prefix="verifica")
    assert form.is_valid()
    build.review(objective)  # someone else's insert
    with pytest.raises(StaleEdit):
        services.save_review(
            objective=objective,
            kind="intermediate",
            review=None,
            entry=services.ReviewEntry(values=model_values(form)),
            expected_version=0,
            user=unit_head,
        )
    assert Review.objects.filter(objective=objective).count() == 1


@pytest.fixture
def final_review(build, two_units):
    objective = two_units[2]
    return build.review(
        objective,
        kind="final",
        on=date(2025, 1, 31),
        values=[{"number": D(1000)}, {"done_on": date(2024, 5, 16)}],
        phases=[([4, 5, 6], True)],
    )


def test_nucleo_validates_the_final_review(client, casorate, make_member, final_review):
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-v")
    client.force_login(nucleo)
    response = client.post(
        url(casorate, "validate", final_review.pk), {"expected_version": final_review.version}
    )
    assert response.status_code == 302
    final_review.refresh_from_db()
    assert final_review.validated_by == nucleo and final_review.validated_at is not None
    assert AuditEvent.objects.filter(action=Action.REVIEW_VALIDATED).exists()


def test_a_validation_without_the_version_is_a_bad_request(client, casorate, make_member, final_review):
    client.force_login(make_member(casorate.organization, "evaluator", username="nucleo-400"))
    assert client.post(url(casorate, "validate", final_review.pk), {}).status_code == 400
    final_review.refresh_from_db()
    assert final_review.validated_at is None


def test_a_unit_head_cannot_validate(client, casorate, final_review, unit_head):
    response = client.post(
        url(casorate, "validate", final_review.pk), {"expected_version": final_review.version}
    )
    assert response.status_code == 403
    final_review.refresh_from_db()
    assert final_review.validated_at is None


def test_intermediate_reviews_are_not_validated(build, two_units, make_member, casorate):
    review = build.review(two_units[2])
    with pytest.raises(services.ReviewProblem):
        services.validate_review(
            review=review, user=make_member(casorate.organization, "evaluator"), expected_version=1
        )


def test_nobody_changes_a_validated_review_in_place(client, casorate, make_member, final_review, unit_head):
    objective = final_review.objective
    target = url(casorate, "review_edit", objective.pk, "finale")
    opened = review_form(client, objective, "finale", day="2025-01-31", number="1")  # before validation
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-w")
    services.validate_review(review=final_review, user=nucleo, expected_version=final_review.version)
    # Not through the page (the responsabile, and the segretario alike) …
    assert client.get(target).status_code == 302
    assert client.post(target, opened).status_code == 302
    client.force_login(make_member(casorate.organization, "secretary", username="segr-w"))
    client.post(target, opened)
    assert ReviewValue.objects.get(review=final_review, indicator__order=1).number == D(1000)
    # … nor through the models: the review and its rows refuse to save or delete.
    final_review.refresh_from_db()
    final_review.causes = "riscritto"
    with pytest.raises(ValidatedReviewError):
        final_review.save()
    value = ReviewValue.objects.get(review=final_review, indicator__order=1)
    value.number = D(1)
    with pytest.raises(ValidatedReviewError):
        value.save()
    with pytest.raises(ValidatedReviewError):
        value.delete()
    with pytest.raises(ValidatedReviewError):
        ReviewPhase(
            organization=casorate.organization, review=final_review, phase=objective.phases.get()
        ).save()
    with pytest.raises(ValidatedReviewError):
        final_review.delete()


def test_deleting_plan_content_never_takes_a_validated_review(
    casorate, make_member, final_review, build, two_units
):
    """An indicator, phase or objective cannot take away the figures the Nucleo validated;
    the rows of a review not yet validated go with what they measured."""
    from django.db.models import ProtectedError

    objective = final_review.objective
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-d")
    services.validate_review(review=final_review, user=nucleo, expected_version=final_review.version)
    for row in (objective.indicators.order_by("order").first(), objective.phases.get(), objective):
        with pytest.raises(ProtectedError) as refused:
            row.delete()
        assert {getattr(r, "review_id", r.pk) for r in refused.value.protected_objects} == {final_review.pk}
    assert final_review.values.count() == 2 and final_review.phase_progress.count() == 1
    other = two_units[3]
    intermediate = build.review(other, values=[{"number": D(500)}, None], phases=[([4], False)])
    other.indicators.order_by("order").first().delete()
    other.phases.get().delete()
    assert not intermediate.values.exists() and not intermediate.phase_progress.exists()
    other.delete()
    assert not Review.objects.filter(pk=intermediate.pk).exists()
    casorate.delete()  # the whole plan still goes, validated reviews included
    assert not Review.objects.filter(pk=final_review.pk).exists()


def test_pages_refuse_deleting_what_a_validated_review_measured(client, casorate, make_member, final_review):
    """The scheda's delete and part pages answer with a message, not an error 500; nothing goes."""
    from django.urls import reverse

    objective = final_review.objective
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-p")
    services.validate_review(review=final_review, user=nucleo, expected_version=final_review.version)
    client.force_login(make_member(casorate.organization, "secretary", username="segr-p"))
    args = ["casorate-primo", 2024, objective.pk]
    response = client.post(reverse("performance:objective_delete", args=args), follow=True)
    assert "una verifica validata dal Nucleo di valutazione usa questi dati" in response.content.decode()
    phase = objective.phases.get()
    objective.refresh_from_db()
    data = {
        "expected_version": objective.version,
        "fasi-TOTAL_FORMS": "1",
        "fasi-INITIAL_FORMS": "1",
        "fasi-0-id": phase.pk,
        "fasi-0-order": "1",
        "fasi-0-description": phase.description,
        "fasi-0-DELETE": "on",
    }
    response = client.post(reverse("performance:objective_part", args=[*args, "fasi"]), data)
    assert response.status_code == 200
    assert "una verifica validata dal Nucleo di valutazione usa questi dati" in response.content.decode()
    assert objective.phases.filter(pk=phase.pk).exists()
    assert type(objective).objects.filter(pk=objective.pk).exists()


def test_a_correction_is_a_new_logged_revision(client, casorate, make_member, final_review, unit_head):
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-r")
    services.validate_review(review=final_review, user=nucleo, expected_version=final_review.version)
    objective = final_review.objective
    response = client.post(url(casorate, "revision", final_review.pk), {"reason": ""})
    assert "Questo campo è obbligatorio" in response.content.decode()
    response = client.post(
        url(casorate, "revision", final_review.pk), {"reason": "Dato ANPR corretto a febbraio"}
    )
    assert response.status_code == 302
    revision = Review.objects.get(objective=objective, kind="final", revision=2)
    assert revision.supersedes == final_review and revision.validated_at is None
    assert ReviewValue.objects.get(review=revision, indicator__order=1).number == D(1000)
    data = review_form(client, objective, "finale", day="2025-02-15", number="1100", done_on="2024-05-16")
    assert data["verifica-expected_version"] == str(revision.version)
    assert client.post(url(casorate, "review_edit", objective.pk, "finale"), data).status_code == 302
    assert ReviewValue.objects.get(review=revision, indicator__order=1).number == D(1100)
    final_review.refresh_from_db()
    assert final_review.validated_at is not None  # the validated revision is untouched
    assert ReviewValue.objects.get(review=final_review, indicator__order=1).number == D(1000)
    event = AuditEvent.objects.get(action=Action.REVISION_OPENED)
    assert event.details["reason"] == "Dato ANPR corretto a febbraio"
    # The scores now read the new revision, pending a new validation.
    page = client.get(url(casorate, "objective", objective.pk)).content.decode()
    assert "revisione 2" in page and "da validare" in page
    with pytest.raises(services.ReviewProblem):  # only the latest revision can be revised
        services.open_revision(review=final_review, user=nucleo, reason="ancora")


def test_text_indicators_are_judged_before_validation(build, casorate, make_member, client):
    unit = build.unit()
    objective = build.objective(unit, indicators=[("text", "ge", "Relazione di fine mandato")])
    review = build.review(
        objective, kind="final", on=date(2025, 1, 20), values=[{"text": "Trasmessa il 10/5"}]
    )
    nucleo = make_member(casorate.organization, "evaluator", username="nucleo-t")
    with pytest.raises(services.ReviewProblem, match="giudizio"):
        services.validate_review(review=review, user=nucleo, expected_version=review.version)
    client.force_login(nucleo)
    value = review.values.get()
    stale = {f"g{value.pk}-judgement": "10", "expected_version": review.version - 1}
    assert (
        "Qualcun altro"
        in client.post(url(casorate, "judgements", review.pk), stale, follow=True).content.decode()
    )
    fresh = {f"g{value.pk}-judgement": "85", "expected_version": review.version}
    response = client.post(url(casorate, "judgements", review.pk), fresh)
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.judgement == D(85)
    review.refresh_from_db()
    services.validate_review(review=review, user=nucleo, expected_version=review.version)
