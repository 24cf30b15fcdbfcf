"""The values of a review (monitoraggio: verifica intermedia o finale), through the service and
the permission of the review page: the unit's editors enter them, also after adoption; a
review validated by the Nucleo is never changed (409)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router

from openpiao.evaluation import selectors, services
from openpiao.evaluation.models import Review, ReviewKind
from openpiao.evaluation.permissions import can_enter_review

from .access import plan_for, scope_for
from .schemas import ReviewIn, ReviewOut

router = Router(tags=["Monitoraggio"])
KINDS = {"intermedia": ReviewKind.INTERMEDIATE, "finale": ReviewKind.FINAL}
PATH = "/enti/{org}/piani/{year}/obiettivi/{objective_id}/verifiche/{kind}"


def review_out(review: Review) -> dict:
    return {
        **{f: getattr(review, f) for f in ("id", "version", "kind", "revision", "reference_date")},
        **{f: getattr(review, f) for f in Review.ENTERED if f != "reference_date"},
        "objective": review.objective_id,
        "validated": review.is_validated,
        "values": [
            {
                "indicator": v.indicator_id,
                **{f: getattr(v, f) for f in ("number", "flag", "done_on", "text", "note")},
            }
            for v in review.values.all()
        ],
    }


def _objective_and_kind(request, org, year, objective_id, kind):
    if kind not in KINDS:
        raise Http404("Tipo di verifica inesistente.")
    plan = plan_for(request, org, year)
    return plan, selectors.get_objective_for_review(plan, objective_id), KINDS[kind]


@router.get(PATH, response=ReviewOut, summary="La verifica corrente di un obiettivo")
def get_review(request, org: str, year: int, objective_id: int, kind: str):
    _, objective, review_kind = _objective_and_kind(request, org, year, objective_id, kind)
    review = selectors.current_review(objective, review_kind)
    if review is None:
        raise Http404("Verifica non ancora inserita.")
    return review_out(review)


@router.put(PATH, response=ReviewOut, summary="Inserisce i valori della verifica")
def save_review(request, org: str, year: int, objective_id: int, kind: str, data: ReviewIn):
    plan, objective, review_kind = _objective_and_kind(request, org, year, objective_id, kind)
    if not can_enter_review(request.auth.membership, objective, scope_for(request, plan)):
        raise PermissionDenied("Può inserire i valori solo il responsabile dell'unità o il segretario.")
    entry = services.ReviewEntry(
        values=data.model_dump(include=set(Review.ENTERED)),
        measured={
            v.indicator: v.model_dump(include={"number", "flag", "done_on", "text", "note"})
            for v in data.values
        },
        phases={p.phase: p.model_dump(include={"actual_months", "completed"}) for p in data.phases},
    )
    review = services.save_review(
        objective=objective,
        kind=review_kind,
        review=selectors.current_review(objective, review_kind),
        entry=entry,
        expected_version=data.expected_version,
        user=request.auth.user,
    )
    return review_out(review)
