"""What the plan commands (export_plan, print_plan) share: the ente and year they are given."""

from django.core.management.base import CommandError

from openpiao.plans.models import Plan


def add_plan_arguments(parser) -> None:
    parser.add_argument(
        "organization", metavar="ente", help="identificativo dell'ente (slug), es. casorate-primo"
    )
    parser.add_argument("anno", type=int, help="primo anno del triennio, es. 2024")


def find_plan(organization: str, anno: int) -> Plan:
    """The plan of the ente for the triennium starting in `anno`, or a CommandError in Italian."""
    plan = (
        Plan.objects.select_related("organization")
        .filter(organization__slug=organization, first_year=anno)
        .first()
    )
    if plan is None:
        raise CommandError(f"Nessun piano {anno} per l'ente «{organization}».")
    return plan
