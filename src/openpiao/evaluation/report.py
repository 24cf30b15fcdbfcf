"""The Relazione sulla performance (art. 10 c. 1 lett. b d.lgs. 150/2009), assembled from the
reviews: one structure that the page, the DOCX and the PDF all print.

Individual names appear only for the members allowed to see them (permissions.py): for the
others the individual scores are a distribution and the bonuses totals.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from openpiao.organization_chart.scope import unit_scope

from . import charts, monitoring, selectors
from .models import EmployeeAccount
from .permissions import NAME_READERS, visible_employee_ids

# The readers' keys (`names_key`): who sees every name, who sees none.
ALL_NAMES = "nominativi:tutti"
NO_NAMES = "pubblico"


@dataclass
class Report:
    plan: object
    card: selectors.Scorecard
    persons: list[selectors.PersonResult]  # only the visible ones
    hidden_people: int
    individual_distribution: list[tuple[str, int]]
    objective_distribution: list[tuple[str, int]]
    funds: list[selectors.FundResult]
    validation: object  # ReportValidation | None
    validation_stale: bool  # a review changed after the Relazione was validated
    generated_at: object
    provisional: bool  # some objective has no final review yet
    unit_chart: charts.BarChart
    objective_chart: charts.BarChart

    @property
    def bonus_total(self) -> Decimal:
        return sum((f.fund.amount for f in self.funds), Decimal(0))

    @property
    def bonus_distributed(self) -> Decimal:
        return sum((f.distribution.distributed for f in self.funds), Decimal(0))

    @property
    def bonus_remainder(self) -> Decimal:
        return sum((f.distribution.remainder for f in self.funds), Decimal(0))


def own_employee_ids(plan, user) -> set[int]:
    if user is None:  # the public reader: no account, and never the accounts left without a user
        return set()
    return set(EmployeeAccount.objects.filter(plan=plan, user=user).values_list("employee_id", flat=True))


def names_key(plan, membership) -> str:
    """Which individual names and scores `membership` may read in the Relazione, as a key: two
    members with the same key are given the same Relazione from the same data (a print made for
    one may be served to the other), two with different keys never are. It follows
    `visible_employee_ids`: every name (Nucleo, segretario, amministratore), none, or those of
    the units it heads and its own."""
    if membership.role in NAME_READERS:
        return ALL_NAMES
    scope = unit_scope(membership, plan)
    own = own_employee_ids(plan, membership.user)
    if not scope.unit_ids and not own:
        return NO_NAMES
    rights = f"unità {sorted(scope.unit_ids)} dipendenti {sorted(own)}"
    return "nominativi:" + hashlib.sha256(rights.encode()).hexdigest()[:32]


def build_report(plan, membership, *, validation=None) -> Report:
    """The Relazione as `membership` may read it; `validation` is the one it states (the latest
    recorded when None; the one being recorded when the Relazione is frozen at validation)."""
    card = selectors.scorecard(plan)
    persons = selectors.people(plan, card)
    funds = selectors.bonus(plan, card, persons)
    scope = unit_scope(membership, plan)
    visible = visible_employee_ids(
        membership, scope, [p.employee for p in persons], own_employee_ids(plan, membership.user)
    )
    validation = validation or selectors.latest_report_validation(plan)
    last_change = max(
        (r.current.review.updated_at for r in card.objectives if r.current is not None), default=None
    )
    scores = [p.score.value for p in persons if p.score.value is not None]
    objective_distribution = monitoring.histogram([o.score for o in card.objectives if o.score is not None])
    return Report(
        plan=plan,
        card=card,
        persons=[p for p in persons if p.employee.pk in visible],
        hidden_people=sum(p.employee.pk not in visible for p in persons),
        individual_distribution=monitoring.histogram(scores),
        objective_distribution=objective_distribution,
        funds=funds,
        validation=validation,
        validation_stale=bool(validation and last_change and last_change > validation.validated_at),
        generated_at=timezone.now(),
        provisional=not card.is_final,
        unit_chart=charts.bar_chart([(u.unit.name, u.score.value, "") for u in card.units], maximum=100),
        objective_chart=charts.counts_chart(objective_distribution),
    )
