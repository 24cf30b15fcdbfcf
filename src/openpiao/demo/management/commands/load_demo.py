from django.core.management.base import BaseCommand

from openpiao.demo.loader import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Carica (o ricarica) i dati dimostrativi dei comuni di Casorate Primo e Albizzate."

    def handle(self, *args, **options):
        for plan in load_demo():
            self.stdout.write(
                f"{plan.organization.name}: {plan.display_title}, "
                f"{plan.objectives.count()} obiettivi, {plan.employees.count()} dipendenti."
            )
        self.stdout.write("\nAccessi dimostrativi (password per tutti: " + DEMO_PASSWORD + "):")
        for username, description in demo_logins():
            self.stdout.write(f"  {username:<22} {description}")
