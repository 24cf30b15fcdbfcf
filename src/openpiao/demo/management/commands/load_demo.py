from django.core.management.base import BaseCommand
from django.db.models import Sum

from openpiao.demo.loader import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Carica (o ricarica) i dati dimostrativi dei comuni di Casorate Primo, Albizzate e Valdoria."

    def handle(self, *args, **options):
        for plan in load_demo():
            # A row counted by category («2 × Operaio») is that many people.
            people = plan.employees.aggregate(people=Sum("headcount"))["people"] or 0
            self.stdout.write(
                f"{plan.organization.name}: {plan.display_title}, "
                f"{plan.objectives.count()} obiettivi, {people} dipendenti"
                + (
                    f"; adottato, pubblico su /pubblico/{plan.organization.slug}/{plan.first_year}/."
                    if not plan.is_editable
                    else "."
                )
            )
        self.stdout.write("\nAccessi dimostrativi (password per tutti: " + DEMO_PASSWORD + "):")
        for username, description in demo_logins():
            self.stdout.write(f"  {username:<22} {description}")
